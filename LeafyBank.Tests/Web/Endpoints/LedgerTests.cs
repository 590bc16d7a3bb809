namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// The consent and access ledger as the customer sees it: the page and the JSON receipt show only
/// the signed-in customer's own entries, newest first; anonymous visitors are sent to sign in.
/// </summary>
public sealed class LedgerTests : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory factory = new();
    private Uri baseAddress = null!;

    public async ValueTask InitializeAsync()
    {
        baseAddress = factory.Start();
        var audit = factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.AuditEvents);
        var at = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        await audit.InsertAsync(Event("fridaklo", "65a546ae4a8f64e8f88fb89e", AuditKinds.ConsentGranted, at, "Green Bank granted accounts until 2027-02-18."), Cancel);
        await audit.InsertAsync(Event("fridaklo", "65a546ae4a8f64e8f88fb89e", AuditKinds.DataPulled, at.AddMinutes(1), "Updated Green Bank: 3 accounts."), Cancel);
        await audit.InsertAsync(Event("gracehop", "66fe219d625d93a100528224", AuditKinds.ConsentGranted, at, "Thames Bank granted accounts, a secret of Grace's."), Cancel);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static AuditEvent Event(string userName, string userId, string kind, DateTime at, string detail) => new()
    {
        EventUser = new PartyReference { UserName = userName, UserId = ObjectId.Parse(userId) },
        Kind = kind,
        Bank = "greenbank",
        ConsentId = "c-1",
        At = at,
        Outcome = AuditOutcomes.Succeeded,
        Detail = detail,
    };

    [Fact]
    public async Task The_downloaded_receipt_holds_only_the_signed_in_customers_entries_newest_first()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");

        using var download = await browser.App.GetAsync("/ledger/download", Cancel);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("leafybank-ledger-fridaklo-", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var body = await download.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("Grace", body, StringComparison.Ordinal);
        using var receipt = JsonDocument.Parse(body);
        Assert.Equal("fridaklo", receipt.RootElement.GetProperty("Customer").GetString());
        var kinds = receipt.RootElement.GetProperty("Entries").EnumerateArray().Select(e => e.GetProperty("Kind").GetString()).ToList();
        Assert.Equal([AuditKinds.DataPulled, AuditKinds.ConsentGranted], kinds);
    }

    [Fact]
    public async Task The_receipt_reads_consent_requests_as_the_page_does_and_the_stored_events_stay_as_recorded()
    {
        var audit = factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.AuditEvents);
        var at = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        // Answered by the grant of c-1 the fixture recorded; the other was left at the bank ten days before the app's clock.
        await audit.InsertAsync(Event("fridaklo", "65a546ae4a8f64e8f88fb89e", AuditKinds.ConsentRequested, at.AddMinutes(-2), "Asked Green Bank for accounts."), Cancel);
        var left = Event("fridaklo", "65a546ae4a8f64e8f88fb89e", AuditKinds.ConsentRequested, at.AddMinutes(5), "Asked Green Bank for balances.");
        left.ConsentId = "c-2";
        await audit.InsertAsync(left, Cancel);
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");

        using var download = await browser.App.GetAsync("/ledger/download", Cancel);

        using var receipt = JsonDocument.Parse(await download.Content.ReadAsStringAsync(Cancel));
        var requests = receipt.RootElement.GetProperty("Entries").EnumerateArray()
            .Where(e => e.GetProperty("Kind").GetString() == AuditKinds.ConsentRequested)
            .Select(e => (Consent: e.GetProperty("ConsentId").GetString(), Outcome: e.GetProperty("Outcome").GetString(), Note: e.GetProperty("OutcomeNote").GetString()))
            .ToList();
        Assert.Equal([("c-2", "not-finished"), ("c-1", "sent-to-bank")], requests.Select(r => (r.Consent, r.Outcome)));
        Assert.StartsWith("Not completed at the bank within 10 minutes", requests[0].Note, StringComparison.Ordinal);
        Assert.Null(requests[1].Note);
        Assert.All(await audit.FindAsync(ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), cancellationToken: Cancel),
            stored => Assert.Equal(AuditOutcomes.Succeeded, stored.Outcome));
    }

    [Fact]
    public async Task The_receipt_names_what_a_granted_consent_shared_as_the_page_does()
    {
        var consent = TestDocuments.Consent(TestDocuments.Owner(ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), "fridaklo"), "greenbank", "c-1",
            new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), new DateTime(2027, 2, 18, 0, 0, 0, DateTimeKind.Utc), ConsentStatuses.Valid,
            [ConsentPermissions.Accounts], new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc));
        consent.SharedAccounts = ["Green Savings •••• 5807"];
        await factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");

        using var download = await browser.App.GetAsync("/ledger/download", Cancel);

        using var receipt = JsonDocument.Parse(await download.Content.ReadAsStringAsync(Cancel));
        var granted = Assert.Single(receipt.RootElement.GetProperty("Entries").EnumerateArray(), e => e.GetProperty("Kind").GetString() == AuditKinds.ConsentGranted);
        Assert.Contains("Green Savings •••• 5807", granted.GetProperty("SharedAccounts").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ledger_page_lists_the_customers_own_events_in_words()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("gracehop");

        var page = await browser.App.GetStringAsync("/ledger", Cancel);

        Assert.Contains("Consent and access ledger", page, StringComparison.Ordinal);
        Assert.Contains("a secret of Grace", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Updated Green Bank: 3 accounts.", page, StringComparison.Ordinal);
        Assert.Contains("Consent granted", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_get_no_ledger()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };

        using var download = await anonymous.GetAsync("/ledger/download", Cancel);

        Assert.True(download.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, download.StatusCode.ToString());
        Assert.DoesNotContain("ledger-fridaklo", download.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Updated Green Bank", await download.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
