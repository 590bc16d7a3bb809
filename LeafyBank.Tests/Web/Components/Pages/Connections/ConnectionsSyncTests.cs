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

    [Fact]
    public async Task Sync_now_on_a_bank_disconnected_in_another_tab_says_when_keeps_its_accounts_and_offers_to_reconnect_instead()
    {
        await ConnectedWithTokenAsync(ThamesBank);
        await LinkedDataAsync(ThamesBank, Frida);
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudSnackbarProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ConnectionsPage>(1);
            builder.CloseComponent();
        });
        var syncNow = cut.WaitForElement("[data-testid=connection-thamesbank] [data-testid=sync-now]", TimeSpan.FromSeconds(10));
        // Another tab disconnects Thames Bank, keeping its data, while this one still shows it live: what DisconnectAsync leaves.
        Clock.Advance(TimeSpan.FromMinutes(2));
        var disconnectedAt = Now;
        var consent = Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(FridaId, c => c.Bank == ThamesBank.Id, Cancel));
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = disconnectedAt;
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, state => state.Bank == ThamesBank.Id, Cancel);
        Clock.Advance(TimeSpan.FromMinutes(1));

        syncNow.Click();

        var card = $"[data-testid=connection-{ThamesBank.Id}]";
        var answer = cut.WaitForElement($"{card} [data-testid=sync-result]", TimeSpan.FromSeconds(10));
        Assert.StartsWith($"Thames Bank was disconnected on {Moment(disconnectedAt)}. Its accounts and loans are kept as last read and no longer updated. " +
                          "Reconnect Thames Bank to update them.", answer.TextContent.Trim(), StringComparison.Ordinal);
        var reconnect = answer.QuerySelector("[data-testid=sync-result-reconnect]")!;
        Assert.Equal("Reconnect Thames Bank", reconnect.TextContent.Trim());
        Assert.Equal($"connections/new?bank={ThamesBank.Id}", reconnect.GetAttribute("href"));
        // The card is the connection as it is now: read-only, its accounts kept, and no "Sync now" that cannot work.
        Assert.Equal(nameof(ConnectionStatus.ReadOnly), cut.Find(card).GetAttribute("data-status"));
        Assert.Empty(cut.FindAll($"{card} [data-testid=sync-now]"));
        Assert.NotEmpty(cut.FindAll($"{card} [data-testid=account]"));
        // Said once: the answer stands in for the card's explanation, which says the same without the time.
        Assert.Empty(cut.FindAll($"{card} [data-testid=explanation]"));
        Assert.Empty(cut.FindAll(".mud-snackbar"));
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
