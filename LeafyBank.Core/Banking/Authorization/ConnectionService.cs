using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeafyBank.Core.Audit;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Security;
using Microsoft.AspNetCore.WebUtilities;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>What the customer asks to share, and for how long.</summary>
public sealed record ConnectionRequest(string BankId, IReadOnlyList<string> Permissions, int ValidityDays, Uri RedirectUri);

/// <summary>Where to send the customer to approve at the bank.</summary>
public sealed record AuthorizationStart(Uri AuthorizeUrl, string ConsentId, DateTime ValidUntil);

public enum ConnectionOutcome
{
    Connected,
    /// <summary>A new consent replaced the customer's consent at the same bank; the stored data was kept.</summary>
    Renewed,
    Declined,
    /// <summary>The callback was unknown, already used or too old: nothing was changed.</summary>
    Rejected,
    Failed,
}

/// <summary>Why a callback was rejected, for pages that explain it.</summary>
public enum CallbackRejection
{
    None,
    /// <summary>Not a connection this customer started (unknown state, another customer's, or none).</summary>
    Unknown,
    /// <summary>The answer was already used once.</summary>
    Replayed,
    /// <summary>The customer took longer than <see cref="ConnectionService.CallbackLifetime"/>.</summary>
    Expired,
}

/// <summary>The end of a consent-and-connect attempt, with a message that says what happened and what to do.</summary>
public sealed record ConnectionResult(ConnectionOutcome Outcome, string BankId, string Message, string? ConsentId = null,
    CallbackRejection Rejection = CallbackRejection.None)
{
    /// <summary>When the granted consent ends (connected or renewed).</summary>
    public DateTime? ValidUntil { get; init; }

    /// <summary>For a renewal: when the replaced consent would have ended (or ended).</summary>
    public DateTime? PreviousValidUntil { get; init; }

    /// <summary>For a renewal: what the new consent changed compared with the one it replaced.</summary>
    public ConsentChange? Change { get; init; }
}

