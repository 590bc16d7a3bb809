using LeafyBank.Sandbox.Authorization;

namespace LeafyBank.Tests.Core.Banking.Authorization;

/// <summary>
/// Whether a connection uses DPoP is decided once, when its authorization request is pushed: at a bank whose metadata lists
/// Leafy Bank's algorithm the push binds the code to Leafy Bank's key (<c>dpop_jkt</c>, RFC 9449 §10). By the time the code
/// comes back the metadata may read otherwise (the discovery cache's next read, a restart, another instance); the push's
/// decision holds all the same: a bound code is redeemed with a proof of the key, an unbound one without, and tokens the bank
/// bound (<c>token_type</c> <c>DPoP</c>) are refreshed with a proof. Leafy Bank's real connect flow against the sandbox banks,
/// on every engine (the pending authorization keeps the decision).
/// </summary>
public abstract class DpopDecisionKeptTests(IStoreFixture stores, SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private const string Green = "greenbank";
    private const string Thames = "thamesbank";

    private static readonly Uri Callback = new(SandboxTestHost.SameOriginRedirectUri);

    private readonly SandboxTestHost host = sandbox.NewSession();
    private readonly TokenProtector protector = new(new EphemeralDataProtectionProvider());
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await host.DisposeAsync();
    }

    [Theory]
    [InlineData(Green, false)]
    [InlineData(Green, true)]
    [InlineData(Thames, false)]
    public async Task A_code_bound_at_the_push_is_redeemed_with_a_proof_after_the_metadata_stops_listing_Leafy_Banks_algorithm(string bankId, bool restarted)
    {
        await using var store = await stores.CreateStoreAsync();
        var pushing = Instance(store, metadataListsLeafyBanksAlgorithm: true);
        var start = await pushing.Connections.StartAsync(frida, Request(bankId), Cancel);
        Assert.Equal(SandboxTestHost.ClientKey.KeyId, PushedParameter(bankId, start, BankOAuthClient.DpopCodeBindingParameter));
        Assert.Equal(BankAccessToken.DpopScheme, (await PendingAsync(store)).TokenType);
        var callback = await ApproveAtBankAsync(start);

        var completing = await MetadataReadAgainAsync(store, pushing, bankId, listsLeafyBanksAlgorithm: false, restarted);
        var result = await CompleteAsync(completing, callback);

        Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);
        var token = await StoredTokenAsync(store, bankId);
        Assert.Equal(BankAccessToken.DpopScheme, token.TokenType);
        Assert.True(SandboxTestHost.IsDpopBound(protector.Unprotect(token.BearerToken)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_code_pushed_without_binding_is_redeemed_without_a_proof_after_the_metadata_starts_listing_Leafy_Banks_algorithm(bool restarted)
    {
        // Only the reference banks take an unbound push; Donau and Thames refuse one.
        await using var store = await stores.CreateStoreAsync();
        var pushing = Instance(store, metadataListsLeafyBanksAlgorithm: false);
        var start = await pushing.Connections.StartAsync(frida, Request(Green), Cancel);
        Assert.Null(PushedParameter(Green, start, BankOAuthClient.DpopCodeBindingParameter));
        Assert.Equal(BankAccessToken.BearerScheme, (await PendingAsync(store)).TokenType);
        var callback = await ApproveAtBankAsync(start);

        var completing = await MetadataReadAgainAsync(store, pushing, Green, listsLeafyBanksAlgorithm: true, restarted);
        var result = await CompleteAsync(completing, callback);

        Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);
        var token = await StoredTokenAsync(store, Green);
        // As the connect started: a bearer token, not one bound at the exchange by a proof the push never announced.
        Assert.Null(token.TokenType);
        Assert.False(SandboxTestHost.IsDpopBound(protector.Unprotect(token.BearerToken)));
    }

    [Fact]
    public async Task An_attempt_stored_before_the_decision_was_kept_decides_from_the_metadata_at_the_exchange_as_before()
    {
        await using var store = await stores.CreateStoreAsync();
        var pushing = Instance(store, metadataListsLeafyBanksAlgorithm: false);
        var start = await pushing.Connections.StartAsync(frida, Request(Green), Cancel);
        // As an attempt written by the previous version: no TokenType at all (null fields are left out of the stored document).
        var pending = await PendingAsync(store);
        pending.TokenType = null;
        await store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(pending, Cancel);
        var callback = await ApproveAtBankAsync(start);

        var completing = await MetadataReadAgainAsync(store, pushing, Green, listsLeafyBanksAlgorithm: true, restarted: true);
        var result = await CompleteAsync(completing, callback);

        // Green Bank takes an unbound code with a proof: the metadata read now asked for one, so the tokens are bound.
        Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);
        Assert.Equal(BankAccessToken.DpopScheme, (await StoredTokenAsync(store, Green)).TokenType);
    }

    [Theory]
    [InlineData(Green, false)]
    [InlineData(Green, true)]
    [InlineData(Thames, false)]
    public async Task Tokens_the_bank_bound_are_refreshed_with_a_proof_after_the_metadata_stops_listing_Leafy_Banks_algorithm(string bankId, bool restarted)
    {
        await using var store = await stores.CreateStoreAsync();
        var connecting = Instance(store, metadataListsLeafyBanksAlgorithm: true);
        var start = await connecting.Connections.StartAsync(frida, Request(bankId), Cancel);
        var connected = await CompleteAsync(connecting, await ApproveAtBankAsync(start));
        Assert.True(connected.Outcome == ConnectionOutcome.Connected, connected.Message);
        Assert.Equal(BankAccessToken.DpopScheme, (await StoredTokenAsync(store, bankId)).TokenType);

        var refreshing = await MetadataReadAgainAsync(store, connecting, bankId, listsLeafyBanksAlgorithm: false, restarted);
        var refreshed = await refreshing.Tokens.RefreshNowAsync(frida, SandboxTestHost.Entry(bankId), Cancel);

        // Without a proof Green Bank would hand out a bearer token (the connection silently no longer sender-constrained)
        // and Thames none at all (the customer told to reconnect).
        Assert.True(refreshed.IsSenderConstrained);
        var token = await StoredTokenAsync(store, bankId);
        Assert.Equal(BankAccessToken.DpopScheme, token.TokenType);
        Assert.True(SandboxTestHost.IsDpopBound(protector.Unprotect(token.BearerToken)));
    }

    private static ConnectionRequest Request(string bankId) =>
        new(bankId, [ConsentPermissions.Accounts, ConsentPermissions.Balances], 90, Callback);

    /// <summary>One instance of Leafy Bank on the shared store, reading the banks' metadata through <paramref name="metadata"/>.</summary>
    private sealed record LeafyInstance(ConnectionService Connections, BankTokenService Tokens, BankOAuthClient OAuth, MetadataAsRead Metadata);

    private LeafyInstance Instance(IDocumentStore store, bool metadataListsLeafyBanksAlgorithm)
    {
        var metadata = new MetadataAsRead { ListsLeafyBanksAlgorithm = metadataListsLeafyBanksAlgorithm };
        var oauth = new BankOAuthClient(host.NewClient(metadata),
            new BankClientCredentials(SandboxTestHost.ClientId, SandboxTestHost.ClientSecret, SandboxTestHost.ClientKey), clock: host.Clock);
        var tokens = new BankTokenService(store, protector, oauth, host.Clock);
        var directory = new FixedBankDirectory(SandboxTestHost.Entry(Green), SandboxTestHost.Entry(Thames));
        return new LeafyInstance(new ConnectionService(store, directory, oauth, tokens, protector, host.Clock), tokens, oauth, metadata);
    }

    /// <summary>
    /// The bank's metadata as Leafy Bank reads it next: after a restart (or at another instance, <paramref name="restarted"/>),
    /// a new instance whose first read it is; otherwise the same instance's discovery cache reads it again (the warm-up's refresh).
    /// </summary>
    private async Task<LeafyInstance> MetadataReadAgainAsync(IDocumentStore store, LeafyInstance before, string bankId, bool listsLeafyBanksAlgorithm,
        bool restarted)
    {
        if (restarted)
        {
            return Instance(store, listsLeafyBanksAlgorithm);
        }
        before.Metadata.ListsLeafyBanksAlgorithm = listsLeafyBanksAlgorithm;
        var metadata = await before.OAuth.RefreshMetadataAsync(SandboxTestHost.Entry(bankId), Cancel);
        Assert.Equal(listsLeafyBanksAlgorithm, before.OAuth.UsesDpop(metadata));
        return before;
    }

    /// <summary>A parameter of the pushed request as the bank keeps it behind its request_uri; null when it was not sent.</summary>
    private string? PushedParameter(string bankId, AuthorizationStart start, string name)
    {
        var requestUri = QueryHelpers.ParseQuery(start.AuthorizeUrl.Query)["request_uri"].ToString();
        var pushed = host.Services.GetRequiredService<PushedAuthorizationRequests>().Find(SandboxBankCatalog.Find(bankId)!, requestUri);
        Assert.NotNull(pushed);
        return pushed.Where(p => p.Key == name).Select(p => p.Value).SingleOrDefault();
    }

    private async Task<Uri> ApproveAtBankAsync(AuthorizationStart start) =>
        await new BankBrowser(host.Browser).AuthorizeAsync(start.AuthorizeUrl.ToString(), "frida");

    private Task<ConnectionResult> CompleteAsync(LeafyInstance instance, Uri callback)
    {
        var answer = QueryHelpers.ParseQuery(callback.Query);
        Assert.True(answer.ContainsKey("code"), callback.ToString());
        return instance.Connections.CompleteAsync(frida, answer["state"], answer["code"], null, answer["iss"], Cancel);
    }

    private async Task<AuthorizationRequest> PendingAsync(IDocumentStore store) =>
        Assert.Single(await store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(frida.UserId, cancellationToken: Cancel));

    private async Task<BankToken> StoredTokenAsync(IDocumentStore store, string bankId) =>
        await store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, bankId], Cancel)
        ?? throw new Xunit.Sdk.XunitException($"No token stored for {bankId}.");

    /// <summary>
    /// The banks' authorization server metadata as one instance of Leafy Bank reads it: with or without Leafy Bank's algorithm
    /// (<see cref="BankClientKey.Algorithm"/>) in <c>dpop_signing_alg_values_supported</c>. The banks themselves do not change:
    /// they still take Leafy Bank's proofs, and a code bound to its key still needs one.
    /// </summary>
    private sealed class MetadataAsRead : DelegatingHandler
    {
        public bool ListsLeafyBanksAlgorithm { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.StartsWith("/.well-known/", StringComparison.Ordinal) || !response.IsSuccessStatusCode)
            {
                return response;
            }
            var metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var algorithms = (metadata["dpop_signing_alg_values_supported"]?.AsArray() ?? [])
                .Select(algorithm => algorithm!.GetValue<string>()).Where(algorithm => algorithm != BankClientKey.Algorithm).ToList();
            if (ListsLeafyBanksAlgorithm)
            {
                algorithms.Add(BankClientKey.Algorithm);
            }
            metadata["dpop_signing_alg_values_supported"] = new JsonArray([.. algorithms.Select(algorithm => JsonValue.Create(algorithm))]);
            response.Content = JsonContent.Create(metadata);
            return response;
        }
    }
}

[Collection(SandboxWithTestAccounts.Collection)]
public sealed class EmbeddedDpopDecisionKeptTests(EmbeddedStoreFixture stores, SandboxWithTestAccounts sandbox)
    : DpopDecisionKeptTests(stores, sandbox), IClassFixture<EmbeddedStoreFixture>;

[Collection(SandboxWithTestAccounts.Collection)]
public sealed class MongoDpopDecisionKeptTests(MongoStoreFixture stores, SandboxWithTestAccounts sandbox)
    : DpopDecisionKeptTests(stores, sandbox), IClassFixture<MongoStoreFixture>;
