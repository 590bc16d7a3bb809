namespace LeafyBank.Tests.Core.Banking.Authorization;

/// <summary>
/// Leafy Bank's side of consent-and-connect against a scripted authorization server that checks
/// what a real one checks (client authentication, PKCE S256, redirect URI, single-use codes).
/// </summary>
public sealed class ConnectionServiceTests(EmbeddedStoreFixture stores) : IClassFixture<EmbeddedStoreFixture>, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;
    private static readonly Uri Callback = new("http://leafy.test/connections/callback");

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly ScriptedAuthorizationServer bankServer = new();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };
    private IDocumentStore store = null!;
    private ConnectionService connections = null!;
    private BankTokenService tokens = null!;
    private TokenProtector protector = null!;

    public async ValueTask InitializeAsync()
    {
        store = await stores.CreateStoreAsync();
        protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var oauth = new BankOAuthClient(new HttpClient(bankServer), new BankClientCredentials("leafybank", "s3cret"));
        tokens = new BankTokenService(store, protector, oauth, clock);
        connections = new ConnectionService(store, new FixedBankDirectory(TestBanks.GreenBank), oauth, tokens, protector, clock);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    private async Task<Dictionary<string, string?>> StartAsync(PartyReference who)
    {
        var start = await connections.StartAsync(who, new ConnectionRequest("greenbank", ["accounts", "balances"], 90, Callback), Cancel);
        return QueryHelpers.ParseQuery(start.AuthorizeUrl.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
    }

    [Fact]
    public async Task Starting_creates_the_consent_at_the_bank_and_sends_state_and_an_S256_challenge()
    {
        var query = await StartAsync(frida);

        Assert.Equal("code", query["response_type"]);
        Assert.Equal("leafybank", query["client_id"]);
        Assert.Equal(Callback.ToString(), query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.True(query["state"]!.Length >= 43);
        Assert.Equal("consent-1", query["consent_id"]);
        Assert.Equal("accounts balances offline_access", query["scope"]);
        Assert.Equal(["accounts", "balances"], bankServer.ConsentAccess);
        var stored = Assert.Single(await store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.DoesNotContain(query["state"]!, stored.StateHash, StringComparison.Ordinal);
        Assert.StartsWith(TokenProtector.Prefix, stored.CodeVerifier, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_exchanges_the_code_with_the_verifier_and_stores_the_token_encrypted()
    {
        var query = await StartAsync(frida);
        bankServer.ExpectChallenge = query["code_challenge"];

        var result = await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel);

        Assert.Equal(ConnectionOutcome.Connected, result.Outcome);
        Assert.True(bankServer.PkceVerified);
        var token = await store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.NotNull(token);
        Assert.DoesNotContain(ScriptedAuthorizationServer.AccessToken, token.BearerToken, StringComparison.Ordinal);
        Assert.Equal(ScriptedAuthorizationServer.AccessToken, protector.Unprotect(token.BearerToken));
        Assert.Equal("consent-1", token.ConsentId);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(5), token.ExpiresAt);
        var consent = Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Equal((ConsentStatuses.Valid, "greenbank"), (consent.Status, consent.Bank));
        Assert.Equal(clock.GetUtcNow().UtcDateTime.Date.AddDays(90), consent.ValidUntil);
        var due = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.Equal(clock.GetUtcNow().UtcDateTime + SyncScheduler.FirstSyncGrace, due!.NextAllowedAt);
        var kinds = (await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel)).Select(e => e.Kind);
        Assert.Equal([AuditKinds.ConsentGranted, AuditKinds.ConsentRequested], kinds.Order());
    }

    [Fact]
    public async Task A_callback_naming_another_issuer_is_refused_before_the_code_is_used_RFC_9207()
    {
        var query = await StartAsync(frida);
        bankServer.ExpectChallenge = query["code_challenge"];

        var mixedUp = await connections.CompleteAsync(frida, query["state"], "code-123", null, "http://evil.test/sandbox/greenbank", Cancel);

        Assert.Equal(ConnectionOutcome.Failed, mixedUp.Outcome);
        Assert.Contains("did not come from", mixedUp.Message, StringComparison.Ordinal);
        Assert.Equal(0, bankServer.TokenRequests);
        Assert.Null(await store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel));
    }

    [Fact]
    public async Task A_replayed_callback_is_rejected_and_changes_nothing()
    {
        var query = await StartAsync(frida);
        bankServer.ExpectChallenge = query["code_challenge"];
        await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel);
        var auditBefore = await store.Collection(OpenFinanceCollections.AuditEvents).CountAsync(Cancel);

        var replay = await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel);

        Assert.Equal((ConnectionOutcome.Rejected, CallbackRejection.Replayed), (replay.Outcome, replay.Rejection));
        Assert.Contains("already used", replay.Message, StringComparison.Ordinal);
        Assert.Equal(1, bankServer.TokenRequests);
        Assert.Equal(auditBefore, await store.Collection(OpenFinanceCollections.AuditEvents).CountAsync(Cancel));
    }

    [Fact]
    public async Task Another_customers_callback_is_not_found_for_you()
    {
        var query = await StartAsync(frida);

        var hijack = await connections.CompleteAsync(grace, query["state"], "code-123", null, null, Cancel);

        Assert.Equal((ConnectionOutcome.Rejected, CallbackRejection.Unknown), (hijack.Outcome, hijack.Rejection));
        Assert.Equal(0, bankServer.TokenRequests);
        Assert.Empty(await store.Collection(OpenFinanceCollections.Tokens).FindAsync(grace.UserId, cancellationToken: Cancel));
        // Frida can still finish her own.
        bankServer.ExpectChallenge = query["code_challenge"];
        Assert.Equal(ConnectionOutcome.Connected, (await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel)).Outcome);
    }

    [Fact]
    public async Task A_callback_after_ten_minutes_is_rejected()
    {
        var query = await StartAsync(frida);
        clock.Advance(TimeSpan.FromMinutes(11));

        var late = await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel);

        Assert.Equal((ConnectionOutcome.Rejected, CallbackRejection.Expired), (late.Outcome, late.Rejection));
        Assert.Contains("took longer than 10 minutes", late.Message, StringComparison.Ordinal);
        Assert.Equal(0, bankServer.TokenRequests);
    }

    [Fact]
    public async Task Declining_at_the_bank_links_nothing_and_is_recorded()
    {
        var query = await StartAsync(frida);

        var declined = await connections.CompleteAsync(frida, query["state"], null, "access_denied", null, Cancel);

        Assert.Equal(ConnectionOutcome.Declined, declined.Outcome);
        Assert.Contains("nothing was shared", declined.Message, StringComparison.Ordinal);
        Assert.Empty(await store.Collection(OpenFinanceCollections.Tokens).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Contains(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.ConsentDeclined && e.Outcome == AuditOutcomes.Failed && e.Detail == "Not approved at Green Bank: declined or cancelled there.");
    }

    [Fact]
    public async Task An_answer_without_a_code_links_nothing_and_is_recorded_as_an_ending()
    {
        var query = await StartAsync(frida);

        var result = await connections.CompleteAsync(frida, query["state"], null, null, null, Cancel);

        Assert.Equal(ConnectionOutcome.Failed, result.Outcome);
        Assert.Empty(await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
        // Without it, the ledger would read the request as "not finished" once its ten minutes passed.
        var ending = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.ConsentRejected, Cancel));
        Assert.Equal((AuditOutcomes.Failed, "The bank answered without an authorization code."), (ending.Outcome, ending.Detail));
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused_by_the_bank_and_nothing_is_linked()
    {
        var query = await StartAsync(frida);
        bankServer.ExpectChallenge = "a-challenge-for-some-other-verifier-aaaaaaaa";

        var result = await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel);

        Assert.Equal(ConnectionOutcome.Failed, result.Outcome);
        Assert.Contains("no longer accepts", result.Message, StringComparison.Ordinal);
        Assert.Empty(await store.Collection(OpenFinanceCollections.Tokens).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task An_access_token_about_to_expire_is_refreshed_before_use_and_the_refresh_is_audited()
    {
        var query = await StartAsync(frida);
        bankServer.ExpectChallenge = query["code_challenge"];
        await connections.CompleteAsync(frida, query["state"], "code-123", null, null, Cancel);

        Assert.Equal(ScriptedAuthorizationServer.AccessToken, (await tokens.GetAccessTokenAsync(frida, TestBanks.GreenBank, Cancel)).Value);
        clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(45));
        var refreshed = await tokens.GetAccessTokenAsync(frida, TestBanks.GreenBank, Cancel);

        Assert.Equal(ScriptedAuthorizationServer.RefreshedAccessToken, refreshed.Value);
        Assert.Equal("refresh-1", bankServer.LastRefreshToken);
        var token = await store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(5), token!.ExpiresAt);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, token.TokenDates.LastUseDate);
        Assert.Contains(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.AccessRefreshed && e.Outcome == AuditOutcomes.Succeeded);
    }

    private async Task LiveConsentAsync(PartyReference who) =>
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(who, "greenbank", $"consent-{who.UserName}", clock.GetUtcNow().UtcDateTime.AddDays(-10), clock.GetUtcNow().UtcDateTime.AddDays(80)), Cancel);

    private async Task<Consent> ConsentOfAsync(PartyReference who) =>
        Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(who.UserId, cancellationToken: Cancel));

    [Fact]
    public async Task A_consent_revoked_at_the_bank_is_recorded_when_checked_and_each_bank_is_asked_at_most_once_per_interval()
    {
        await LiveConsentAsync(frida);
        await LiveConsentAsync(grace);

        Assert.Empty(await connections.CheckLiveConsentsAsync(frida, ["greenbank"], Cancel));
        Assert.Equal(1, bankServer.ConsentStatusRequests);

        // Frida revokes at the bank just after: a page opened again at once does not ask again.
        bankServer.ConsentStatusAtBank = "revokedByPsu";
        clock.Advance(ConnectionService.ConsentCheckInterval - TimeSpan.FromSeconds(1));
        Assert.Empty(await connections.CheckLiveConsentsAsync(frida, ["greenbank", "GreenBank"], Cancel));
        Assert.Equal(1, bankServer.ConsentStatusRequests);
        Assert.Equal(ConsentStatuses.Valid, (await ConsentOfAsync(frida)).Status);
        // The interval is per customer: Grace's page asks about hers.
        Assert.Equal(["greenbank"], await connections.CheckLiveConsentsAsync(grace, ["greenbank"], Cancel));
        Assert.Equal(2, bankServer.ConsentStatusRequests);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["greenbank"], await connections.CheckLiveConsentsAsync(frida, ["greenbank"], Cancel));

        Assert.Equal(3, bankServer.ConsentStatusRequests);
        var ended = await ConsentOfAsync(frida);
        Assert.Equal((ConsentStatuses.RevokedByPsu, clock.GetUtcNow().UtcDateTime), (ended.Status, ended.StatusChangedAt));
        Assert.Contains(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.ConsentRevoked && e.Outcome == AuditOutcomes.Succeeded);
    }

    [Fact]
    public async Task The_check_times_held_are_only_those_of_the_last_interval()
    {
        await LiveConsentAsync(frida);
        await LiveConsentAsync(grace);
        await connections.CheckLiveConsentsAsync(frida, ["greenbank"], Cancel);
        await connections.CheckLiveConsentsAsync(grace, ["greenbank", "mongodbbank"], Cancel);
        Assert.Equal(3, connections.ConsentChecksHeld);

        // Grace does not come back; Frida opens the page again after the interval.
        clock.Advance(ConnectionService.ConsentCheckInterval);
        await connections.CheckLiveConsentsAsync(frida, ["greenbank"], Cancel);

        Assert.Equal(1, connections.ConsentChecksHeld);
        // Frida's renewed slot still holds her back within the interval.
        var asked = bankServer.ConsentStatusRequests;
        clock.Advance(TimeSpan.FromMinutes(1));
        await connections.CheckLiveConsentsAsync(frida, ["greenbank"], Cancel);
        Assert.Equal(asked, bankServer.ConsentStatusRequests);
    }

    [Fact]
    public async Task A_bank_that_cannot_say_leaves_the_connection_as_it_was()
    {
        await LiveConsentAsync(frida);
        bankServer.ConsentStatusFails = true;

        Assert.Empty(await connections.CheckLiveConsentsAsync(frida, ["greenbank", "nosuchbank"], Cancel));

        Assert.Equal(1, bankServer.ConsentStatusRequests);
        Assert.Equal(ConsentStatuses.Valid, (await ConsentOfAsync(frida)).Status);
        Assert.Empty(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    /// <summary>Frida's live consent at Green Bank: everything, created 10 days ago, ending in 80 days.</summary>
    private DateTime LiveUntil => clock.GetUtcNow().UtcDateTime.AddDays(80);

    private async Task<ConnectionResult> ApproveAsync(PartyReference who, IReadOnlyList<string> permissions, int validityDays)
    {
        var start = await connections.StartAsync(who, new ConnectionRequest("greenbank", permissions, validityDays, Callback), Cancel);
        var query = QueryHelpers.ParseQuery(start.AuthorizeUrl.Query);
        bankServer.ExpectChallenge = query["code_challenge"];
        return await connections.CompleteAsync(who, query["state"], "code-123", null, null, Cancel);
    }

    [Theory]
    [InlineData("balances", "transactions", "products")]
    [InlineData("transactions")]
    public async Task A_consent_without_accounts_is_refused_before_the_bank_is_asked_and_nothing_is_stored(params string[] permissions)
    {
        // Balances, transactions and loans are read for the accounts shared: without them the connection would link nothing.
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => connections.StartAsync(frida,
            new ConnectionRequest("greenbank", permissions, 90, Callback), Cancel));

        Assert.StartsWith("Accounts must be shared: balances, transactions, loans and mortgages are read for the accounts you share", refused.Message,
            StringComparison.Ordinal);
        Assert.Equal(0, bankServer.Requests);
        Assert.Empty(await store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    [Theory]
    [InlineData(80, 0)] // the same day as the live consent
    [InlineData(30, -50)] // the same data for less time
    public async Task The_same_data_until_the_same_day_or_sooner_goes_to_the_bank_where_the_customer_chooses_the_accounts_again(int validityDays, int daysLonger)
    {
        // The accounts and loans a consent shares are ticked at the bank: asking again for the same data is how a customer
        // stops sharing one account (or starts sharing another) before renewal is due, so it is not refused.
        await LiveConsentAsync(frida);

        var result = await ApproveAsync(frida, ["accounts", "balances", "transactions", "products"], validityDays);

        Assert.Equal(["accounts", "balances", "transactions", "products"], bankServer.ConsentAccess);
        Assert.Equal(ConnectionOutcome.Renewed, result.Outcome);
        Assert.Equal((false, true, daysLonger), (result.Change!.IsRenewal, result.Change.SameData, result.Change.DaysLonger));
        var consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.Date.AddDays(validityDays), Assert.Single(consents, c => c.Status == ConsentStatuses.Valid).ValidUntil);
        // The ledger never reads as a renewal that did nothing ("ending on 3 Mar … replaced by one valid until 3 Mar").
        var end = DayFormat.Of(clock.GetUtcNow().UtcDateTime.Date.AddDays(validityDays));
        var renewed = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.ConsentRenewed, Cancel));
        Assert.Contains(daysLonger == 0 ? $"is replaced by a new one valid until the same day, {end}." : $"is replaced by one valid until {end}.", renewed.Detail,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_data_for_the_same_period_is_a_new_connection_once_the_consent_has_ended()
    {
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, "greenbank", "consent-ended",
            clock.GetUtcNow().UtcDateTime.AddDays(-100), clock.GetUtcNow().UtcDateTime.AddDays(-10)), Cancel);

        var result = await ApproveAsync(frida, ["accounts", "balances", "transactions", "products"], 30);

        Assert.Equal(ConnectionOutcome.Connected, result.Outcome);
        Assert.Null(result.Change);
    }

    [Fact]
    public async Task The_same_data_for_longer_is_a_renewal_that_says_how_much_longer()
    {
        await LiveConsentAsync(frida);

        var result = await ApproveAsync(frida, ["accounts", "balances", "transactions", "products"], 90);

        var newEnd = clock.GetUtcNow().UtcDateTime.Date.AddDays(90);
        Assert.Equal(ConnectionOutcome.Renewed, result.Outcome);
        Assert.Equal($"Green Bank is renewed until {DayFormat.Of(newEnd)}, 10 days longer than before.", result.Message);
        Assert.Equal((true, true, 10), (result.Change!.IsRenewal, result.Change.SameData, result.Change.DaysLonger));
        var renewed = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.ConsentRenewed, Cancel));
        Assert.StartsWith($"Renewed Green Bank: the consent ending on {DayFormat.Of(LiveUntil)} is replaced by one valid until {DayFormat.Of(newEnd)}.", renewed.Detail,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_what_is_shared_at_a_live_bank_says_what_is_shared_now_and_until_when_not_that_it_was_renewed()
    {
        await LiveConsentAsync(frida);

        // Before renewal is due: drop transactions and loans, for 30 days (50 days sooner than the live consent).
        var result = await ApproveAsync(frida, ["accounts", "balances"], 30);

        var newEnd = clock.GetUtcNow().UtcDateTime.Date.AddDays(30);
        Assert.Equal(ConnectionOutcome.Renewed, result.Outcome);
        Assert.Equal($"Green Bank now shares your accounts, balances until {DayFormat.Of(newEnd)}, 50 days sooner than before.", result.Message);
        Assert.DoesNotContain("renewed", result.Message, StringComparison.Ordinal);
        Assert.Equal([], result.Change!.Added);
        Assert.Equal(["transactions", "products"], result.Change.Dropped);
        Assert.Equal((false, -50), (result.Change.IsRenewal, result.Change.DaysLonger));
        var changed = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.ConsentRenewed, Cancel));
        Assert.StartsWith($"Changed what Green Bank shares: the consent ending on {DayFormat.Of(LiveUntil)} is replaced by one for accounts, balances valid until {DayFormat.Of(newEnd)}, " +
                          "dropping transactions, loans and mortgages.", changed.Detail, StringComparison.Ordinal);
        // The result page reads the same change back from the stored consents, without asking the bank.
        var requestsBefore = bankServer.ConsentStatusRequests;
        Assert.Equal(result.Change, await connections.LastRenewalAsync(frida.UserId, "greenbank", Cancel), ConsentChangeComparer.Instance);
        Assert.Equal(requestsBefore, bankServer.ConsentStatusRequests);
    }

    [Fact]
    public async Task Connecting_again_after_a_consent_ended_names_the_ended_one_and_a_first_connection_or_a_renewal_names_none()
    {
        Assert.Null(await connections.ConnectedBeforeAsync(frida.UserId, "greenbank", Cancel));
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, "greenbank", "consent-ended",
            clock.GetUtcNow().UtcDateTime.AddDays(-100), clock.GetUtcNow().UtcDateTime.AddDays(-10), ConsentStatuses.Expired), Cancel);

        await ApproveAsync(frida, ["accounts", "balances"], 90);

        Assert.Equal("consent-ended", (await connections.ConnectedBeforeAsync(frida.UserId, "greenbank", Cancel))?.ConsentId);
        // Grace connects for the first time; a renewal replaces a live consent, which is no connection made again.
        await ApproveAsync(grace, ["accounts", "balances"], 90);
        Assert.Null(await connections.ConnectedBeforeAsync(grace.UserId, "greenbank", Cancel));
        clock.Advance(TimeSpan.FromDays(70));
        await ApproveAsync(grace, ["accounts", "balances"], 90);
        Assert.Null(await connections.ConnectedBeforeAsync(grace.UserId, "greenbank", Cancel));
    }

    [Fact]
    public async Task A_declined_attempt_leaves_what_the_customer_chose_to_try_again_with()
    {
        Assert.Null(await connections.LastAttemptAsync(frida.UserId, "greenbank", Cancel));
        var start = await connections.StartAsync(frida, new ConnectionRequest("greenbank", ["accounts", "transactions"], 30, Callback), Cancel);
        var query = QueryHelpers.ParseQuery(start.AuthorizeUrl.Query);
        await connections.CompleteAsync(frida, query["state"], null, "access_denied", null, Cancel);

        var choices = await connections.LastAttemptAsync(frida.UserId, "greenbank", Cancel);

        Assert.NotNull(choices);
        Assert.Equal(["accounts", "transactions"], choices.Permissions);
        Assert.Equal(30, choices.ValidityDays);
        Assert.Null(await connections.LastAttemptAsync(grace.UserId, "greenbank", Cancel));
    }

    [Fact]
    public async Task A_first_connection_replaced_nothing_so_there_is_no_renewal_to_describe()
    {
        await ApproveAsync(frida, ["accounts", "balances"], 90);

        Assert.Null(await connections.LastRenewalAsync(frida.UserId, "greenbank", Cancel));
    }

    /// <summary>Compares two changes by value (their lists are different instances).</summary>
    private sealed class ConsentChangeComparer : IEqualityComparer<ConsentChange?>
    {
        public static readonly ConsentChangeComparer Instance = new();

        public bool Equals(ConsentChange? x, ConsentChange? y) => x is not null && y is not null
            && x.PreviousPermissions.SequenceEqual(y.PreviousPermissions) && x.Permissions.SequenceEqual(y.Permissions)
            && x.PreviousValidUntil == y.PreviousValidUntil && x.ValidUntil == y.ValidUntil;

        public int GetHashCode(ConsentChange? change) => 0;
    }

    /// <summary>A tiny authorization server with the checks that matter to the client.</summary>
    private sealed class ScriptedAuthorizationServer : HttpMessageHandler
    {
        public const string AccessToken = "eyJhbGciOiJSUzI1NiJ9.access.signature";
        public const string RefreshedAccessToken = "eyJhbGciOiJSUzI1NiJ9.refreshed.signature";
        public string? LastRefreshToken { get; private set; }
        public string? ExpectChallenge { get; set; }
        public bool PkceVerified { get; private set; }
        public int TokenRequests { get; private set; }
        public List<string> ConsentAccess { get; } = [];

        /// <summary>What the bank answers when asked about a consent.</summary>
        public string ConsentStatusAtBank { get; set; } = "valid";

        /// <summary>The bank errs when asked about a consent.</summary>
        public bool ConsentStatusFails { get; set; }

        public int ConsentStatusRequests { get; private set; }

        /// <summary>Every request the bank received, discovery included.</summary>
        public int Requests { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var path = request.RequestUri!.AbsolutePath;
            // RFC 8414's well-known path (read first) and OpenID discovery carry the same metadata.
            if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) ||
                path == "/.well-known/oauth-authorization-server/sandbox/greenbank")
            {
                return Json(new
                {
                    issuer = "http://bank.test/sandbox/greenbank",
                    authorization_endpoint = "http://bank.test/sandbox/greenbank/connect/authorize",
                    token_endpoint = "http://bank.test/sandbox/greenbank/connect/token",
                    revocation_endpoint = "http://bank.test/sandbox/greenbank/connect/revoke",
                    code_challenge_methods_supported = new[] { "S256" },
                });
            }
            if (request.Headers.Authorization?.Parameter != Convert.ToBase64String(Encoding.UTF8.GetBytes("leafybank:s3cret")))
            {
                return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }
            if (path.EndsWith("/consents", StringComparison.Ordinal) && request.Method == HttpMethod.Post)
            {
                var body = await request.Content!.ReadFromJsonAsync<JsonElement>(cancellationToken);
                ConsentAccess.AddRange(body.GetProperty("access").EnumerateArray().Select(a => a.GetString()!));
                return Json(new { consentId = "consent-1", consentStatus = "received", validUntil = body.GetProperty("validUntil").GetString(), frequencyPerDay = 4 }, HttpStatusCode.Created);
            }
            if (path.Contains("/consents/", StringComparison.Ordinal) && request.Method == HttpMethod.Delete)
            {
                return new HttpResponseMessage(HttpStatusCode.NoContent);
            }
            if (path.Contains("/consents/", StringComparison.Ordinal) && request.Method == HttpMethod.Get)
            {
                ConsentStatusRequests++;
                return ConsentStatusFails
                    ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                    : Json(new { consentId = path[(path.LastIndexOf('/') + 1)..], consentStatus = ConsentStatusAtBank });
            }
            if (path.EndsWith("/connect/token", StringComparison.Ordinal))
            {
                var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
                if (form["grant_type"] == "refresh_token")
                {
                    LastRefreshToken = form["refresh_token"];
                    return Json(new { access_token = RefreshedAccessToken, token_type = "Bearer", expires_in = 300, scope = "accounts balances" });
                }
                TokenRequests++;
                var verifier = form["code_verifier"].ToString();
                var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
                if (form["redirect_uri"] != Callback.ToString() || challenge != ExpectChallenge || TokenRequests > 1)
                {
                    return Json(new { error = "invalid_grant" }, HttpStatusCode.BadRequest);
                }
                PkceVerified = true;
                return Json(new { access_token = AccessToken, token_type = "Bearer", expires_in = 300, refresh_token = "refresh-1", scope = "accounts balances" });
            }
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        private static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
            new(status) { Content = JsonContent.Create(body) };
    }
}
