// On a phone the navigation drawer covers the page like a dialog, so Escape closes it as it closes a dialog.
// MudBlazor closes the drawer when its overlay is clicked (and updates the layout's binding), so Escape clicks that
// overlay rather than keeping a second copy of the drawer's state here. On a wide screen the drawer sits beside the
// page with no overlay showing, and Escape leaves it alone (it may be closing a menu or a dialog instead).
document.addEventListener("keydown", event => {
    if (event.key !== "Escape" || event.defaultPrevented) {
        return;
    }
    const overlay = document.querySelector(".mud-drawer-overlay.mud-drawer-overlay--open");
    if (!overlay || getComputedStyle(overlay).display === "none") {
        return;
    }
    overlay.click();
    // Back to the button that opened it, so the keyboard does not land at the top of the page.
    document.querySelector("[data-testid=menu-toggle]")?.focus();
});
