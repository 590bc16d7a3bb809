namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// A loan's row on the dashboard as an account's is shown: its number masked to the last four, linked to its own page
/// (<c>/accounts/{reference}</c>, the stored id, never the bank's), and, once the customer unticked it at the bank, kept at
/// its figures as last read but muted, marked "no longer shared since …" and dated, so it never reads as a live loan.
/// </summary>
public sealed class LoanRowTests : MudTestContext
{
    private static readonly DateTime Now = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ReadAt = new(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc);
    private static readonly DateTime UntickedAt = new(2026, 12, 1, 9, 15, 0, DateTimeKind.Utc);
    private static readonly ObjectId Reference = ObjectId.Parse("6750a1b2c3d4e5f601234567");

    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private static LoanPosition Loan(string id, DateTime? noLongerSharedSince = null, string maskedNumber = "•••• 4484", string? reference = null) =>
        new(id, "Thames Bank", ProductTypes.Loan, "USD", 2_500m, 2_500m, 6.9m, 36, new DateOnly(2025, 6, 1), 120.45m, new DateOnly(2028, 6, 1), 0.5m, null, null, [])
        {
            ProductName = "Personal Loan",
            MaskedNumber = maskedNumber,
            Reference = reference ?? Reference.ToString(),
            NoLongerSharedSince = noLongerSharedSince,
            LastReadAt = noLongerSharedSince is null ? Now.AddMinutes(-5) : ReadAt,
        };

    private IRenderedComponent<LoansTable> RenderLoans(params LoanPosition[] loans) =>
        Render<LoansTable>(p => p.Add(t => t.Position, Positions.LeafyOnly() with { Loans = loans }).Add(t => t.Now, Now));

    [Fact]
    public void A_loan_shows_its_number_masked_as_accounts_do()
    {
        var cut = RenderLoans(Loan("T-1"));

        Assert.Equal("•••• 4484", cut.Find("[data-testid=loan-T-1] [data-testid=loan-number]").TextContent.Trim().Replace('\u00A0', ' '));
        Assert.Equal("Personal Loan •••• 4484 at Thames Bank", Text(cut.Find("[data-testid=loan-T-1] .debt-name")).Replace('\u00A0', ' '));
    }

    [Fact]
    public void A_loan_with_no_number_shows_none_rather_than_an_empty_mask()
    {
        var cut = RenderLoans(Loan("T-1", maskedNumber: ""));

        Assert.Empty(cut.FindAll("[data-testid=loan-number]"));
        Assert.Equal("Personal Loan at Thames Bank", Text(cut.Find("[data-testid=loan-T-1] .debt-name")));
    }

    [Fact]
    public void Each_loan_links_to_its_own_page_by_its_stored_id_as_account_rows_do()
    {
        var cut = RenderLoans(Loan("T-1"), Loan("T-2", reference: "6750a1b2c3d4e5f601234568"));

        var link = cut.Find("[data-testid=loan-T-1] a[data-testid=loan-link]");
        Assert.Equal($"accounts/{Reference}", link.GetAttribute("href"));
        // The link's words name the loan: its name and masked number.
        Assert.Equal("Personal Loan •••• 4484", Text(link).Replace('\u00A0', ' '));
        Assert.Equal("accounts/6750a1b2c3d4e5f601234568", cut.Find("[data-testid=loan-T-2] a[data-testid=loan-link]").GetAttribute("href"));
        // Never the bank's id for the loan in the address.
        Assert.DoesNotContain("T-1", link.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loan_without_a_page_of_its_own_is_named_as_a_linked_one_is_only_without_the_link()
    {
        var cut = RenderLoans(Loan("T-1"), Loan("T-2") with { Reference = null });

        var linked = cut.Find("[data-testid=loan-T-1] a[data-testid=loan-link]");
        var unlinked = cut.Find("[data-testid=loan-T-2] .debt-name");
        Assert.Empty(unlinked.QuerySelectorAll("a"));
        // The same name and masked number, in the same markup: the link only wraps it.
        Assert.StartsWith(linked.InnerHtml.Trim(), unlinked.InnerHtml.Trim(), StringComparison.Ordinal);
        Assert.Equal("Personal Loan •••• 4484 at Thames Bank", Text(unlinked).Replace('\u00A0', ' '));
    }

    [Fact]
    public void A_loan_the_bank_no_longer_shares_is_marked_since_when_and_dates_its_figures_as_last_read()
    {
        var cut = RenderLoans(Loan("T-1", UntickedAt), Loan("T-2"));

        var stale = cut.Find("[data-testid=loan-T-1]");
        Assert.Equal("false", stale.GetAttribute("data-shared"));
        Assert.Contains("debt-unshared", stale.ClassList);
        Assert.Equal($"No longer shared since {DayFormat.Of(UntickedAt)} · no longer updated", Text(stale.QuerySelector("[data-testid=loan-no-longer-shared]")!));
        Assert.Equal("as last read", Text(stale.QuerySelector("[data-testid=loan-outstanding-as-of]")!));
        // Every figure on its line is dated: the rate, the payment and the payoff are what was known on the day it was last read.
        var facts = Text(stale.QuerySelector(".debt-facts")!);
        Assert.StartsWith($"As of {DayFormat.Of(ReadAt)}: Rate 6.9 % a year", facts, StringComparison.Ordinal);
        // The figures stay: the totals count it as last read.
        Assert.StartsWith("2,500.00 USD", Text(stale.QuerySelector("[data-testid=loan-outstanding]")!), StringComparison.Ordinal);
        Assert.Contains("Paid off by", facts, StringComparison.Ordinal);
        // Still its page to open.
        Assert.NotNull(stale.QuerySelector("a[data-testid=loan-link]"));

        var live = cut.Find("[data-testid=loan-T-2]");
        Assert.Equal("true", live.GetAttribute("data-shared"));
        Assert.Null(live.QuerySelector("[data-testid=loan-no-longer-shared]"));
        Assert.Null(live.QuerySelector("[data-testid=loan-as-of]"));
        Assert.Null(live.QuerySelector("[data-testid=loan-outstanding-as-of]"));
    }

    [Fact]
    public void A_loan_last_read_today_is_dated_by_the_time_it_was_read()
    {
        var readThisMorning = Now.AddHours(-2);
        var cut = RenderLoans(Loan("T-1", UntickedAt) with { LastReadAt = readThisMorning });

        Assert.Equal("As of today at 08:00 UTC:", Text(cut.Find("[data-testid=loan-as-of]")));
    }
}
