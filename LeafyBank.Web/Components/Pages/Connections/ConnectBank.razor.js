// Choosing a bank (or going back to the list) swaps the page's content in place, and the browser keeps
// the scroll position: chosen low in the list on a phone, the review opened part-way down with the
// page's heading under the app bar. Each step starts at the top, as a new page would.
export function showStepStart(element) {
    window.scrollTo({ top: 0, left: 0, behavior: "instant" });
    // Without scrolling again: the step's first line is already in sight, and a screen reader reads on from there.
    element?.focus({ preventScroll: true });
}
