namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// The consent-and-connect flow over real HTTP (no browser): a customer signed in with the app's
/// cookie, approval at a sandbox bank, and the bank's redirect back to <c>/connections/callback</c>.
/// </summary>
public sealed class ConnectFlowTests : IAsyncDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory factory = new();
    private readonly Uri baseAddress;

    public ConnectFlowTests() => baseAddress = factory.Start();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private IDocumentStore Store => factory.Service<IDocumentStore>();

    private async Task<Uri> FollowAsync(SignInDriver browser, Uri location)
    {
        using var response = await browser.App.GetAsync(location.PathAndQuery, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return new Uri(baseAddress, response.Headers.Location!);
    }

    [Fact]
    public async Task A_signed_in_customer_connects_a_bank_and_the_callback_stores_the_consent_once()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        Assert.Equal("/dashboard", await browser.SignInAsync("fridaklo"));

        var connectPage = await browser.App.GetStringAsync("/connections/new", Cancel);
        Assert.Contains("Connect a bank", connectPage, StringComparison.Ordinal);
        Assert.Contains("Green Bank", connectPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Open Banking", connectPage, StringComparison.Ordinal);

        var frida = await factory.CustomerAsync("fridaklo");
        var (start, callback) = await factory.ApproveAtBankAsync(frida);
        Assert.Equal("/connections/callback", callback.AbsolutePath);

        var result = await FollowAsync(browser, callback);
        Assert.Equal("/connections/result", result.AbsolutePath);
        var query = QueryHelpers.ParseQuery(result.Query);
        Assert.Equal("connected", query["outcome"]);
        Assert.Equal("greenbank", query["bank"]);
        // Only the bank and the outcome travel in the URL: no code, state or token.
        Assert.DoesNotContain("code", result.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("state", result.Query, StringComparison.Ordinal);

        var consents = await Store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, c => c.Bank == "greenbank", Cancel);
        var consent = Assert.Single(consents);
        Assert.Equal((start.ConsentId, ConsentStatuses.Valid), (consent.ConsentId, consent.Status));

        var resultPage = await browser.App.GetStringAsync(result.PathAndQuery, Cancel);
        Assert.Contains("Green Bank is connected", resultPage, StringComparison.Ordinal);
        Assert.DoesNotContain(QueryHelpers.ParseQuery(callback.Query)["code"].ToString(), resultPage, StringComparison.Ordinal);

        var connectionsPage = await browser.App.GetStringAsync("/connections", Cancel);
        Assert.Contains("data-testid=\"connection-greenbank\"", connectionsPage, StringComparison.Ordinal);

        // The same answer again (a reload, or someone replaying it) changes nothing.
        var replay = await FollowAsync(browser, callback);
        Assert.Equal("replayed", QueryHelpers.ParseQuery(replay.Query)["outcome"]);
        var replayPage = await browser.App.GetStringAsync(replay.PathAndQuery, Cancel);
        Assert.Contains("already used", replayPage, StringComparison.Ordinal);
        Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, c => c.Bank == "greenbank", Cancel));
    }

    [Fact]
    public async Task Declining_at_the_bank_ends_on_a_page_that_says_so_and_links_nothing()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");
        var frida = await factory.CustomerAsync("fridaklo");
        var (_, callback) = await factory.ApproveAtBankAsync(frida, "thamesbank", approve: false);

        var result = await FollowAsync(browser, callback);

        Assert.Equal("declined", QueryHelpers.ParseQuery(result.Query)["outcome"]);
        var page = await browser.App.GetStringAsync(result.PathAndQuery, Cancel);
        Assert.Contains("data-testid=\"result-declined\"", page, StringComparison.Ordinal);
        Assert.Empty(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_callback_for_another_personas_attempt_is_rejected_and_stores_nothing_for_either()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");
        var grace = await factory.CustomerAsync("gracehop");
        var (_, graceCallback) = await factory.ApproveAtBankAsync(grace, bankCustomer: "grace");

        // Frida's browser delivers Grace's answer.
        var result = await FollowAsync(browser, graceCallback);

        Assert.Equal("rejected", QueryHelpers.ParseQuery(result.Query)["outcome"]);
        var page = await browser.App.GetStringAsync(result.PathAndQuery, Cancel);
        Assert.Contains("data-testid=\"result-rejected\"", page, StringComparison.Ordinal);
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        Assert.Empty(await consents.FindAsync(grace.UserId, cancellationToken: Cancel));
        Assert.Empty(await consents.FindAsync((await factory.CustomerAsync("fridaklo")).UserId, cancellationToken: Cancel));
        Assert.Null(await Store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([grace.UserId, "greenbank"], Cancel));
    }

    [Fact]
    public async Task An_anonymous_callback_is_sent_to_sign_in_first()
    {
        using var anonymous = new SignInDriver(factory, baseAddress);

        using var response = await anonymous.App.GetAsync("/connections/callback?state=abc&code=xyz", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/authentication/login?returnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
