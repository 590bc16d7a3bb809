using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// An account's page says how current its balance is, as the Accounts page heads the account's bank:
/// a linked bank's last update, and a bank Leafy Bank no longer reads as such (Leafy Bank's own is live:
/// <see cref="LeafyBankAccountPageTests"/>).
/// </summary>
public sealed class AccountPageFreshnessTests : PersonasTestContext
{
    private static string Freshness(IRenderedComponent<AccountPage> cut) => cut.Find("[data-testid=account-freshness]").TextContent.Trim();

    private async Task<ObjectId> GreenBankSavingsAsync(string consentStatus, string? lastError = null)
    {
        var account = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 300m, "USD");
        await AddAsync(account);
        await GreenBankConsentAsync(consentStatus, Now.AddDays(-30), Now.AddDays(150), statusChangedAt: Now.AddMinutes(-2));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddHours(-2), lastAttemptAt: Now.AddMinutes(-2), lastError);
        return account.Id;
    }

    [Fact]
    public async Task A_linked_banks_account_says_when_the_bank_was_last_updated()
    {
        var cut = OpenAccountPage(await GreenBankSavingsAsync(ConsentStatuses.Valid));

        cut.WaitForElement("[data-testid=account-balance]");
        Assert.StartsWith("Last updated 2 hours ago (", Freshness(cut), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=institution-reconnect]"));
    }

    [Fact]
    public async Task An_account_whose_consent_was_revoked_at_the_bank_says_it_is_no_longer_updated_and_offers_to_reconnect()
    {
        var cut = OpenAccountPage(await GreenBankSavingsAsync(ConsentStatuses.RevokedByPsu, "Green Bank no longer accepts Leafy Bank's access."));

        cut.WaitForElement("[data-testid=account-balance]");
        Assert.StartsWith("Revoked at the bank · no longer updated · figures as of ", Freshness(cut), StringComparison.Ordinal);
        Assert.Equal("connections/new?bank=greenbank", cut.Find("[data-testid=institution-reconnect]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_loan_at_a_disconnected_bank_says_it_is_no_longer_updated()
    {
        var loan = Loan(Frida, "Green Bank", "GB-LOAN-1", ProductTypes.Loan, 4_000m, "USD", 6.5m, 48, new DateOnly(2025, 1, 10));
        await AddAsync(loan);
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(150), statusChangedAt: Now.AddMinutes(-2));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddHours(-2), lastAttemptAt: Now.AddHours(-2), lastError: null);

        var cut = OpenAccountPage(loan.Id);

        cut.WaitForElement("[data-testid=account-balance]");
        Assert.StartsWith("Disconnected, read-only · no longer updated · figures as of ", Freshness(cut), StringComparison.Ordinal);
    }
}
