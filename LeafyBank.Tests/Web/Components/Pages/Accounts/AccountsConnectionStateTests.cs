namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// The Accounts page words a linked bank's freshness from the connection's one lifecycle: a consent
/// revoked at the bank says so, with Reconnect, never "update failed".
/// </summary>
public sealed class AccountsConnectionStateTests : PersonasTestContext
{
    private async Task GreenBankAsync(string consentStatus, string? lastError)
    {
        await AddAsync(Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 300m, "USD"));
        await GreenBankConsentAsync(consentStatus, Now.AddDays(-30), Now.AddDays(150), statusChangedAt: Now.AddMinutes(-2));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddHours(-2), lastAttemptAt: Now.AddMinutes(-2), lastError);
    }

    private static string GreenBankFreshness(IRenderedComponent<LeafyBank.Web.Components.Pages.Accounts.Accounts> cut) =>
        cut.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=institution-freshness]").TextContent.Trim();

    [Fact]
    public async Task A_bank_whose_consent_was_revoked_there_says_so_and_offers_to_reconnect()
    {
        await GreenBankAsync(ConsentStatuses.RevokedByPsu, "Green Bank no longer accepts Leafy Bank's access.");

        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.StartsWith("Revoked at the bank · no longer updated · figures as of ", GreenBankFreshness(cut), StringComparison.Ordinal);
        Assert.DoesNotContain("failed", GreenBankFreshness(cut), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("connections/new?bank=greenbank", cut.Find("[data-testid=institution-reconnect]").GetAttribute("href"));
        // Its rows do not say "Updated 2 hours ago" as a live bank's do: nothing more will come.
        Assert.Equal("No longer updated", cut.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=account-freshness]").TextContent.Trim());
    }

    [Fact]
    public async Task A_disconnected_banks_rows_say_they_are_no_longer_updated()
    {
        await GreenBankAsync(ConsentStatuses.TerminatedByTpp, lastError: null);

        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal("No longer updated", cut.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=account-freshness]").TextContent.Trim());
    }

    [Fact]
    public async Task A_live_bank_that_erred_still_says_the_update_failed()
    {
        await GreenBankAsync(ConsentStatuses.Valid, "Green Bank had a problem (503).");

        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal("Update failed 2 minutes ago. The figures are from the last good update.", GreenBankFreshness(cut));
        Assert.Empty(cut.FindAll("[data-testid=institution-reconnect]"));
        Assert.Equal("Updated 2 hours ago", cut.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=account-freshness]").TextContent.Trim());
    }
}
