using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace LeafyBank.Tests.Browser;

/// <summary>One thing a customer would stumble on: where (page, width, element) and what.</summary>
public sealed record PageFinding(string Page, int Width, string Check, string Selector, string Detail)
{
    /// <summary>How allow-list entries name a finding: "page@width check selector".</summary>
    public string Key => $"{Page}@{Width} {Check} {Selector}";

    public override string ToString() => $"{Key} — {Detail}";
}

/// <summary>
/// The checks every page in the journeys gets (<see cref="CheckAsync"/>): content cut or pushed sideways
/// and accessibility (axe-core, embedded in Deque.AxeCore.Commons, so it runs offline).
/// </summary>
public static class PageFindings
{
    // The rules whose outcome depends on colour alone: all a change of theme can break.
    private static readonly string[] ColourRules = ["color-contrast", "link-in-text-block"];

    // axe-core as Deque ships it, run in the page's own frame with "violations" as the only result kind.
    // The pages have no frames; Deque.AxeCore.Playwright's RunAxe runs axe's cross-frame protocol, which
    // finishes each run in a new blank page: about 3.3 s a page here against 0.6 s this way.
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var source = typeof(AxeRunOptions).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("Deque.AxeCore.Commons no longer embeds axe.min.js where it did.");
        return new StreamReader(source).ReadToEnd();
    });

    // Serious and critical violations, one per rule and element; all rules unless a list is given.
    private const string AxeScript = """
        async rules => {
          const options = { resultTypes: ['violations'] };
          if (rules) options.runOnly = { type: 'rule', values: rules };
          const result = await axe.run(document, options);
          return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .flatMap(v => v.nodes.map(node => ({ check: 'axe:' + v.id, selector: node.target.flat().join(' ') || '(page)', detail: `${v.impact}: ${v.help}` })));
        }
        """;

    // Runs in the page. Reports, with a short selector and the start of the text:
    //  past-viewport: an element whose box reaches beyond the window and no ancestor clips it
    //    (the page scrolls sideways);
    //  cut: a container that hides what overflows it (overflow hidden/clip) while its content is wider;
    //  ellipsis: text cut short with "…" (text-overflow: ellipsis);
    //  hidden-behind-scroll: a sideways-scrolling box whose content is wider than it (the end of a
    //    table out of sight, with no visible scroll bar on a phone or a Mac);
    //  spills: text wider than its own box, drawn over its neighbours.
    // Off-screen parts of the layout (a closed drawer, screen-reader-only text) are not content.
    private const string OverflowScript = """
        () => {
          const slack = 1;
          const viewportWidth = document.documentElement.clientWidth;
          const findings = [];
          const seen = new Set();
          const skip = el => el.closest('.mud-drawer--closed, .visually-hidden, [hidden], #blazor-error-ui, #components-reconnect-modal, .mud-popover-provider, .mud-snackbar-provider');
          const name = el => {
            if (el.dataset && el.dataset.testid) return `[data-testid=${el.dataset.testid}]`;
            // Generated ids (mudtable_x1y2…) change on every render: not a name to keep.
            if (el.id && !/^mud/i.test(el.id)) return `#${el.id}`;
            const classes = [...el.classList].filter(c => !/^(mud-(ripple|elevation|typography-body|inherit|theme))/.test(c)).slice(0, 2);
            return el.tagName.toLowerCase() + classes.map(c => '.' + c).join('');
          };
          const selectorOf = el => {
            const parts = [name(el)];
            for (let up = el.parentElement; up && up !== document.body && parts.length < 3; up = up.parentElement) {
              if (up.dataset && up.dataset.testid) { parts.unshift(`[data-testid=${up.dataset.testid}]`); break; }
            }
            return parts.join(' ');
          };
          const text = el => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
          const report = (check, el, detail) => {
            const key = check + ' ' + selectorOf(el);
            if (seen.has(key)) return;
            seen.add(key);
            findings.push({ check, selector: selectorOf(el), detail: `${detail}; text "${text(el)}"` });
          };
          const clipsSideways = style => ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX);
          for (const el of document.body.querySelectorAll('*')) {
            if (skip(el)) continue;
            const style = getComputedStyle(el);
            if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed' && el.tagName === 'DIALOG') continue;
            const rect = el.getBoundingClientRect();
            if (rect.width === 0 || rect.height === 0) continue;
            const overflows = el.scrollWidth > el.clientWidth + slack;
            if ((style.overflowX === 'hidden' || style.overflowX === 'clip') && overflows && el.clientWidth > 0) {
              report(style.textOverflow === 'ellipsis' ? 'ellipsis' : 'cut', el, `content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
            } else if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && overflows && el !== document.documentElement && el !== document.body) {
              report('hidden-behind-scroll', el, `content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
            } else if (style.overflowX === 'visible' && overflows && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) {
              report('spills', el, `text ${el.scrollWidth} px wide in ${el.clientWidth} px`);
            }
            if (rect.right > viewportWidth + slack || rect.left < -slack) {
              let clipped = false;
              for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                if (clipsSideways(getComputedStyle(up))) { clipped = true; break; }
              }
              if (!clipped) report('past-viewport', el, `spans ${Math.round(rect.left)}–${Math.round(rect.right)} px in a ${viewportWidth} px window`);
            }
          }
          return findings;
        }
        """;

    /// <summary>
    /// The overflow scan's findings and axe's serious and critical violations (one finding per rule and element); with
    /// <paramref name="coloursOnly"/> (a page seen again in another theme) only those of axe's colour rules.
    /// </summary>
    public static async Task<IReadOnlyList<PageFinding>> CheckAsync(IPage page, string pageName, bool coloursOnly = false)
    {
        var width = page.ViewportSize?.Width ?? 0;
        PageFinding Finding(JsonElement found) =>
            new(pageName, width, found.GetProperty("check").GetString()!, found.GetProperty("selector").GetString()!, found.GetProperty("detail").GetString()!);
        var overflowing = coloursOnly ? [] : (await page.EvaluateAsync<JsonElement>(OverflowScript)).EnumerateArray().Select(Finding).ToList();
        if (!await page.EvaluateAsync<bool>("() => typeof axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }
        var axe = await page.EvaluateAsync<JsonElement>(AxeScript, coloursOnly ? ColourRules : null);
        return [.. overflowing, .. axe.EnumerateArray().Select(Finding)];
    }
}
