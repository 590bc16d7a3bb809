using System.Text.RegularExpressions;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// After a renewal or a reconnect whose consent left accounts out (the customer unticked them at the bank), the result page
/// names each one the bank no longer shares, once the consent's first update has read the bank's list, instead of saying
/// "Everything already linked was kept".
/// </summary>
public sealed class ConnectionResultNoLongerSharedTests : PersonasTestContext
{
    private const string ConsentAfter = "consent-after";

    private IRenderedComponent<ConnectionResultPage> RenderResult(string outcome)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/connections/result?bank=greenbank&outcome={outcome}");
        return Render<ConnectionResultPage>();
    }

    /// <summary>Frida's Green Bank consent replaced (or, for a reconnect, followed) today, its first update done a minute ago.</summary>
    private async Task GrantedWithFirstSyncDoneAsync(bool untickedSavings, bool reconnect = false)
    {
        string[] everything = ["accounts", "balances", "transactions", "products"];
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, "greenbank", "consent-before", Now.AddDays(-60), Now.AddDays(20),
            ConsentStatuses.TerminatedByTpp, everything, statusChangedAt: reconnect ? Now.AddMinutes(-20) : Now), Cancel);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, "greenbank", ConsentAfter, Now, Now.Date.AddDays(90), permissions: everything), Cancel);
        await AddAsync(Account(Frida, "Green Bank", "204515800", AccountTypes.Checking, 300m, "USD", name: "Green Current", identification: "204515800"));
        var savings = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 16_078.89m, "USD", name: "Green Bank Savings", identification: "204515807");
        savings.NoLongerSharedSince = untickedSavings ? Now.AddMinutes(-1) : null;
        await AddAsync(savings);
        await Store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = Frida,
            Bank = "greenbank",
            BankName = "Green Bank",
            ConsentId = ConsentAfter,
            LastSuccessAt = Now.AddMinutes(-1),
            FirstSync = new FirstSyncRecord
            {
                ConsentId = ConsentAfter,
                RequestedAt = Now.AddMinutes(-2),
                StartedAt = Now.AddMinutes(-2),
                FinishedAt = Now.AddMinutes(-1),
                Outcome = AuditOutcomes.Succeeded,
                Message = "Updated Green Bank: 1 account.",
                Accounts = 1,
                Transactions = 178,
            },
        }, Cancel);
    }

    private static string Text(IRenderedComponent<ConnectionResultPage> cut, string testId) =>
        Regex.Replace(cut.Find($"[data-testid={testId}]").TextContent, @"\s+", " ").Trim();

    [Fact]
    public async Task A_renewal_that_left_an_account_out_names_it_instead_of_saying_everything_was_kept()
    {
        await GrantedWithFirstSyncDoneAsync(untickedSavings: true);

        var cut = RenderResult("renewed");

        cut.WaitForElement("[data-testid=sync-counts]", TimeSpan.FromSeconds(10));
        Assert.Equal("Green Bank no longer shares Green Bank Savings •••• 5807: Leafy Bank keeps what it last read, no longer updated.",
            Text(cut, "no-longer-shared"));
        Assert.DoesNotContain("Everything already linked was kept", Text(cut, "result-renewed"), StringComparison.Ordinal);
        Assert.EndsWith("The previous consent has been replaced.", Text(cut, "result-renewed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_again_without_an_account_names_it_too()
    {
        await GrantedWithFirstSyncDoneAsync(untickedSavings: true, reconnect: true);

        var cut = RenderResult("connected");

        cut.WaitForElement("[data-testid=sync-counts]", TimeSpan.FromSeconds(10));
        Assert.Equal("Green Bank no longer shares Green Bank Savings •••• 5807: Leafy Bank keeps what it last read, no longer updated.",
            Text(cut, "no-longer-shared"));
    }

    [Fact]
    public async Task A_renewal_that_kept_every_account_still_says_everything_was_kept()
    {
        await GrantedWithFirstSyncDoneAsync(untickedSavings: false);

        var cut = RenderResult("renewed");

        cut.WaitForElement("[data-testid=sync-counts]", TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=no-longer-shared]"));
        Assert.Contains("Everything already linked was kept", Text(cut, "result-renewed"), StringComparison.Ordinal);
    }
}
