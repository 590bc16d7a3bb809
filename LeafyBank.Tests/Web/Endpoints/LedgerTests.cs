using LeafyBank.Core.Ledger;

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
        Assert.Equal("fridaklo", receipt.RootElement.GetProperty("customer").GetString());
        var events = receipt.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(["Data read from the bank", "Consent granted"], events);
    }

    [Fact]
    public async Task The_receipt_is_kept_by_no_cache_and_says_first_which_format_it_is()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");

        using var download = await browser.App.GetAsync(LeafyBank.Web.Endpoints.LedgerEndpoints.DownloadPath, Cancel);

        // Personal data: a shared computer's browser cache, or a proxy on the way, must not keep a copy for the next person.
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.True(download.Headers.CacheControl?.NoStore, $"Cache-Control: {download.Headers.CacheControl}");
        using var receipt = JsonDocument.Parse(await download.Content.ReadAsStringAsync(Cancel));
        var first = receipt.RootElement.EnumerateObject().First();
        Assert.Equal("formatVersion", first.Name);
        Assert.Equal(JsonValueKind.Number, first.Value.ValueKind);
        Assert.Equal(1, first.Value.GetInt32());
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
        var requests = receipt.RootElement.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("event").GetString() == "Consent requested")
            .Select(e => (Consent: e.GetProperty("consentReference").GetString(), Outcome: e.GetProperty("outcome").GetString(),
                Note: e.GetProperty("outcomeExplained").GetString()))
            .ToList();
        Assert.Equal([("c-2", "Not finished"), ("c-1", "Sent to the bank")], requests.Select(r => (r.Consent, r.Outcome)));
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
        var granted = Assert.Single(receipt.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("event").GetString() == "Consent granted");
        Assert.Equal("You shared Green Savings •••• 5807.", granted.GetProperty("shared").GetString());
    }

    [Fact]
    public async Task The_receipt_titles_a_renewal_that_stopped_sharing_an_account_as_the_page_does_in_the_same_fields()
    {
        var frida = TestDocuments.Owner(ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), "fridaklo");
        var granted = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        var renewedAt = granted.AddDays(5);
        var first = TestDocuments.Consent(frida, "greenbank", "c-1", granted, granted.AddDays(90), ConsentStatuses.TerminatedByTpp, statusChangedAt: renewedAt);
        first.SharedAccounts = ["Green Savings •••• 5807", "Instant Saver •••• 9907"];
        var renewal = TestDocuments.Consent(frida, "greenbank", "c-2", renewedAt.AddMinutes(-1), renewedAt.AddDays(90), statusChangedAt: renewedAt);
        renewal.SharedAccounts = ["Green Savings •••• 5807"];
        var store = factory.Services.GetRequiredService<IDocumentStore>();
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(first, Cancel);
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(renewal, Cancel);
        var renewed = Event("fridaklo", "65a546ae4a8f64e8f88fb89e", AuditKinds.ConsentRenewed, renewedAt,
            "Renewed Green Bank: the consent ending on 18 Feb 2027 is replaced by one valid until 23 Feb 2027.");
        renewed.ConsentId = "c-2";
        await store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(renewed, Cancel);
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");

        using var download = await browser.App.GetAsync("/ledger/download", Cancel);

        using var receipt = JsonDocument.Parse(await download.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(1, receipt.RootElement.GetProperty("formatVersion").GetInt32());
        var entry = receipt.RootElement.GetProperty("entries").EnumerateArray().First();
        // Every field a reader of format 1 knows, under its name, and the title in the event's words.
        Assert.Equal(["at", "event", "bank", "consentReference", "outcome", "outcomeExplained", "details", "shared"], entry.EnumerateObject().Select(p => p.Name));
        // The heading says it renewed, as the details ("Renewed Green Bank: …") do, and what changed.
        Assert.Equal("Renewed, and sharing changed: no longer shares Instant Saver •••• 9907", entry.GetProperty("event").GetString());
        Assert.StartsWith("Renewed Green Bank:", entry.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("You shared Green Savings •••• 5807. No longer shared: Instant Saver •••• 9907.", entry.GetProperty("shared").GetString());
        Assert.Equal("c-2", entry.GetProperty("consentReference").GetString());
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

    /// <summary>
    /// "Delete data now": the consent is written once more after the data is gone. Other tabs and instances heard the consent end
    /// while the data was still there and may have read it again then; this write tells them again (it was missing: a page
    /// sometimes kept showing the deleted bank).
    /// </summary>
    [Fact]
    public async Task Disconnecting_and_deleting_writes_the_consent_after_the_data_is_gone_so_other_views_hear_it()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("adalove");
        var ada = await factory.CustomerAsync("adalove");
        var (start, _) = await factory.LinkBankAsync(browser, ada, bankCustomer: "ada");
        await factory.FirstSyncAsync(ada.UserId, "greenbank", start.ConsentId);

        await factory.Service<ConnectionService>().DisconnectAsync(ada, "greenbank", deleteData: true, Cancel);

        var store = factory.Service<IDocumentStore>();
        Assert.Empty(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(ada.UserId, a => a.AccountBank == "Green Bank", Cancel));
        var consent = Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(ada.UserId, c => c.ConsentId == start.ConsentId, Cancel));
        Assert.Equal(ConsentStatuses.TerminatedByTpp, consent.Status);
        Assert.NotNull(consent.DataDeletedAt);
    }

    [Fact]
    public async Task After_a_real_link_read_and_disconnect_the_receipt_says_in_words_what_the_page_says_of_each_entry()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("adalove");
        var ada = await factory.CustomerAsync("adalove");
        var (start, _) = await factory.LinkBankAsync(browser, ada, bankCustomer: "ada");
        await factory.FirstSyncAsync(ada.UserId, "greenbank", start.ConsentId);
        await factory.Service<ConnectionService>().DisconnectAsync(ada, "greenbank", deleteData: false, Cancel);

        using var download = await browser.App.GetAsync(LeafyBank.Web.Endpoints.LedgerEndpoints.DownloadPath, Cancel);
        var body = await download.Content.ReadAsStringAsync(Cancel);
        var page = await browser.App.GetStringAsync("/ledger", Cancel);

        using var receipt = JsonDocument.Parse(body);
        var root = receipt.RootElement;
        Assert.Equal("adalove", root.GetProperty("customer").GetString());
        Assert.Contains("every consent you gave", root.GetProperty("about").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", root.GetProperty("generatedAt").GetString());
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["Consent ended", "Data read from the bank", "Consent granted", "Consent requested"], entries.Select(e => e.GetProperty("event").GetString()));
        Assert.All(entries, entry =>
        {
            // Every entry has every documented field (null where it does not apply), each explained in the file itself.
            Assert.Equal(root.GetProperty("fields").EnumerateObject().Select(f => f.Name), entry.EnumerateObject().Select(f => f.Name));
            Assert.Equal("Green Bank", entry.GetProperty("bank").GetString());
            Assert.Equal(start.ConsentId, entry.GetProperty("consentReference").GetString());
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", entry.GetProperty("at").GetString());
        });
        Assert.Equal(["Succeeded", "Succeeded", "Succeeded", "Sent to the bank"], entries.Select(e => e.GetProperty("outcome").GetString()));
        // The accounts and loans by name and masked number, as the page shows them; the page's no-break spaces (which keep the mask
        // by its digits on a narrow screen) as plain ones, which JSON writes as themselves rather than as "\u00A0".
        Assert.Matches("^You shared .+ •••• \\d{4}", entries[2].GetProperty("shared").GetString());
        Assert.DoesNotContain("\\u00A0", body, StringComparison.OrdinalIgnoreCase);

        // The page's rows, top to bottom, in the same words: the receipt is the customer's copy of what they see.
        Assert.Equal(PageRows(page), entries.Select(e => new LedgerPageRow(e.GetProperty("event").GetString()!, e.GetProperty("bank").GetString(),
            e.GetProperty("outcome").GetString()!, e.GetProperty("details").GetString()!, e.GetProperty("shared").GetString(),
            e.GetProperty("outcomeExplained").GetString())));

        // Nothing a reader needs the source code for: no numbers (an enum's value) but the file's own format version, no stored
        // kind codes, no internal ids.
        var values = Values(root).ToList();
        Assert.Equal(JsonValueKind.Number, Assert.Single(values, v => v.ValueKind == JsonValueKind.Number).ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("formatVersion").ValueKind);
        Assert.DoesNotContain(values, v => v.ValueKind == JsonValueKind.String && ObjectId.TryParse(v.GetString(), out _));
        Assert.DoesNotContain(ada.UserId.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("greenbank", body, StringComparison.Ordinal);
        Assert.All(new[] { AuditKinds.ConsentGranted, AuditKinds.DataPulled, AuditKinds.ConsentRevoked, AuditKinds.ConsentRequested, LedgerOutcomes.SentToBank },
            code => Assert.DoesNotContain($"\"{code}\"", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_signed_in_who_is_not_a_customer_gets_a_404_that_says_why_and_no_file()
    {
        await factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.Users)
            .DeleteAsync(ObjectId.Parse("671ff2451ec726b417352703"), cancellationToken: Cancel);
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("claumon");

        using var download = await browser.App.GetAsync(LeafyBank.Web.Endpoints.LedgerEndpoints.DownloadPath, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Null(download.Content.Headers.ContentDisposition);
        Assert.Contains("not as a Leafy Bank customer", await download.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    /// <summary>One row of the Ledger page as the customer reads it on a wide screen (the bank "—" when none).</summary>
    private sealed record LedgerPageRow(string Event, string? Bank, string Outcome, string Details, string? Shared, string? OutcomeExplained);

    private static List<LedgerPageRow> PageRows(string html)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        // The same words; the page's no-break spaces are layout, which a file has none of.
        static string? Text(AngleSharp.Dom.IElement? element) => element?.TextContent.Trim().Replace('\u00A0', ' ');
        return [.. document.QuerySelectorAll("[data-testid=ledger] tbody tr").Select(row =>
        {
            var details = row.QuerySelector("td:last-child")!;
            return new LedgerPageRow(Text(row.QuerySelector("[data-testid=ledger-kind]"))!,
                Text(row.QuerySelector("[data-testid=ledger-bank]")) is { } bank and not "—" ? bank : null,
                Text(row.QuerySelectorAll("[data-testid=ledger-outcome]")[^1])!,
                Text(details.QuerySelector("[data-testid=ledger-details]"))!,
                Text(details.QuerySelector("[data-testid=ledger-shared-accounts]")),
                Text(details.QuerySelector("[data-testid=ledger-note]")));
        })];
    }

    /// <summary>Every value in <paramref name="element"/>, at any depth (objects and arrays by their members).</summary>
    private static IEnumerable<JsonElement> Values(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Values(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Values),
        _ => [element],
    };

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
