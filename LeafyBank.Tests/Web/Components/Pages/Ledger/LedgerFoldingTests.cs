using MudBlazor;
using LedgerPage = LeafyBank.Web.Components.Pages.Ledger.Ledger;

namespace LeafyBank.Tests.Web.Components.Pages.Ledger;

/// <summary>
/// The Ledger page reads as an activity list: what the customer did or should know about one by one, and the routine upkeep Leafy
/// Bank does on its own (access key refreshes, successful data reads) folded into one line per bank with its exact counts and dates,
/// which opens to show each entry; the page says how many entries there are and how many are folded, and shows them all on request.
/// </summary>
public sealed class LedgerFoldingTests : PersonasTestContext
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<LedgerPage>(1);
            builder.CloseComponent();
        });
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ledger-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private Task EntryAsync(BankDirectoryEntry? bank, string kind, DateTime at, string detail, string outcome = AuditOutcomes.Succeeded) =>
        Store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            EventUser = Frida,
            Kind = kind,
            Bank = bank?.Id,
            ConsentId = bank is null ? null : $"consent-{bank.Id}",
            At = at,
            Outcome = outcome,
            Detail = detail,
        }, Cancel);

    private Task RefreshedAsync(BankDirectoryEntry bank, DateTime at) => EntryAsync(bank, AuditKinds.AccessRefreshed, at,
        $"Routine: Leafy Bank swapped its short-lived access key at {bank.Name} for a new one. Your consent and its end date did not change.");

    private Task ReadAsync(BankDirectoryEntry bank, DateTime at, string outcome = AuditOutcomes.Succeeded) => EntryAsync(bank, AuditKinds.DataPulled, at,
        outcome == AuditOutcomes.Succeeded ? $"Read 2 accounts from {bank.Name}." : $"{bank.Name} did not answer in time.", outcome);

    private static List<string> Texts(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string selector) =>
        [.. cut.FindAll(selector).Select(element => element.TextContent.Trim())];

    /// <summary>The rows of the table, top to bottom (a row's kind cell and its wide bank cell).</summary>
    private static List<string> Lines(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=ledger] tbody tr").Select(row =>
            $"{row.QuerySelector("[data-testid=ledger-kind]")!.TextContent.Trim()} | {row.QuerySelector("[data-testid=ledger-bank]")!.TextContent.Trim()}")];

    /// <summary>"22 Nov – 29 Nov 2026": the days of a folded line's first and last entries (the first without a year both share).</summary>
    private static string Span(DateTime first, DateTime last) =>
        Day(first)[^4..] == Day(last)[^4..] ? $"{Day(first)[..^5]} – {Day(last)}" : $"{Day(first)} – {Day(last)}";

    [Fact]
    public async Task Two_banks_a_week_of_routine_upkeep_reads_as_one_line_per_bank_with_exact_counts_and_dates_and_each_entry_one_click_away()
    {
        var thamesGranted = Now.AddDays(-9);
        var greenGranted = Now.AddDays(-8).AddHours(-1);
        await EntryAsync(ThamesBank, AuditKinds.ConsentGranted, thamesGranted, "Thames Bank granted your accounts, balances and transactions until 9 Mar 2027.");
        await EntryAsync(GreenBank, AuditKinds.ConsentGranted, greenGranted, "Green Bank granted your accounts, balances and transactions until 10 Mar 2027.");
        var thamesFirst = Now.AddDays(-8);
        for (var i = 0; i < 12; i++)
        {
            await RefreshedAsync(ThamesBank, thamesFirst.AddHours(16 * i));
        }
        for (var i = 0; i < 4; i++)
        {
            await ReadAsync(ThamesBank, thamesFirst.AddDays(2 * i).AddHours(1));
        }
        for (var i = 0; i < 3; i++)
        {
            await RefreshedAsync(GreenBank, Now.AddDays(-7 + (2 * i)));
        }

        var cut = RenderPage();

        // 21 entries in four lines: each bank's upkeep, counted by kind, then the two grants the customer gave.
        Assert.Equal(["Routine: 4 data reads and 12 access key refreshes | Thames Bank", "Routine: 3 access key refreshes | Green Bank",
            "Consent granted | Green Bank", "Consent granted | Thames Bank"], Lines(cut));
        Assert.Equal("21 entries: 2 shown one by one, 19 routine ones folded into 2 lines.", cut.Find("[data-testid=ledger-totals-text]").TextContent.Trim());
        Assert.Equal([Span(thamesFirst, thamesFirst.AddHours(16 * 11)), Span(Now.AddDays(-7), Now.AddDays(-3))],
            Texts(cut, "[data-testid=ledger-routine-span]"));
        Assert.All(cut.FindAll("[data-testid=ledger-routine] [data-testid=ledger-outcome]"), chip => Assert.Equal("Succeeded", chip.TextContent.Trim()));
        Assert.Contains("nothing here needs you", cut.Find("[data-testid=ledger-routine]").ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=ledger-routine-entry]"));

        // Opening Thames Bank's line shows each of its 16 entries, newest first, under it; the other line stays folded.
        var toggle = cut.FindAll("[data-testid=ledger-fold-toggle]")[0];
        Assert.Equal("Show all 16", toggle.TextContent.Trim());
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        toggle.Click();

        var shown = cut.FindAll("[data-testid=ledger-routine-entry]");
        Assert.Equal(16, shown.Count);
        Assert.Equal(12, shown.Count(row => row.QuerySelector("[data-testid=ledger-kind]")!.TextContent.Trim() == "Access key refreshed"));
        Assert.Equal(4, shown.Count(row => row.QuerySelector("[data-testid=ledger-kind]")!.TextContent.Trim() == "Data read from the bank"));
        Assert.All(shown, row => Assert.Equal("Thames Bank", row.QuerySelector("[data-testid=ledger-bank]")!.TextContent.Trim()));
        Assert.Equal(Moment(thamesFirst.AddHours(16 * 11)), shown[0].QuerySelector("td")!.TextContent.Trim());
        Assert.Equal("Hide them", cut.FindAll("[data-testid=ledger-fold-toggle]")[0].TextContent.Trim());
        Assert.Equal("true", cut.FindAll("[data-testid=ledger-fold-toggle]")[0].GetAttribute("aria-expanded"));
        cut.FindAll("[data-testid=ledger-fold-toggle]")[0].Click();
        Assert.Empty(cut.FindAll("[data-testid=ledger-routine-entry]"));

        // And every entry one by one, as the download lists them.
        cut.Find("[data-testid=ledger-unfold-all]").Click();
        Assert.Equal(21, cut.FindAll("[data-testid=ledger] tbody tr").Count);
        Assert.Empty(cut.FindAll("[data-testid=ledger-fold-toggle]"));
        Assert.Equal("21 entries, each shown below, 19 of them routine.", cut.Find("[data-testid=ledger-totals-text]").TextContent.Trim());
        Assert.Equal("Fold routine entries again", cut.Find("[data-testid=ledger-unfold-all]").TextContent.Trim());
    }

    [Fact]
    public async Task A_failure_and_everything_the_customer_acts_on_stand_on_their_own_and_split_that_banks_routine_run()
    {
        await EntryAsync(ThamesBank, AuditKinds.ConsentExpired, Now.AddHours(-10), "The consent ended on 30 Nov 2026; Leafy Bank no longer reads this bank.");
        await RefreshedAsync(GreenBank, Now.AddHours(-9));
        // Deleting all linked data names no bank: it splits every bank's run.
        await EntryAsync(null, AuditKinds.DataDeleted, Now.AddHours(-8), "Deleted 2 accounts, no loans or mortgages and 30 transactions from other banks.");
        await RefreshedAsync(ThamesBank, Now.AddHours(-7));
        await RefreshedAsync(ThamesBank, Now.AddHours(-6));
        await RefreshedAsync(GreenBank, Now.AddHours(-5));
        // A failed read of Thames Bank is shown, and splits Thames Bank's run, not Green Bank's.
        await ReadAsync(ThamesBank, Now.AddHours(-4), AuditOutcomes.Failed);
        await RefreshedAsync(GreenBank, Now.AddHours(-3));
        await EntryAsync(ThamesBank, AuditKinds.AccessRefreshed, Now.AddHours(-2).AddMinutes(-30), "The bank refused to renew Leafy Bank's access.", AuditOutcomes.Failed);
        await RefreshedAsync(ThamesBank, Now.AddHours(-2));
        await RefreshedAsync(ThamesBank, Now.AddHours(-1));

        var cut = RenderPage();

        Assert.Equal([
            "Routine: 2 access key refreshes | Thames Bank",
            "Access key refreshed | Thames Bank",
            "Routine: 2 access key refreshes | Green Bank",
            "Data read from the bank | Thames Bank",
            "Routine: 2 access key refreshes | Thames Bank",
            "Bank data deleted | —",
            // A run of one is shown as itself.
            "Access key refreshed | Green Bank",
            "Consent expired | Thames Bank",
        ], Lines(cut));
        Assert.Equal(["Failed", "Failed"], [.. cut.FindAll("[data-testid=ledger] tbody tr")[1].QuerySelectorAll("[data-testid=ledger-outcome]").Select(c => c.TextContent.Trim())]);
        Assert.Equal("11 entries: 5 shown one by one, 6 routine ones folded into 3 lines.", cut.Find("[data-testid=ledger-totals-text]").TextContent.Trim());
    }

    [Fact]
    public async Task A_search_folds_what_it_finds_and_counts_the_matches_out_of_every_entry()
    {
        await EntryAsync(ThamesBank, AuditKinds.ConsentGranted, Now.AddDays(-3), "Thames Bank granted accounts until 1 Mar 2027.");
        await EntryAsync(GreenBank, AuditKinds.ConsentGranted, Now.AddDays(-3), "Green Bank granted accounts until 1 Mar 2027.");
        for (var i = 0; i < 5; i++)
        {
            await RefreshedAsync(ThamesBank, Now.AddHours(-10 + i));
            await RefreshedAsync(GreenBank, Now.AddHours(-10 + i).AddMinutes(30));
        }
        var cut = RenderPage();

        cut.Find("input[data-testid=ledger-search]").Input("Thames");

        Assert.Equal(["Routine: 5 access key refreshes | Thames Bank", "Consent granted | Thames Bank"], Lines(cut));
        Assert.Equal("6 of 12 entries match: 1 shown one by one, 5 routine ones folded into 1 line.", cut.Find("[data-testid=ledger-totals-text]").TextContent.Trim());
    }

    [Fact]
    public async Task A_line_the_customer_opened_stays_open_when_a_new_refresh_joins_it()
    {
        await EntryAsync(ThamesBank, AuditKinds.ConsentGranted, Now.AddHours(-5), "Thames Bank granted accounts until 1 Mar 2027.");
        await RefreshedAsync(ThamesBank, Now.AddHours(-4));
        await RefreshedAsync(ThamesBank, Now.AddHours(-3));
        var cut = RenderPage();
        // Within one day its times, the zone said once; over two, its days.
        var (first, last) = (Now.AddHours(-4), Now.AddHours(-3));
        Assert.Equal(Day(first) == Day(last) ? $"{Day(first)}, {first:HH:mm} – {last:HH:mm} UTC" : Span(first, last),
            cut.Find("[data-testid=ledger-routine-span]").TextContent.Trim());
        cut.Find("[data-testid=ledger-fold-toggle]").Click();
        Assert.Equal(2, cut.FindAll("[data-testid=ledger-routine-entry]").Count);

        await RefreshedAsync(ThamesBank, Now.AddMinutes(-1));
        Services.GetRequiredService<PositionChangeNotifier>().Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=ledger-routine-entry]").Count), TimeSpan.FromSeconds(5));
        Assert.Equal("Routine: 3 access key refreshes", cut.Find("[data-testid=ledger-routine] [data-testid=ledger-kind]").TextContent.Trim());
    }
}