/// <summary>
/// The consent-and-connect flow on Leafy Bank's side: create the consent at the bank, send the
/// customer there with <c>state</c> and PKCE (S256), and on the callback verify both, exchange
/// the code, store the token encrypted and record every step in the audit ledger.
/// <para>
/// Renewing is the same flow: a new consent at a bank where the customer's consent is live (after
/// it ended, connecting again is a new connection). Only once the bank has granted the new one is the old one terminated there, so a
/// declined or failed renewal leaves the connection exactly as it was; the stored accounts,
/// products and transactions are never touched (the next sync upserts them by natural key, so
/// they keep their <c>_id</c>s).
/// </para>
/// </summary>
public sealed class ConnectionService(
    IDocumentStore store,
    IBankDirectory directory,
    BankOAuthClient oauth,
    BankTokenService tokens,
    TokenProtector protector,
    TimeProvider timeProvider)
{
    /// <summary>How long the customer has to approve at the bank.</summary>
    public static readonly TimeSpan CallbackLifetime = TimeSpan.FromMinutes(10);

    public const int DefaultFrequencyPerDay = 4;

    /// <summary>
    /// How long the bank may take to start a connection (directory, discovery, consent) while the
    /// customer waits. Under 5 s so that, with the page's own round trip, the customer hears
    /// within 5 s; background work (syncs, token refresh) keeps the HTTP clients' longer limits.
    /// </summary>
    public static readonly TimeSpan InteractiveBankBudget = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Opening the Connections page asks each bank about a live consent at most this often (per
    /// customer and bank, in this instance). Short enough that a customer who has just revoked at
    /// their bank and comes to look sees it ended; long enough that reloading the page does not ask
    /// again. Scheduled updates (<see cref="DefaultFrequencyPerDay"/> a day) find it out anyway.
    /// </summary>
    public static readonly TimeSpan ConsentCheckInterval = TimeSpan.FromMinutes(5);

    /// <summary>How long one such check may take; nobody waits for it, but a hanging bank should not hold it forever.</summary>
    public static readonly TimeSpan ConsentCheckBudget = TimeSpan.FromSeconds(10);

    private readonly AuditLedger ledger = new(store, timeProvider);

    /// <summary>
    /// When each (customer, bank) was last asked by <see cref="CheckLiveConsentsAsync"/>. Entries
    /// older than the interval are dropped (<see cref="ForgetStaleChecks"/>), so it holds only the
    /// customers who opened the page lately, not every customer since the process started.
    /// </summary>
    private readonly ConcurrentDictionary<(ObjectId Owner, string Bank), DateTime> consentCheckedAt = new();

    // Ticks of the last sweep of consentCheckedAt (Interlocked: pages call concurrently).
    private long consentChecksSweptAt;

    /// <summary>How many (customer, bank) check times are held; for tests of the sweep.</summary>
    internal int ConsentChecksHeld => consentCheckedAt.Count;

    private IDocumentCollection<AuthorizationRequest> Requests => store.Collection(OpenFinanceCollections.AuthorizationRequests);
    private IDocumentCollection<Consent> Consents => store.Collection(OpenFinanceCollections.Consents);

    /// <summary>Starts connecting (or renewing at) a bank: a consent there, and where to send the customer to approve it.</summary>
    /// <exception cref="ArgumentException">The request itself is refused (no data, no accounts, or a period outside 1 to 180 days),
    /// before the bank is asked and before anything is stored.</exception>
    public async Task<AuthorizationStart> StartAsync(PartyReference owner, ConnectionRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Permissions.Count == 0)
        {
            throw new ArgumentException("Choose at least one kind of data to share.", nameof(request));
        }
        if (!request.Permissions.Contains(ConsentPermissions.Accounts, StringComparer.Ordinal))
        {
            // Open banking reads everything through the accounts the customer shares (Berlin Group and UK Open Banking read
            // balances and transactions per account; loans are accounts too): a consent without them would link nothing.
            throw new ArgumentException(
                "Accounts must be shared: balances, transactions, loans and mortgages are read for the accounts you share, " +
                "so without them Leafy Bank could link nothing.", nameof(request));
        }
        if (request.ValidityDays is < 1 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "A consent lasts between 1 and 180 days.");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var requestedValidUntil = now.Date.AddDays(request.ValidityDays);
        var validUntil = requestedValidUntil;
        var (bank, metadata, consent) = await StartAtBankAsync(request, validUntil, cancellationToken);
        // The bank may shorten the validity to its own maximum: show what it granted, not what was asked.
        if (DateTime.TryParse(consent.ValidUntil, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var granted))
        {
            validUntil = granted;
        }

        // Decided once, here, and kept with the attempt: the code is redeemed as the push bound it, whatever the metadata says by then.
        var bindCodeToDpopKey = oauth.UsesDpop(metadata);
        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        await Requests.UpsertAsync(new AuthorizationRequest
        {
            RequestUser = owner,
            Bank = bank.Id,
            StateHash = Hash(state),
            CodeVerifier = protector.Protect(verifier),
            ConsentId = consent.ConsentId,
            RedirectUri = request.RedirectUri.ToString(),
            Permissions = [.. request.Permissions],
            ValidUntil = validUntil,
            RequestedValidUntil = requestedValidUntil,
            FrequencyPerDay = consent.FrequencyPerDay ?? DefaultFrequencyPerDay,
            TokenType = bindCodeToDpopKey ? BankAccessToken.DpopScheme : BankAccessToken.BearerScheme,
            CreatedAt = now,
            ExpiresAt = now + CallbackLifetime,
        }, cancellationToken);
        await AuditAsync(owner, AuditKinds.ConsentRequested, bank, consent.ConsentId, AuditOutcomes.Succeeded,
            $"Asked {bank.Name} for {PermissionWords.Of(request.Permissions)} until {DayFormat.Of(requestedValidUntil)}" +
            (validUntil.Date == requestedValidUntil.Date ? "." : $"; {bank.Name} allows until {DayFormat.Of(validUntil)}."), cancellationToken);

        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = oauth.ClientId,
            ["redirect_uri"] = request.RedirectUri.ToString(),
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        BankOAuthClient.AddConsentParameters(bank, parameters, consent.ConsentId, request.Permissions);
        var authorizeUrl = await oauth.PushAuthorizationRequestAsync(bank, metadata, parameters, bindCodeToDpopKey, cancellationToken);
        return new AuthorizationStart(authorizeUrl, consent.ConsentId, validUntil);
    }

    /// <summary>
    /// The bank's part of starting, while the customer waits: the directory and discovery come
    /// from memory when known, and everything together gets <see cref="InteractiveBankBudget"/>.
    /// A bank that hangs or fails becomes one sentence naming it (<see cref="BankTroubleWords"/>);
    /// what it actually did stays in the exception's inner exception, for the logs.
    /// </summary>
    private async Task<(BankDirectoryEntry Bank, AuthorizationServerMetadata Metadata, BankConsentStatus Consent)> StartAtBankAsync(
        ConnectionRequest request, DateTime validUntil, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(InteractiveBankBudget, timeProvider);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        BankDirectoryEntry? bank = null;
        try
        {
            bank = await directory.GetAsync(request.BankId, bounded.Token);
            var metadata = await oauth.GetMetadataAsync(bank, bounded.Token);
            var consent = await oauth.CreateConsentAsync(bank, new BankConsentRequest(
                [.. request.Permissions], validUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DefaultFrequencyPerDay, RecurringIndicator: true),
                bounded.Token);
            return (bank, metadata, consent);
        }
        catch (OperationCanceledException silence) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BankApiException(BankFailureKind.Unavailable,
                bank is null ? BankTroubleWords.DirectoryUnavailable : BankTroubleWords.NotAnswering(bank.Name), inner: silence);
        }
        catch (BankApiException failure) when (bank is not null)
        {
            throw new BankApiException(failure.Kind, BankTroubleWords.CouldNotStartConnecting(bank.Name, failure), failure.RetryAfter, failure);
        }
    }

    /// <summary>
    /// Handles the bank's redirect back. Only the customer who started the attempt can complete
    /// it, once, within <see cref="CallbackLifetime"/>; everything else is rejected unchanged.
    /// </summary>
    public async Task<ConnectionResult> CompleteAsync(PartyReference owner, string? state, string? code, string? error, string? issuer,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(state))
        {
            return new ConnectionResult(ConnectionOutcome.Rejected, "", "The bank's answer did not say which connection it belongs to. Start connecting the bank again.",
                Rejection: CallbackRejection.Unknown);
        }

        var pending = await Requests.FindByKeyAsync([owner.UserId, Hash(state)], cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (pending is null)
        {
            return new ConnectionResult(ConnectionOutcome.Rejected, "", "This answer from the bank does not match a connection you started. Start connecting the bank again.",
                Rejection: CallbackRejection.Unknown);
        }
        if (pending.CompletedAt is not null)
        {
            return new ConnectionResult(ConnectionOutcome.Rejected, pending.Bank, "This answer from the bank was already used. Your connections are unchanged.", pending.ConsentId, CallbackRejection.Replayed);
        }

        // Claim the attempt before doing anything with it, so a replayed callback racing this one loses.
        var claimed = pending.CompletedOn(now);
        if (!await Requests.TryReplaceAsync(claimed, r => r.CompletedAt == null, cancellationToken))
        {
            return new ConnectionResult(ConnectionOutcome.Rejected, pending.Bank, "This answer from the bank was already used. Your connections are unchanged.", pending.ConsentId, CallbackRejection.Replayed);
        }

        var bank = await directory.GetAsync(pending.Bank, cancellationToken);
        var renewed = await RenewableAsync(owner, bank.Id, pending.ConsentId, now, cancellationToken);
        if (pending.ExpiresAt < now)
        {
            await AuditAsync(owner, AuditKinds.ConsentRejected, bank, pending.ConsentId, AuditOutcomes.Failed, "The approval at the bank took too long.", cancellationToken);
            return new ConnectionResult(ConnectionOutcome.Rejected, bank.Id,
                $"The approval at {bank.Name} took longer than {CallbackLifetime.TotalMinutes:0} minutes. Start connecting the bank again.", pending.ConsentId,
                CallbackRejection.Expired);
        }

        if (!string.IsNullOrEmpty(error))
        {
            // access_denied means "not approved": the customer declined, or cancelled at the bank's sign-in or consent page.
            // The protocol does not tell the two apart (RFC 6749 §4.1.2.1), so neither do these words.
            var declined = error == "access_denied";
            await AuditAsync(owner, declined ? AuditKinds.ConsentDeclined : AuditKinds.ConsentRejected, bank, pending.ConsentId, AuditOutcomes.Failed,
                declined ? $"Not approved at {bank.Name}: declined or cancelled there." : $"The bank answered '{error}'.", cancellationToken);
            return declined
                ? new ConnectionResult(ConnectionOutcome.Declined, bank.Id, renewed is { IsLive: true }
                    ? $"You did not approve the renewal at {bank.Name}; your current consent stays as it was, until {DayFormat.Of(renewed.Consent.ValidUntil)}."
                    : $"You did not approve at {bank.Name}, so nothing was shared and nothing was linked.", pending.ConsentId)
                : new ConnectionResult(ConnectionOutcome.Failed, bank.Id, $"{bank.Name} could not complete the approval ({error}). Nothing was linked; try again later.", pending.ConsentId);
        }
        if (string.IsNullOrEmpty(code))
        {
            // Recorded like every other ending, so the ledger does not show the request as merely unfinished.
            await AuditAsync(owner, AuditKinds.ConsentRejected, bank, pending.ConsentId, AuditOutcomes.Failed, "The bank answered without an authorization code.", cancellationToken);
            return new ConnectionResult(ConnectionOutcome.Failed, bank.Id, $"{bank.Name} sent no authorization code. Nothing was linked; start again.", pending.ConsentId);
        }

        // Read before the new token replaces it: a renewal revokes the old one once it is no longer needed.
        BankToken? replacedToken;
        try
        {
            var metadata = await oauth.GetMetadataAsync(bank, cancellationToken);
            // RFC 9207: a code is used only if the answer names this bank's issuer (mix-up attacks).
            BankOAuthClient.CheckResponseIssuer(bank, metadata, issuer);
            var response = await oauth.ExchangeCodeAsync(bank, metadata, code, pending.RedirectUri, protector.Unprotect(pending.CodeVerifier),
                RedeemsWithDpopProof(pending, metadata), cancellationToken);
            replacedToken = await tokens.FindAsync(owner, bank, cancellationToken);
            await tokens.SaveAsync(owner, bank, pending.ConsentId, response, cancellationToken);
        }
        catch (Exception exception) when (exception is BankAuthorizationException or BankApiException)
        {
            await AuditAsync(owner, AuditKinds.ConsentGranted, bank, pending.ConsentId, AuditOutcomes.Failed, exception.Message, cancellationToken);
            return new ConnectionResult(ConnectionOutcome.Failed, bank.Id, $"{exception.Message} Nothing was linked; start connecting the bank again.", pending.ConsentId);
        }

        await RecordGrantAsync(owner, bank, pending, now, cancellationToken);

        if (renewed is null)
        {
            // Connecting again after the bank sent someone else's accounts: that consent is still valid at the bank and is
            // replaced by this one, so it is ended there (best effort, as for a renewal).
            if ((await Consents.FindAsync(owner.UserId, c => c.Bank == bank.Id && c.ConsentId != pending.ConsentId && c.Status == ConsentStatuses.Valid,
                    cancellationToken)).Count > 0)
            {
                await EndReplacedConsentsAsync(owner, bank, pending.ConsentId, replacedToken, now, cancellationToken);
            }
            return new ConnectionResult(ConnectionOutcome.Connected, bank.Id, $"{bank.Name} is connected.", pending.ConsentId) { ValidUntil = pending.ValidUntil };
        }
        var ended = await EndReplacedConsentsAsync(owner, bank, pending.ConsentId, replacedToken, now, cancellationToken);
        var change = new ConsentChange(renewed.Consent.Permissions, renewed.Consent.ValidUntil, pending.Permissions, pending.ValidUntil);
        var replaced = renewed.Status == ConnectionStatus.Expired
            ? $"the consent that ended on {DayFormat.Of(renewed.Consent.ValidUntil)}"
            : $"the consent ending on {DayFormat.Of(renewed.Consent.ValidUntil)}";
        // The same data until the same day is asked for to choose the accounts again at the bank: "replaced by one valid until"
        // the very day it names read as a renewal that did nothing.
        var newEnd = DayFormat.Of(pending.ValidUntil) == DayFormat.Of(renewed.Consent.ValidUntil)
            ? $"a new one valid until the same day, {DayFormat.Of(pending.ValidUntil)}"
            : $"one valid until {DayFormat.Of(pending.ValidUntil)}";
        await AuditAsync(owner, AuditKinds.ConsentRenewed, bank, pending.ConsentId, AuditOutcomes.Succeeded,
            (change.SameData
                ? $"Renewed {bank.Name}: {replaced} is replaced by {newEnd}."
                : $"Changed what {bank.Name} shares: {replaced} is replaced by one for {PermissionWords.Of(pending.Permissions)} valid until {DayFormat.Of(pending.ValidUntil)}"
                  + (change.Added.Count > 0 ? $", adding {PermissionWords.Of(change.Added)}" : "")
                  + (change.Dropped.Count > 0 ? $", dropping {PermissionWords.Of(change.Dropped)}" : "") + ".")
            + (ended ? "" : " The old consent could not be ended at the bank yet; it ends on its own on its last day.")
            + " Your data was kept.", cancellationToken);
        return new ConnectionResult(ConnectionOutcome.Renewed, bank.Id, RenewedMessage(bank.Name, change), pending.ConsentId)
        {
            ValidUntil = pending.ValidUntil,
            PreviousValidUntil = renewed.Consent.ValidUntil,
            Change = change,
        };
    }

    /// <summary>
    /// Whether the code is redeemed with a DPoP proof: as the push decided (<see cref="AuthorizationRequest.TokenType"/>), since a code
    /// bound there is refused without a proof of the key (RFC 9449 §10) and an unbound one was not meant to give bound tokens, however
    /// the bank's metadata reads now (the cache re-read it, the app restarted, another instance took the callback). An attempt stored
    /// before the decision was kept decides from the metadata, as it always did.
    /// </summary>
    private bool RedeemsWithDpopProof(AuthorizationRequest pending, AuthorizationServerMetadata metadata) =>
        pending.TokenType is { } pushedFor ? BankAccessToken.IsDpopTokenType(pushedFor) : oauth.UsesDpop(metadata);

    /// <summary>What a granted renewal did, in one sentence: a renewal says how much longer, a change what is shared now.</summary>
    private static string RenewedMessage(string bankName, ConsentChange change)
    {
        var period = change.DaysLonger switch
        {
            > 0 => $"{CountWords.Count(change.DaysLonger, "day")} longer than before",
            < 0 => $"{CountWords.Count(-change.DaysLonger, "day")} sooner than before",
            _ => "the same day as before",
        };
        return change.SameData
            ? $"{bankName} is renewed until {DayFormat.Of(change.ValidUntil)}, {period}."
            : $"{bankName} now shares your {PermissionWords.Of(change.Permissions)} until {DayFormat.Of(change.ValidUntil)}, {period}.";
    }

    /// <summary>
    /// What the customer's latest renewal at this bank changed, from stored consents only (the result
    /// page asks, and must never call a bank): the current consent compared with the one it replaced,
    /// the latest earlier consent that was still live when the current one was asked for. Null when
    /// the current consent replaced none (a first connection, or connecting again after one ended).
    /// </summary>
    public async Task<ConsentChange?> LastRenewalAsync(ObjectId ownerId, string bankId, CancellationToken cancellationToken = default)
    {
        var granted = await GrantedNewestFirstAsync(ownerId, bankId, cancellationToken);
        var replaced = Replaced(granted);
        return replaced is null ? null : new ConsentChange(replaced.Permissions, replaced.ValidUntil, granted[0].Permissions, granted[0].ValidUntil);
    }

    /// <summary>
    /// The consent the customer's current one at this bank came after, when the current one replaced none that was live: it is
    /// a connection made again after an earlier one ended (ran out, was ended at the bank or by the customer, or sent someone
    /// else's accounts). From stored consents only, like <see cref="LastRenewalAsync"/>. Null for a first connection and for a
    /// renewal, so the result page says "connected again" only when the customer truly was connected before.
    /// </summary>
    public async Task<Consent?> ConnectedBeforeAsync(ObjectId ownerId, string bankId, CancellationToken cancellationToken = default)
    {
        var granted = await GrantedNewestFirstAsync(ownerId, bankId, cancellationToken);
        return granted.Count < 2 || Replaced(granted) is not null ? null : granted[1];
    }

    /// <summary>
    /// What the customer chose in their latest attempt to connect this bank (what to share, and for how many days), while the
    /// attempt is still stored (it holds a PKCE verifier and is deleted once it expires, <see cref="CallbackLifetime"/> after it
    /// started), or null. A declined or failed approval's result page offers to try again with the same choices.
    /// </summary>
    public async Task<ConnectionChoices?> LastAttemptAsync(ObjectId ownerId, string bankId, CancellationToken cancellationToken = default)
    {
        var latest = (await Requests.FindAsync(ownerId, r => r.Bank == bankId, cancellationToken))
            .OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        if (latest is null)
        {
            return null;
        }
        // StartAsync asked until CreatedAt's day plus the days chosen; attempts stored before the day asked was kept hold what the bank granted.
        var days = ((latest.RequestedValidUntil ?? latest.ValidUntil).Date - latest.CreatedAt.Date).Days;
        return new ConnectionChoices([.. latest.Permissions], Math.Clamp(days, 1, 180));
    }

    /// <summary>The customer's granted consents at one bank (refused requests aside), the newest first.</summary>
    private async Task<List<Consent>> GrantedNewestFirstAsync(ObjectId ownerId, string bankId, CancellationToken cancellationToken) =>
        [.. (await Consents.FindAsync(ownerId, c => c.Bank == bankId, cancellationToken))
            .Where(RenewedConsent.WasGranted)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.StatusChangedAt)];

    /// <summary>The consent the newest one replaced while it was still live (a renewal), or null: the rule the ledger shares.</summary>
    private static Consent? Replaced(List<Consent> grantedNewestFirst) =>
        grantedNewestFirst.Count < 2 ? null : RenewedConsent.Replaced(grantedNewestFirst.Skip(1), grantedNewestFirst[0]);

    /// <summary>
    /// The approval is stored: the consent as granted, the sync state pointing at it (the first sync
    /// follows with the customer present), and the ledger entry.
    /// </summary>
    private async Task RecordGrantAsync(PartyReference owner, BankDirectoryEntry bank, AuthorizationRequest pending, DateTime now, CancellationToken cancellationToken)
    {
        await Consents.UpsertAsync(new Consent
        {
            ConsentId = pending.ConsentId,
            Bank = bank.Id,
            ConsentUser = owner,
            Status = ConsentStatuses.Valid,
            Permissions = pending.Permissions,
            CreatedAt = pending.CreatedAt,
            ValidUntil = pending.ValidUntil,
            // Kept only when the bank granted another day, so the result page can say so.
            RequestedValidUntil = pending.RequestedValidUntil is { } asked && asked.Date != pending.ValidUntil.Date ? asked : null,
            FrequencyPerDay = pending.FrequencyPerDay,
            StatusChangedAt = now,
        }, cancellationToken);
        // The first sync follows the approval with the customer present; the scheduler takes it only if that never comes.
        // Only the grant's own fields, over the freshest copy: a sync that finished or renewed its lease meanwhile keeps what it wrote.
        var written = await store.Collection(OpenFinanceCollections.SyncStates).UpdateOrCreateAsync(owner, bank.Id, syncState =>
        {
            syncState.ConsentId = pending.ConsentId;
            syncState.NextAllowedAt = now + Sync.SyncScheduler.FirstSyncGrace;
            // A new consent starts clean: an earlier failure's words and kind (LastFailureKind is cleared with LastError) no longer apply.
            syncState.LastError = null;
            syncState.LastFailureKind = null;
            syncState.ConsecutiveFailures = 0;
        }, cancellationToken);
        if (!written.Written)
        {
            throw new InvalidOperationException(
                $"{bank.Name} granted the consent, but its connection was being changed elsewhere at every one of {Sync.SyncStateWrites.Attempts} tries to point it there.");
        }
        await AuditAsync(owner, AuditKinds.ConsentGranted, bank, pending.ConsentId, AuditOutcomes.Succeeded,
            $"{bank.Name} granted {PermissionWords.Of(pending.Permissions)} until {DayFormat.Of(pending.ValidUntil)}.", cancellationToken);
    }

    /// <summary>
    /// The connection a new consent at this bank renews: the customer's latest consent there while
    /// it is live. A consent that ended (ran out, revoked at the bank, ended by the customer) is not
    /// renewed: connecting again is a new connection.
    /// </summary>
    private async Task<ConnectionSummary?> RenewableAsync(PartyReference owner, string bankId, string newConsentId, DateTime now, CancellationToken cancellationToken)
    {
        var earlier = await Consents.FindAsync(owner.UserId, c => c.Bank == bankId && c.ConsentId != newConsentId, cancellationToken);
        var states = await store.Collection(OpenFinanceCollections.SyncStates).FindAsync(owner.UserId, s => s.Bank == bankId, cancellationToken);
        return ConnectionSummary.From(earlier, states, now).FirstOrDefault(c => c.CanRenew);
    }

    /// <summary>
    /// After a renewal is granted: terminates every other valid consent of the customer at this bank
    /// (Berlin Group DELETE, which at the bank also revokes the tokens issued under it) and revokes
    /// the replaced token (RFC 7009). Best effort: the renewal has already succeeded, so a bank that
    /// fails here is recorded in the ledger and the old consent, still valid, is ended by a later
    /// disconnect or on its last day. Returns whether every old consent was ended.
    /// </summary>
    private async Task<bool> EndReplacedConsentsAsync(PartyReference owner, BankDirectoryEntry bank, string newConsentId, BankToken? replacedToken, DateTime now,
        CancellationToken cancellationToken)
    {
        var allEnded = true;
        var replaced = await Consents.FindAsync(owner.UserId, c => c.Bank == bank.Id && c.ConsentId != newConsentId && c.Status == ConsentStatuses.Valid, cancellationToken);
        foreach (var consent in replaced)
        {
            try
            {
                await oauth.DeleteConsentAsync(bank, consent.ConsentId, cancellationToken);
            }
            catch (BankApiException exception)
            {
                allEnded = false;
                await AuditAsync(owner, AuditKinds.ConsentRevoked, bank, consent.ConsentId, AuditOutcomes.Failed,
                    $"The renewed consent replaces this one, but {bank.Name} could not end it yet: {exception.Message}", cancellationToken);
                continue;
            }
            consent.Status = ConsentStatuses.TerminatedByTpp;
            consent.StatusChangedAt = now;
            await Consents.UpsertAsync(consent, cancellationToken);
        }
        if (replacedToken is not null && replacedToken.ConsentId != newConsentId)
        {
            try
            {
                await tokens.RevokeAtBankAsync(bank, replacedToken, cancellationToken);
            }
            catch (BankApiException)
            {
                // Terminating the consent above already made the bank revoke this token; revocation is the belt to those braces.
            }
        }
        return allEnded;
    }

    /// <summary>
    /// Ends the connection: the consent is terminated at the bank, tokens are revoked and deleted,
    /// and — if asked — the bank's data is erased. The audit ledger keeps the record.
    /// </summary>
    public async Task DisconnectAsync(PartyReference owner, string bankId, bool deleteData, CancellationToken cancellationToken = default)
    {
        var bank = await directory.GetAsync(bankId, cancellationToken);
        var consents = await Consents.FindAsync(owner.UserId, c => c.Bank == bank.Id && c.Status == ConsentStatuses.Valid, cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;

        foreach (var consent in consents)
        {
            await oauth.DeleteConsentAsync(bank, consent.ConsentId, cancellationToken);
            consent.Status = ConsentStatuses.TerminatedByTpp;
            consent.StatusChangedAt = now;
            await Consents.UpsertAsync(consent, cancellationToken);
            // The receipt says what became of the data: kept read-only, or deleted (the deletion's own entry follows).
            await AuditAsync(owner, AuditKinds.ConsentRevoked, bank, consent.ConsentId, AuditOutcomes.Succeeded,
                deleteData ? $"You disconnected {bank.Name} and asked for its data to be deleted." : $"You disconnected {bank.Name} and kept its data, read-only: it is no longer updated.",
                cancellationToken);
        }
        await tokens.RevokeAndDeleteAsync(owner, bank, cancellationToken);
        await store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(owner.UserId, s => s.Bank == bank.Id, cancellationToken);

        if (deleteData)
        {
            await DeleteStoredDataAsync(owner, bank, cancellationToken);
            // Written after the data is gone: the consent's end above was heard by other tabs and instances (SyncStateChangeRelay)
            // while the data was still there, and a page that read again then would keep showing it with nothing to tell it again.
            await MarkDataDeletedAsync(owner, bank.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Erases what Leafy Bank keeps from a bank whose connection has ended (read-only after a
    /// disconnect, expired, or revoked at the bank). A live connection is disconnected first, with
    /// <see cref="DisconnectAsync"/>, so its consent is ended at the bank too. Returns false when the
    /// connection is still live (nothing is deleted then).
    /// </summary>
    public async Task<bool> DeleteDataAsync(PartyReference owner, string bankId, CancellationToken cancellationToken = default)
    {
        var bank = await directory.GetAsync(bankId, cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var live = await Consents.FindAsync(owner.UserId, c => c.Bank == bank.Id && c.Status == ConsentStatuses.Valid, cancellationToken);
        if (live.Any(c => c.ValidUntil > now))
        {
            return false;
        }
        await tokens.RevokeAndDeleteAsync(owner, bank, cancellationToken);
        await store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(owner.UserId, s => s.Bank == bank.Id, cancellationToken);
        await DeleteStoredDataAsync(owner, bank, cancellationToken);
        // Said on the bank's newest ended consent, after the data is gone: the customer's other tabs and instances hear consent
        // writes (SyncStateChangeRelay) and read the connection again; no consent changed otherwise.
        var ended = (await Consents.FindAsync(owner.UserId, c => c.Bank == bank.Id, cancellationToken))
            .Where(c => c.Status is not (ConsentStatuses.Received or ConsentStatuses.Rejected)).MaxBy(c => c.StatusChangedAt);
        if (ended is not null)
        {
            ended.DataDeletedAt = now;
            await Consents.UpsertAsync(ended, cancellationToken);
        }
        return true;
    }

    private async Task DeleteStoredDataAsync(PartyReference owner, BankDirectoryEntry bank, CancellationToken cancellationToken)
    {
        // One transaction where the store has them: the bank's accounts, loans and payments go together.
        var (accounts, products, transactions) = await store.RunInTransactionAsync(async (scope, token) => (
            await scope.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(owner.UserId, a => a.AccountBank == bank.Name, token),
            await scope.Collection(OpenFinanceCollections.ExternalProducts).DeleteAsync(owner.UserId, p => p.ProductBank == bank.Name, token),
            await scope.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(owner.UserId, t => t.TransactionBank == bank.Name, token)),
            cancellationToken);
        await AuditAsync(owner, AuditKinds.DataDeleted, bank, null, AuditOutcomes.Succeeded,
            $"Deleted {CountWords.Count(accounts, "account")}, {CountWords.LoansOrMortgages(products)} and {CountWords.Count(transactions, "transaction")} from {bank.Name}.",
            cancellationToken);
    }

    /// <summary>
    /// Removes what Leafy Bank keeps of one account or loan its bank no longer shares (the customer unticked it at the bank,
    /// <see cref="ExternalAccount.NoLongerSharedSince"/>): an account with its transactions, or a loan or mortgage. The bank
    /// keeps the account; only Leafy Bank's copy goes, so the totals, the lists and the data API no longer include it. One the
    /// bank still shares is refused (<see cref="UnsharedRemovalOutcome.StillShared"/>: the next update would bring it back),
    /// and a reference that is not one of the customer's own is <see cref="UnsharedRemovalOutcome.NotFound"/>, whether it is
    /// another customer's or made up. The ledger records the removal, and the bank's newest consent carries when it happened
    /// (<see cref="Consent.DataDeletedAt"/>), as "Delete this bank's data" does: the customer's other tabs and app instances
    /// hear consent writes (<c>SyncStateChangeRelay</c>) and read their data again.
    /// </summary>
    /// <param name="reference">The account's or loan's reference: its stored document's id, as its page's address has it.</param>
    public async Task<UnsharedDataRemoval> RemoveUnsharedDataAsync(PartyReference owner, string reference, CancellationToken cancellationToken = default)
    {
        if (!ObjectId.TryParse(reference, out var id))
        {
            return UnsharedDataRemoval.NotFound;
        }
        var (account, product) = await FindHeldAsync(owner, id, cancellationToken);
        var held = account is not null
            ? new UnsharedDataRemoval(UnsharedRemovalOutcome.Removed, AccountWords.Label(account), account.AccountBank)
            : product is not null
                ? new UnsharedDataRemoval(UnsharedRemovalOutcome.Removed, AccountWords.Label(product), product.ProductBank, IsLoan: true)
                : null;
        if (held is null)
        {
            return UnsharedDataRemoval.NotFound;
        }
        if ((account?.NoLongerSharedSince ?? product?.NoLongerSharedSince) is null)
        {
            return held with { Outcome = UnsharedRemovalOutcome.StillShared };
        }

        long transactions;
        try
        {
            transactions = await store.RunInTransactionAsync(
                (scope, token) => account is not null ? RemoveAccountAsync(scope, owner, account, token) : RemoveLoanAsync(scope, owner, product!, token),
                cancellationToken);
        }
        catch (SharedAgainException)
        {
            // A sync found it shared again (or another tab removed it) between the read above and the delete.
            var again = await FindHeldAsync(owner, id, cancellationToken);
            var stillHeld = account is not null ? again.Account is not null : again.Product is not null;
            return stillHeld ? held with { Outcome = UnsharedRemovalOutcome.StillShared } : UnsharedDataRemoval.NotFound;
        }

        var bankId = await BankIdOfAsync(owner, held.BankName, account?.Source?.ConsentId ?? product?.Source?.ConsentId, cancellationToken);
        await ledger.RecordAsync(owner, AuditKinds.UnsharedDataRemoved, bankId, null, AuditOutcomes.Succeeded,
            account is not null
                ? $"Removed the data of {held.Label} (no longer shared by {held.BankName}): the account and {CountWords.Count(transactions, "transaction")}."
                : $"Removed the data of {held.Label} (no longer shared by {held.BankName}).",
            cancellationToken);
        await MarkDataDeletedAsync(owner, bankId, cancellationToken);
        return held with { Transactions = transactions };
    }

    /// <summary>
    /// The customer's own account with this stored id, else their loan or mortgage with it (ids are unique across both), else
    /// neither. Owner-scoped reads: another customer's reference finds nothing here.
    /// </summary>
    private async Task<(ExternalAccount? Account, ExternalProduct? Product)> FindHeldAsync(PartyReference owner, ObjectId id, CancellationToken cancellationToken)
    {
        if (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(owner.UserId, a => a.Id == id, cancellationToken) is [var account, ..])
        {
            return (account, null);
        }
        return (null, await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(owner.UserId, p => p.Id == id, cancellationToken) is [var product, ..]
            ? product
            : null);
    }

    /// <summary>
    /// The account's transactions, then the account while it is still marked no longer shared. Transactions first: where the
    /// store has no transactions a removal interrupted between the two leaves the account to remove again, never payments of
    /// an account that is gone. In a transaction an account shared again meanwhile undoes both (<see cref="SharedAgainException"/>);
    /// without one its payments are gone until the next update reads them again.
    /// </summary>
    private static async Task<long> RemoveAccountAsync(ITransactionScope scope, PartyReference owner, ExternalAccount account, CancellationToken cancellationToken)
    {
        var (bankName, accountId, id) = (account.AccountBank, account.AccountId, account.Id);
        var transactions = await scope.Collection(OpenFinanceCollections.ExternalTransactions)
            .DeleteAsync(owner.UserId, t => t.TransactionBank == bankName && t.AccountId == accountId, cancellationToken);
        if (await scope.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(owner.UserId, a => a.Id == id && a.NoLongerSharedSince != null, cancellationToken) == 0)
        {
            throw new SharedAgainException();
        }
        return transactions;
    }

    /// <summary>A loan or mortgage has no transactions of its own (its repayments are payments from an account).</summary>
    private static async Task<long> RemoveLoanAsync(ITransactionScope scope, PartyReference owner, ExternalProduct product, CancellationToken cancellationToken)
    {
        var id = product.Id;
        if (await scope.Collection(OpenFinanceCollections.ExternalProducts).DeleteAsync(owner.UserId, p => p.Id == id && p.NoLongerSharedSince != null, cancellationToken) == 0)
        {
            throw new SharedAgainException();
        }
        return 0;
    }

    /// <summary>The account or loan was no longer there to remove as unshared: shared again, or removed meanwhile.</summary>
    private sealed class SharedAgainException : Exception;

    /// <summary>
    /// The directory's id of the bank a document came from: the consent it was read under names it; an older document without
    /// one is matched by the bank's name in the directory, else the name stands (the ledger shows it as given).
    /// </summary>
    private async Task<string> BankIdOfAsync(PartyReference owner, string bankName, string? consentId, CancellationToken cancellationToken)
    {
        if (consentId is not null && await Consents.FindAsync(owner.UserId, c => c.ConsentId == consentId, cancellationToken) is [var consent, ..])
        {
            return consent.Bank;
        }
        try
        {
            return (await directory.ListAsync(cancellationToken)).FirstOrDefault(b => b.Name == bankName)?.Id ?? bankName;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return bankName;
        }
    }

    /// <summary>
    /// Writes when data was deleted on the bank's newest consent (live, or the ended one): a consent write is what the customer's
    /// other tabs and instances hear. Re-read just before and replaced only while its status is as read, so a consent ended
    /// meanwhile is not turned back; one that changed meanwhile was heard anyway.
    /// </summary>
    private async Task MarkDataDeletedAsync(PartyReference owner, string bankId, CancellationToken cancellationToken)
    {
        var newest = (await Consents.FindAsync(owner.UserId, c => c.Bank == bankId, cancellationToken))
            .Where(c => c.Status is not (ConsentStatuses.Received or ConsentStatuses.Rejected)).MaxBy(c => c.StatusChangedAt);
        if (newest is null)
        {
            return;
        }
        var status = newest.Status;
        newest.DataDeletedAt = timeProvider.GetUtcNow().UtcDateTime;
        await Consents.TryReplaceAsync(newest, c => c.Status == status, cancellationToken);
    }

    /// <summary>
    /// After the bank refused Leafy Bank's access: asks the bank what became of the consent and,
    /// when it was ended there (revoked by the customer at the bank, expired or rejected), records
    /// that, so the connection shows as ended with "Reconnect" rather than as a failing update that
    /// "Sync now" could fix. The stored data is kept. Returns whether the consent was found ended.
    /// A bank that cannot say leaves everything as it was.
    /// </summary>
    public async Task<bool> RecordEndedAtBankAsync(PartyReference owner, string bankId, CancellationToken cancellationToken = default)
    {
        var bank = await directory.GetAsync(bankId, cancellationToken);
        var consent = (await Consents.FindAsync(owner.UserId, c => c.Bank == bank.Id && c.Status == ConsentStatuses.Valid, cancellationToken))
            .MaxBy(c => c.CreatedAt);
        if (consent is null)
        {
            return false;
        }
        BankConsentStatus atBank;
        try
        {
            atBank = await oauth.GetConsentAsync(bank, consent.ConsentId, cancellationToken);
        }
        catch (BankApiException)
        {
            return false;
        }
        var ended = atBank.ConsentStatus switch
        {
            ConsentStatuses.RevokedByPsu or ConsentStatuses.TerminatedByTpp => ConsentStatuses.RevokedByPsu,
            ConsentStatuses.Expired => ConsentStatuses.Expired,
            ConsentStatuses.Rejected => ConsentStatuses.Rejected,
            _ => null,
        };
        if (ended is null)
        {
            return false;
        }
        consent.Status = ended;
        consent.StatusChangedAt = timeProvider.GetUtcNow().UtcDateTime;
        if (!await Consents.TryReplaceAsync(consent, c => c.Status == ConsentStatuses.Valid, cancellationToken))
        {
            return false;
        }
        // The bank no longer honours them; keeping them would only invite refused calls.
        await store.Collection(OpenFinanceCollections.Tokens).DeleteAsync(owner.UserId, t => t.ConsentId == consent.ConsentId, cancellationToken);
        await AuditAsync(owner, ended == ConsentStatuses.Expired ? AuditKinds.ConsentExpired : AuditKinds.ConsentRevoked, bank, consent.ConsentId, AuditOutcomes.Succeeded,
            ended == ConsentStatuses.Expired
                ? $"{bank.Name} says the consent has ended. Leafy Bank no longer reads {bank.Name}; the data already here is kept."
                : $"The consent was ended at {bank.Name}. Leafy Bank no longer reads {bank.Name}; the data already here is kept. Connect it again to resume.",
            cancellationToken);
        return true;
    }

    /// <summary>
    /// Asks each bank whether the customer's live consent there still stands, and records the ones
    /// ended at the bank (<see cref="RecordEndedAtBankAsync"/>), so a consent revoked at the bank shows
    /// as ended when the customer looks rather than at the next refused update. Each bank is asked at
    /// most once per <see cref="ConsentCheckInterval"/>, all at once, each within
    /// <see cref="ConsentCheckBudget"/>; a bank that fails or does not answer leaves everything as it
    /// was. Returns the banks whose consent was found ended.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckLiveConsentsAsync(PartyReference owner, IEnumerable<string> bankIds, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        ForgetStaleChecks(now);
        var due = bankIds.Distinct(StringComparer.OrdinalIgnoreCase).Where(bankId => TryClaimCheck(owner.UserId, bankId, now)).ToList();
        var checks = await Task.WhenAll(due.Select(async bankId => await CheckOneAsync(owner, bankId, cancellationToken) ? bankId : null));
        return [.. checks.OfType<string>()];
    }

    /// <summary>Takes the (customer, bank) slot unless it was taken within <see cref="ConsentCheckInterval"/> (two pages opened at once ask once).</summary>
    private bool TryClaimCheck(ObjectId owner, string bankId, DateTime now)
    {
        var key = (owner, bankId.ToLowerInvariant());
        while (true)
        {
            if (!consentCheckedAt.TryGetValue(key, out var checkedAt))
            {
                if (consentCheckedAt.TryAdd(key, now))
                {
                    return true;
                }
                continue;
            }
            if (now - checkedAt < ConsentCheckInterval)
            {
                return false;
            }
            if (consentCheckedAt.TryUpdate(key, now, checkedAt))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// At most once per <see cref="ConsentCheckInterval"/>, drops the check times that no longer
    /// hold anything back: an entry older than the interval lets the next check through anyway.
    /// </summary>
    private void ForgetStaleChecks(DateTime now)
    {
        var sweptAt = Interlocked.Read(ref consentChecksSweptAt);
        if (now.Ticks - sweptAt < ConsentCheckInterval.Ticks
            || Interlocked.CompareExchange(ref consentChecksSweptAt, now.Ticks, sweptAt) != sweptAt)
        {
            return;
        }
        foreach (var entry in consentCheckedAt)
        {
            if (now - entry.Value >= ConsentCheckInterval)
            {
                // Removes only the value read: a check claimed meanwhile stays.
                consentCheckedAt.TryRemove(entry);
            }
        }
    }

    private async Task<bool> CheckOneAsync(PartyReference owner, string bankId, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(ConsentCheckBudget, timeProvider);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            return await RecordEndedAtBankAsync(owner, bankId, bounded.Token);
        }
        catch (Exception exception) when (exception is BankApiException or BankNotFoundException or BankAuthorizationException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The bank (or the directory) could not say: the connection stays as it was; the next check or update asks again.
            return false;
        }
    }

    private Task AuditAsync(PartyReference owner, string kind, BankDirectoryEntry bank, string? consentId, string outcome, string detail, CancellationToken cancellationToken) =>
        ledger.RecordAsync(owner, kind, bank.Id, consentId, outcome, detail, cancellationToken);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
