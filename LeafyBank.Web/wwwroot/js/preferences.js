// The customer's display preferences the server must know before it renders a page (light or
// dark, time zone) are kept in cookies: the prerendered page reads them, so it neither flashes
// the wrong colours nor shows times in UTC first. A module file, not an inline script (the CSP
// allows scripts from this origin only).

const oneYearInSeconds = 60 * 60 * 24 * 365;

export function remember(name, value) {
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${oneYearInSeconds}; samesite=lax${secure}`;
}

// The browser's IANA time zone ("Europe/Berlin"), or null when it does not say.
export function browserTimeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch {
        return null;
    }
}
