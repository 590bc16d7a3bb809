using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 10, "slow banks never stall a page", in Chromium: with a bank that hangs (or fails) the
/// connect and connections pages still answer at once, and the customer reads one plain sentence
/// naming the bank within 5 seconds — never an address, a status code or an exception's text.
/// The faults are the sandbox's own switches (<see cref="SandboxFaults"/>), set per test.
/// </summary>
public sealed class SlowBankJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private const string ThamesBank = "thamesbank";
    private const string NotAnswering = "Thames Bank is not answering right now. Try again in a few minutes; your other banks are not affected.";

    /// <summary>Generous: the page itself reads only memory; this only catches a page that waits on the bank again.</summary>
    private static readonly TimeSpan FirstByteBound = TimeSpan.FromSeconds(3);

    private static readonly string[] TechnicalWords = ["http", "Exception", "HttpClient", "Timeout of"];

    private SandboxFaults Faults => App.Service<SandboxFaults>();

    public override async ValueTask DisposeAsync()
    {
        if (Chromium.SkipReason is null)
        {
            Faults.ClearAll();
        }
        await base.DisposeAsync();
    }

    [Fact]
    public Task With_Thames_Bank_hanging_the_connect_page_answers_at_once_and_choosing_it_says_so_plainly_within_five_seconds() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await WarmAsync();
        Faults.Set(ThamesBank, new SandboxFault(SandboxFaultMode.Hang));

        var firstByte = Stopwatch.StartNew();
        var response = await page.GotoAsync(new Uri(BaseAddress, "connections/new").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        firstByte.Stop();
        Assert.True(firstByte.Elapsed < FirstByteBound, $"first byte after {firstByte.Elapsed}");
        // Rendered before the bank answered: Thames Bank never answers, yet the prerendered page already offers it.
        Assert.Contains("data-testid=\"choose-thamesbank\"", await response!.TextAsync(), StringComparison.Ordinal);
        await WaitForCircuitAsync();

        await page.GetByTestId("choose-thamesbank").ClickAsync();
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
        // On a phone, as a customer holding one presses Continue: the review is longer than the screen there, and the
        // sentence must come into view by itself (it takes the focus), wherever the customer had scrolled to.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByTestId("continue").ClickAsync();
        await Expect(page.GetByTestId("continue")).ToContainTextAsync("Contacting Thames Bank");
        await Expect(page.GetByTestId("connect-error")).ToHaveTextAsync(NotAnswering, new() { Timeout = 5_000 });
        await Expect(page.GetByTestId("connect-error")).ToBeInViewportAsync();
        await Expect(page.GetByTestId("connect-error-region")).ToBeFocusedAsync();

        await AssertNoTechnicalWordsAsync(page);
        await SaveDocsScreenshotAsync("slow-bank-connect-phone");
        await page.SetViewportSizeAsync(1280, 800);
        await SaveDocsScreenshotAsync("slow-bank-connect");
        Assert.Empty(await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.AuthorizationRequests)
            .FindAsync((await CustomerAsync("fridaklo")).UserId, cancellationToken: Cancel));
    });

    [Theory]
    [InlineData(SandboxFaultMode.Error500, "Thames Bank is having trouble right now.")]
    [InlineData(SandboxFaultMode.Malformed, "Thames Bank sent an answer Leafy Bank could not read")]
    [InlineData(SandboxFaultMode.RateLimit, "Thames Bank is busy and asked Leafy Bank to wait.")]
    public Task A_bank_that_fails_at_consent_creation_is_one_plain_sentence_naming_it(SandboxFaultMode mode, string sentence) => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "gracehop");
        await WarmAsync();
        Faults.Set(ThamesBank, new SandboxFault(mode, SandboxFaultSurfaces.Authorization));

        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId("choose-thamesbank").ClickAsync();
        await page.GetByTestId("continue").ClickAsync();

        await Expect(page.GetByTestId("connect-error")).ToContainTextAsync(sentence, new() { Timeout = 5_000 });
        await Expect(page.GetByTestId("connect-error")).ToContainTextAsync("your other banks are not affected.");
        await AssertNoTechnicalWordsAsync(page);
        var text = await page.GetByTestId("connect-error").InnerTextAsync();
        Assert.DoesNotContain("500", text, StringComparison.Ordinal);
        Assert.DoesNotContain("429", text, StringComparison.Ordinal);
        // The customer can still choose another bank at once.
        await page.GetByTestId("back").ClickAsync();
        await Expect(page.GetByTestId("choose-greenbank")).ToBeVisibleAsync();
    });

    [Fact]
    public Task With_the_directory_hanging_the_connect_page_still_lists_the_banks_from_its_last_good_copy() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "adalove");
        await WarmAsync();
        Faults.Set(SandboxFaults.DirectoryTarget, new SandboxFault(SandboxFaultMode.Hang));
        // A refresh is under way and hanging: the page must not wait for it.
        _ = App.Service<IBankDirectory>().RefreshAsync(CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default);

        var firstByte = Stopwatch.StartNew();
        await GotoAndWaitForCircuitAsync("/connections/new");
        firstByte.Stop();

        await Expect(page.GetByTestId("bank-list").GetByRole(AriaRole.Heading)).ToHaveCountAsync(4);
        Assert.True(firstByte.Elapsed < FirstByteBound + FirstByteBound, $"page ready after {firstByte.Elapsed}");
        await Expect(page.GetByTestId("connect-error")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task With_a_connected_bank_hanging_the_connections_page_answers_at_once_and_Sync_now_says_so_within_five_seconds() => RunJourneyAsync(async page =>
    {
        var claude = await CustomerAsync("claumon");
        await ConnectAsync(claude, ThamesBank, "claude");
        await SignInAtLeafyBankAsync(page, "claumon");
        Faults.Set(ThamesBank, new SandboxFault(SandboxFaultMode.Hang));

        var firstByte = Stopwatch.StartNew();
        var response = await page.GotoAsync(new Uri(BaseAddress, "connections").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        firstByte.Stop();
        Assert.True(firstByte.Elapsed < FirstByteBound, $"first byte after {firstByte.Elapsed}");
        Assert.Contains("Thames Bank", await response!.TextAsync(), StringComparison.Ordinal);
        await WaitForCircuitAsync();

        var card = page.GetByTestId($"connection-{ThamesBank}");
        await card.GetByTestId("sync-now").ClickAsync();
        await Expect(card.GetByTestId("still-waiting")).ToContainTextAsync("Thames Bank is not answering right now.", new() { Timeout = 5_000 });
        await Expect(card.GetByTestId("still-waiting")).ToContainTextAsync("your other banks are not affected.");
        // The rest of the page is free again while the update waits in the background.
        await Expect(card.GetByTestId("renew")).ToBeEnabledAsync();
        await AssertNoTechnicalWordsAsync(page);
        await SaveDocsScreenshotAsync("slow-bank-connections");
        await page.SetViewportSizeAsync(390, 844);
        // The card's buttons wrap instead of running off a phone's screen.
        var disconnect = await card.GetByTestId("disconnect").BoundingBoxAsync();
        Assert.True(disconnect is not null && disconnect.X + disconnect.Width <= 390, $"Disconnect ends at {disconnect?.X + disconnect?.Width} px");
        await SaveDocsScreenshotAsync("slow-bank-connections-phone");
    });

    /// <summary>The directory and Thames Bank's discovery in memory, as the warm-up leaves them once the app has started.</summary>
    private async Task WarmAsync()
    {
        var thames = await App.Service<IBankDirectory>().GetAsync(ThamesBank, Cancel);
        await App.Service<BankOAuthClient>().GetMetadataAsync(thames, Cancel);
    }

    private async Task<PartyReference> CustomerAsync(string userName) =>
        CurrentCustomer.PartyOf((await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], Cancel))!);

    /// <summary>Connects the customer at the bank without the browser (consent, approval at the bank, callback): the journey is about what follows.</summary>
    private async Task ConnectAsync(PartyReference owner, string bankId, string bankCustomer)
    {
        var connections = App.Service<ConnectionService>();
        var start = await connections.StartAsync(owner,
            new ConnectionRequest(bankId, ["accounts", "balances", "transactions", "products"], 90, new Uri(BaseAddress, "connections/callback")), Cancel);
        using var http = BankBrowser.CreateClient(BaseAddress);
        var callback = await new BankBrowser(http).AuthorizeAsync(start.AuthorizeUrl.ToString(), bankCustomer);
        var query = QueryHelpers.ParseQuery(callback.Query);
        var result = await connections.CompleteAsync(owner, query["state"], query["code"], null, query["iss"], Cancel);
        Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);
    }

    private static async Task AssertNoTechnicalWordsAsync(IPage page)
    {
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var word in TechnicalWords)
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
