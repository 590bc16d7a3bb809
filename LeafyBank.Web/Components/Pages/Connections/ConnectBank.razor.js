// Choosing a bank (or going back to the list) swaps the page's content in place, and the browser keeps
// the scroll position: chosen low in the list on a phone, the review opened part-way down with the
// page's heading under the app bar. Each step starts at the top, as a new page would.
export function showStepStart(element) {
    window.scrollTo({ top: 0, left: 0, behavior: "instant" });
    // Without scrolling again: the step's first line is already in sight, and a screen reader reads on from there.
    element?.focus({ preventScroll: true });
}

// A step's buttons go with the step: the one just pressed would be removed while it has the focus, which would then sit on
// the page's body until the new step's first line takes it. The heading, which every step shares, holds it meanwhile.
// Focusable by script only (tabindex -1), so Tab never stops there.
export function holdFocus(headingId) {
    const heading = document.getElementById(headingId);
    if (!heading) {
        return;
    }
    if (!heading.hasAttribute("tabindex")) {
        heading.tabIndex = -1;
    }
    heading.focus({ preventScroll: true });
}
