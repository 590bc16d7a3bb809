// On a phone the navigation drawer covers the page like a dialog, so it behaves like one for the keyboard: Escape
// closes it, and Tab goes round the menu and the app bar instead of into the page hidden beneath the overlay.
// MudBlazor closes the drawer when its overlay is clicked (and updates the layout's binding), so Escape clicks that
// overlay rather than keeping a second copy of the drawer's state here. On a wide screen the drawer sits beside the
// page with no overlay showing, and the keys are left alone (Escape may be closing a list or a dialog instead).

function openOverlay() {
    const overlay = document.querySelector(".mud-drawer-overlay.mud-drawer-overlay--open");
    return overlay && getComputedStyle(overlay).display !== "none" ? overlay : null;
}

const menuButton = () => document.querySelector("[data-testid=menu-toggle]");

function lastInDrawer() {
    const focusable = document.querySelectorAll(".mud-drawer a[href], .mud-drawer button:not([disabled])");
    return [...focusable].filter(element => element.offsetParent !== null).at(-1);
}

document.addEventListener("keydown", event => {
    if (event.defaultPrevented || (event.key !== "Escape" && event.key !== "Tab")) {
        return;
    }
    const overlay = openOverlay();
    if (!overlay) {
        return;
    }
    if (event.key === "Escape") {
        overlay.click();
        // Back to the button that opened it, so the keyboard does not land at the top of the page.
        menuButton()?.focus();
        return;
    }
    // The app bar comes just before the drawer in the page, so only the two ends need joining.
    const last = lastInDrawer();
    const button = menuButton();
    if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        button?.focus();
    } else if (event.shiftKey && document.activeElement === button && last) {
        event.preventDefault();
        last.focus();
    }
});
