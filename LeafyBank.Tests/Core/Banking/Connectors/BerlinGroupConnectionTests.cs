namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// Leafy Bank's side of Berlin Group NextGenPSD2 at Donau Bank, over real HTTP: the consent is
/// created at <c>/v1/consents</c>, the customer is sent to the bank with scope
/// <c>AIS:{consentId}</c>, the data is read with Consent-ID and X-Request-ID, the status comes
/// from <c>/status</c>, and disconnecting ends the consent with <c>DELETE</c>.
/// </summary>
public sealed class BerlinGroupConnectionTests : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory factory = new();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private Uri baseAddress = null!;

    public ValueTask InitializeAsync()
    {
        baseAddress = factory.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    /// <summary>The bank's own view of a consent, read as any Berlin Group third party would.</summary>
    private async Task<JsonElement> ConsentAtBankAsync(string consentId)
    {
        var secret = (await File.ReadAllTextAsync(Path.Combine(factory.DataDirectory, "bank-client-secret"), Cancel)).Trim();
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"sandbox/donaubank/v1/consents/{consentId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"leafybank:{Uri.EscapeDataString(secret)}")));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_customer_connects_Donau_Bank_through_the_Berlin_Group_consent_syncs_it_and_disconnecting_ends_the_consent_at_the_bank()
    {
        var connections = Service<ConnectionService>();
        var donau = await Service<IBankDirectory>().GetAsync("donaubank", Cancel);
        using var browserClient = BankBrowser.CreateClient(baseAddress);

        // Leafy Bank creates a Berlin Group consent and names it in the scope, nothing else.
        var start = await connections.StartAsync(frida,
            new ConnectionRequest("donaubank", ["accounts", "balances", "transactions"], 90, new Uri(baseAddress, "connections/callback")), Cancel);
        // The request itself was pushed (RFC 9126): the browser carries only client_id and request_uri.
        var query = QueryHelpers.ParseQuery(start.AuthorizeUrl.Query);
        Assert.Equal(["client_id", "request_uri"], query.Keys.Order(StringComparer.Ordinal));
        var pushed = Service<LeafyBank.Sandbox.Authorization.PushedAuthorizationRequests>()
            .Find(LeafyBank.Sandbox.Banks.SandboxBankCatalog.Find("donaubank")!, query["request_uri"].ToString())!;
        Assert.Equal([$"AIS:{start.ConsentId}", "offline_access"], pushed.Single(p => p.Key == "scope").Value.Split(' ').Order(StringComparer.Ordinal));
        Assert.DoesNotContain(pushed, p => p.Key == "consent_id");
        var requested = await ConsentAtBankAsync(start.ConsentId);
        Assert.Equal("received", requested.GetProperty("consentStatus").GetString());
        var access = requested.GetProperty("access");
        Assert.Equal(0, access.GetProperty("accounts").GetArrayLength());
        Assert.Equal(0, access.GetProperty("balances").GetArrayLength());
        Assert.Equal(0, access.GetProperty("transactions").GetArrayLength());
        // Loans were not asked for, so the consent is restricted to other account types.
        Assert.DoesNotContain("LOAN", access.GetProperty("restrictedTo").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(4, requested.GetProperty("frequencyPerDay").GetInt32());
        Assert.Equal(start.ValidUntil.ToString("yyyy-MM-dd"), requested.GetProperty("validUntil").GetString());

        // The customer approves at the bank; Leafy Bank completes the connection.
        var callback = await new BankBrowser(browserClient).AuthorizeAsync(start.AuthorizeUrl.ToString(), "frida");
        var answer = QueryHelpers.ParseQuery(callback.Query);
        var connected = await connections.CompleteAsync(frida, answer["state"], answer["code"], null, answer["iss"], Cancel);
        Assert.True(connected.Outcome == ConnectionOutcome.Connected, connected.Message);
        Assert.Equal(ConsentStatuses.Valid, (await Service<BankOAuthClient>().GetConsentAsync(donau, start.ConsentId, Cancel)).ConsentStatus);

        // Sync reads the Berlin Group data API into the store: accounts and transactions, no loans.
        var synced = await Service<SyncService>().SyncAsync(frida, "donaubank", unattended: false, Cancel);
        Assert.True(synced.Outcome == SyncOutcome.Succeeded, synced.Message);
        var store = Service<IDocumentStore>();
        var accounts = await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, a => a.AccountBank == "Donau Bank", Cancel);
        var transactions = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, t => t.TransactionBank == "Donau Bank", Cancel);
        var products = await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(frida.UserId, p => p.ProductBank == "Donau Bank", Cancel);
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.Equal(start.ConsentId, a.Source!.ConsentId));
        Assert.Contains(transactions, t => t.BookingStatus == BookingStatuses.Booked);
        Assert.Empty(products);

        // Disconnecting ends the consent at the bank (DELETE → terminatedByTpp), read back from /status.
        await connections.DisconnectAsync(frida, "donaubank", deleteData: false, Cancel);
        Assert.Equal(ConsentStatuses.TerminatedByTpp, (await Service<BankOAuthClient>().GetConsentAsync(donau, start.ConsentId, Cancel)).ConsentStatus);
        Assert.Equal("terminatedByTpp", (await ConsentAtBankAsync(start.ConsentId)).GetProperty("consentStatus").GetString());
        // The ledger's receipt says the data was kept, not only that the bank was disconnected.
        Assert.Contains(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.ConsentRevoked && e.Detail == "You disconnected Donau Bank and kept its data, read-only: it is no longer updated.");

        // Ending it again, or a consent the bank never had, counts as ended.
        await Service<BankOAuthClient>().DeleteConsentAsync(donau, start.ConsentId, Cancel);
        await Service<BankOAuthClient>().DeleteConsentAsync(donau, "cns-the-bank-never-had", Cancel);
    }
}
