using MudBlazor;
using ConnectionsPage = LeafyBank.Web.Components.Pages.Connections.Connections;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// "Sync now" on one bank's card: only that bank's buttons wait while it updates (another bank's stay usable), and how the
/// update ended is said on that bank's card, not in a snackbar laid over the page.
/// </summary>
public sealed class ConnectionsSyncTests : PersonasTestContext
{
    private readonly HeldBank greenBank = new();
    private readonly BankTokenService tokens;

    public ConnectionsSyncTests()
    {
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        tokens = new BankTokenService(Store, new TokenProtector(new EphemeralDataProtectionProvider()), oauth, Clock);
        // Replace the context's: this sync service reads Green Bank through a bank that answers when the test lets it.
        Services.AddSingleton(new SyncService(Store, Banks, tokens, [greenBank], new SyncInstance("bunit"), Clock));
    }

    private async Task ConnectedWithTokenAsync(BankDirectoryEntry bank)
    {
        await ConnectedAsync(bank, daysLeft: 80, lastSuccess: Now.AddHours(-3));
        // A long-lived token: the sync goes straight to the bank, with no refresh in between.
        await tokens.SaveAsync(Frida, bank, $"consent-{bank.Id}-{Frida.UserName}", new BankTokenResponse("access-token", "Bearer", 400 * 86_400, "refresh-token", "accounts"), Cancel);
    }

    private static bool IsDisabled(AngleSharp.Dom.IElement button) =>
        button.HasAttribute("disabled") || button.GetAttribute("aria-disabled") == "true" || button.ClassList.Contains("mud-disabled");

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<IComponent> cut, BankDirectoryEntry bank, string testId) =>
        cut.Find($"[data-testid=connection-{bank.Id}] [data-testid={testId}]");

    [Fact]
    public async Task While_one_bank_updates_only_its_buttons_wait_and_the_result_is_said_on_its_card()
    {
        await ConnectedWithTokenAsync(GreenBank);
        await ConnectedWithTokenAsync(ThamesBank);
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudSnackbarProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ConnectionsPage>(1);
            builder.CloseComponent();
        });
        cut.WaitForElement("[data-testid=connection-greenbank] [data-testid=sync-now]", TimeSpan.FromSeconds(10)).Click();

        // Green Bank is being read: its own buttons wait…
        cut.WaitForAssertion(() => Assert.Equal("Updating…", Button(cut, GreenBank, "sync-now").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.All(["sync-now", "renew", "disconnect"], testId => Assert.True(IsDisabled(Button(cut, GreenBank, testId)), $"Green Bank's {testId} is usable"));
        // …and Thames Bank's do not.
        Assert.All(["sync-now", "renew", "disconnect"], testId => Assert.False(IsDisabled(Button(cut, ThamesBank, testId)), $"Thames Bank's {testId} waits"));
        Assert.Equal("Sync now", Button(cut, ThamesBank, "sync-now").TextContent.Trim());

        greenBank.Answer(new BankSnapshot(
            [new ExternalAccount { AccountId = "acc-1", AccountType = AccountTypes.Checking, AccountBalance = 100m, AccountCurrency = "USD" }], [], [], Now));

        var result = cut.WaitForElement("[data-testid=connection-greenbank] [data-testid=sync-result]", TimeSpan.FromSeconds(10));
        Assert.StartsWith("Updated Green Bank: 1 account", result.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("status", result.GetAttribute("role"));
        Assert.Empty(cut.FindAll("[data-testid=connection-thamesbank] [data-testid=sync-result]"));
        Assert.Empty(cut.FindAll(".mud-snackbar"));
        Assert.False(IsDisabled(Button(cut, GreenBank, "sync-now")));
    }

    /// <summary>Green Bank's API, answering a read only when the test hands it the answer.</summary>
    private sealed class HeldBank : IBankConnector
    {
        private readonly TaskCompletionSource<BankSnapshot> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Dialect => BankDialects.GreenBank;

        public void Answer(BankSnapshot snapshot) => answer.SetResult(snapshot);

        public Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default) => answer.Task.WaitAsync(cancellationToken);
    }
}
