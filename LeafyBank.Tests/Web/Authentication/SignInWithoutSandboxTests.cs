namespace LeafyBank.Tests.Web.Authentication;

/// <summary>
/// The development identity provider is its own institution: sign-in works when the bank sandbox
/// (which owns the OpenIddict server in the app's container) is not hosted at all.
/// </summary>
public sealed class SignInWithoutSandboxTests(SignInWithoutSandboxTests.NoSandboxFactory factory)
    : IClassFixture<SignInWithoutSandboxTests.NoSandboxFactory>
{
    public sealed class NoSandboxFactory() : LeafyBankWebFactory(new Dictionary<string, string>
    {
        [BankingExtensions.HostSandboxKey] = "false",
        [BankingExtensions.DirectoryUrlKey] = "http://127.0.0.1:9/sandbox/banks",
        [BankingExtensions.ClientSecretKey] = "not-used-here",
        [BankingServiceExtensions.SyncEnabledKey] = "false",
    });

    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Customers_sign_in_without_the_bank_sandbox()
    {
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("fridaklo");
        var html = await browser.App.GetStringAsync(landing, Cancellation);

        Assert.Contains("Welcome, Frida Kahlo", html, StringComparison.Ordinal);
        using var sandbox = await browser.App.GetAsync("/sandbox/banks", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, sandbox.StatusCode);
    }

    [Fact]
    public async Task A_provider_user_who_is_not_a_customer_gets_a_clear_page_not_an_error()
    {
        var store = factory.Services.GetRequiredService<IDocumentStore>();
        await store.Collection(OpenFinanceCollections.Users).DeleteAsync(ObjectId.Parse("671ff0081ec726b417352702"), cancellationToken: Cancellation);
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("adalove");
        using var response = await browser.App.GetAsync(landing, Cancellation);
        var html = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"unknown-customer\"", html, StringComparison.Ordinal);
        Assert.Contains("adalove", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Welcome,", html, StringComparison.Ordinal);
    }
}
