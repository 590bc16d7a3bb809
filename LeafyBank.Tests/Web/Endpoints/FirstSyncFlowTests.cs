namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// The first sync over real HTTP: the bank's redirect to <c>/connections/callback</c> starts it once,
/// in the background; <c>/connections/result</c> shows what it stored and, however often it is
/// loaded, never reads the bank again.
/// </summary>
public sealed class FirstSyncFlowTests : IAsyncDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory factory = new();
    private readonly Uri baseAddress;

    public FirstSyncFlowTests() => baseAddress = factory.Start();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private IDocumentStore Store => factory.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task The_callback_runs_the_first_sync_once_and_reloading_the_result_page_never_reads_the_bank_again()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");
        var frida = await factory.CustomerAsync("fridaklo");
        var (start, result) = await factory.LinkBankAsync(browser, frida);
        Assert.Equal("connected", QueryHelpers.ParseQuery(result.Query)["outcome"]);

        var firstSync = await factory.FirstSyncAsync(frida.UserId, "greenbank", start.ConsentId);
        Assert.True(firstSync.Outcome == AuditOutcomes.Succeeded, firstSync.Message);
        var transactions = await Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.Equal(firstSync.Transactions, transactions.Count);
        Assert.True(firstSync.Accounts > 0 && firstSync.Transactions > 0, $"{firstSync.Accounts} accounts, {firstSync.Transactions} transactions");
        var stateAfterFirstSync = await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);

        // A reload, Back, or the same link from another site: three GETs of the result page.
        for (var visit = 0; visit < 3; visit++)
        {
            var page = await browser.App.GetStringAsync(result.PathAndQuery, Cancel);
            Assert.Contains("Green Bank is connected", page, StringComparison.Ordinal);
            // The counts as the first sync stored them: "2 accounts, 1 loan or mortgage and 184 transactions from Green Bank".
            Assert.Contains($" and {firstSync.Transactions} transactions from Green Bank", page, StringComparison.Ordinal);
        }

        var pulls = await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.DataPulled, Cancel);
        Assert.Equal(start.ConsentId, Assert.Single(pulls).ConsentId);
        Assert.Equal(transactions.Count, (await Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel)).Count);
        var state = await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.Equal(stateAfterFirstSync!.LastAttemptAt, state!.LastAttemptAt);
    }
}
