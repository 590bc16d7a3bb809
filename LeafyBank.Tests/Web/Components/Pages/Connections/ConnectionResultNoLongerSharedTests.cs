using System.Text.RegularExpressions;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// After a renewal or a reconnect whose consent left accounts out (the customer unticked them at the bank), the result page
/// names each one the bank no longer shares, once the consent's first update has read the bank's list, instead of saying
/// "Everything already linked was kept"; a renewal's heading says it too, instead of a bare "is renewed".
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
    public async Task A_renewal_that_left_an_account_out_says_so_in_its_heading()
    {
        await GrantedWithFirstSyncDoneAsync(untickedSavings: true);

        var cut = RenderResult("renewed");

        cut.WaitForElement("[data-testid=sync-counts]", TimeSpan.FromSeconds(10));
        Assert.Equal("Your consent at Green Bank is renewed, without Green Bank Savings •••• 5807", Text(cut, "result-title"));
    }

    [Theory]
    [InlineData(new[] { "Instant Saver •••• 9907", "Home Loan •••• 4484" }, "Your consent at Thames Bank is renewed, without Instant Saver •••• 9907 and Home Loan •••• 4484")]
    [InlineData(new[] { "A •••• 0001", "B •••• 0002", "C •••• 0003" }, "Your consent at Thames Bank is renewed, without 3 of the accounts and loans shared before")]
    [InlineData(new string[0], "Your consent at Thames Bank is renewed")]
    public void A_renewal_heading_names_two_left_out_and_counts_more(string[] labels, string heading) =>
        Assert.Equal(heading, BankWords.RenewedTitle("Thames Bank", null, labels));

    [Fact]
    public void A_change_of_the_data_shared_is_headed_as_a_change_whatever_it_left_out()
    {
        var change = new ConsentChange(["accounts", "balances"], Now.AddDays(20), ["accounts", "balances", "transactions"], Now.AddDays(90));

        Assert.Equal("You changed what you share with Thames Bank", BankWords.RenewedTitle("Thames Bank", change, ["Instant Saver •••• 9907"]));
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
        Assert.Equal("Your consent at Green Bank is renewed", Text(cut, "result-title"));
    }
}
