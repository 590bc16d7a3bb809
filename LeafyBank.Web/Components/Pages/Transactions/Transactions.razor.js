// After a page change the transactions list is shown from its top (its "Showing 51–75 of …" line),
// as a bank's next statement page would be. Only when that top is above the visible part of the
// window, under the app bar: a list already in sight is left where it is.
export function showListTop(element) {
    if (!element) {
        return;
    }
    const cleared = parseFloat(getComputedStyle(element).scrollMarginTop) || 0;
    if (element.getBoundingClientRect().top < cleared) {
        element.scrollIntoView({ block: "start" });
    }
}
