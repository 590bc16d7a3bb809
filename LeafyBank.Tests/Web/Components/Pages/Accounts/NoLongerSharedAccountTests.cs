using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// An account or loan the customer unticked at a bank that is still connected (the sync marked it no longer shared) reads
/// as a disconnected bank's kept data does, on the Accounts list and on its own page: no longer shared since when, no
/// longer updated, and when it was last read, never "Updated just now" from the bank's latest update of its other accounts.
/// </summary>
public sealed class NoLongerSharedAccountTests : PersonasTestContext
{
    private DateTime LastRead => Now.AddDays(-3);

    private async Task<(ExternalAccount Saver, ExternalProduct Loan)> GreenBankWithTheSaverAndLoanUntickedAsync(DateTime? loanLastRead = null)
    {
        await AddAsync(Account(Frida, "Green Bank", "204515800", AccountTypes.Checking, 300m, "USD", name: "Green Current"));
        var saver = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 16_078.89m, "USD", name: "Green Bank Savings");
        saver.Source!.RetrievedAt = LastRead;
        saver.NoLongerSharedSince = LastRead.AddHours(1);
        await AddAsync(saver);
        var loan = Loan(Frida, "Green Bank", "GB-LOAN-1", ProductTypes.Loan, 4_000m, "USD", 6.5m, 48, new DateOnly(2025, 1, 10), name: "Green Car Loan");
        loan.Source!.RetrievedAt = loanLastRead ?? LastRead;
        loan.NoLongerSharedSince = (loanLastRead ?? LastRead).AddHours(1);
        await AddAsync(loan);
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-3), Now.AddDays(150), statusChangedAt: Now.AddDays(-3));
        // The bank was read a minute ago: its other accounts are current, the unticked ones are not.
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-1), lastAttemptAt: Now.AddMinutes(-1), lastError: null);
        return (saver, loan);
    }

    private static string RowFreshness(IRenderedComponent<LeafyBank.Web.Components.Pages.Accounts.Accounts> cut, string id) =>
        cut.Find($"[data-testid=account-row][data-id='{id}'] [data-testid=account-freshness]").TextContent.Trim();

    [Fact]
    public async Task The_accounts_list_says_an_unticked_account_and_loan_are_no_longer_shared_with_when_they_were_last_read()
    {
        await GreenBankWithTheSaverAndLoanUntickedAsync();

        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal($"No longer shared · last read {DayFormat.Of(LastRead)}", RowFreshness(cut, "204515807"));
        Assert.Equal($"No longer shared · last read {DayFormat.Of(LastRead)}", RowFreshness(cut, "GB-LOAN-1"));
        // The account the bank still shares reads as current.
        Assert.Equal("Updated 1 minute ago", RowFreshness(cut, "204515800"));
    }

    [Fact]
    public async Task An_unticked_accounts_page_says_since_when_it_is_not_shared_and_when_it_was_last_read()
    {
        var (saver, _) = await GreenBankWithTheSaverAndLoanUntickedAsync();

        var cut = OpenAccountPage(saver.Id);

        cut.WaitForElement("[data-testid=account-balance]");
        var freshness = cut.Find("[data-testid=account-freshness]");
        Assert.Equal($"No longer shared by Green Bank since {DayFormat.Of(LastRead.AddHours(1))} · no longer updated · figures as of {DayFormat.Of(LastRead)}",
            freshness.TextContent.Trim());
        Assert.Equal(nameof(LeafyBank.Web.Components.Pages.Dashboard.FreshnessStatus.NoLongerShared), freshness.GetAttribute("data-status"));
        // Its figures are kept as last read.
        Assert.Contains("16,078.89", cut.Find("[data-testid=account-balance]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unticked_loans_page_says_it_is_no_longer_shared()
    {
        var (_, loan) = await GreenBankWithTheSaverAndLoanUntickedAsync();

        var cut = OpenAccountPage(loan.Id);

        cut.WaitForElement("[data-testid=account-balance]");
        Assert.StartsWith("No longer shared by Green Bank since ", cut.Find("[data-testid=account-freshness]").TextContent.Trim(), StringComparison.Ordinal);
        // Its payment is worked out from the figures as last read: dated, so it never reads as today's.
        Assert.EndsWith($"(estimated as of {DayFormat.Of(LastRead)})", cut.Find("[data-testid=fact-payment]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unticked_loan_read_today_dates_its_payment_in_the_dashboards_words()
    {
        // Read this morning (at 07:00, or at midnight on a run before 07:00) and unticked since.
        var readToday = Now.Date.AddHours(Math.Min(7, Now.Hour));
        var (_, loan) = await GreenBankWithTheSaverAndLoanUntickedAsync(loanLastRead: readToday);

        var cut = OpenAccountPage(loan.Id);

        cut.WaitForElement("[data-testid=account-balance]");
        // The dashboard's loan list says "As of today at 07:00 UTC:" before the same payment; the page says it with the payment.
        Assert.Equal($"As of today at {readToday:HH:mm} UTC", LeafyBank.Web.Components.Pages.Dashboard.LoansTable.AsOf(readToday, Now, TimeZoneInfo.Utc));
        Assert.EndsWith($"(estimated as of today at {readToday:HH:mm} UTC)", cut.Find("[data-testid=fact-payment]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
