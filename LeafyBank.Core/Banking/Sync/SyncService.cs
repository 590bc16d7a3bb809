using System.Globalization;
using LeafyBank.Core.Audit;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Connectors;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Ledger;
using LeafyBank.Core.Notifications;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Validation;
using LeafyBank.Core.Security;

namespace LeafyBank.Core.Banking.Sync;

public enum SyncOutcome
{
    Succeeded,
    /// <summary>Another sync of this connection holds the lease (here or on another instance).</summary>
    AlreadyRunning,
    /// <summary>No valid consent (never connected, revoked or expired).</summary>
    NotConnected,
    /// <summary>An unattended sync came before the consent's next allowed call.</summary>
    NotYetAllowed,
    Failed,
    /// <summary>
    /// The bank sent another person's accounts under this consent (now, or on an earlier sync): nothing
    /// is stored and the bank is not asked again; only connecting again as the customer helps.
    /// </summary>
    AccountsRefused,
}

/// <summary>The outcome of one sync, in words for the customer, with counts and the next allowed call.</summary>
/// <param name="EndedConnection">
/// For <see cref="SyncOutcome.NotConnected"/> at a bank the customer had connected: the connection as it ended, so a page can say
/// when in the customer's own time zone (<see cref="MessageFor"/>); <paramref name="Message"/> says it in UTC.
/// </param>
public sealed record SyncResult(SyncOutcome Outcome, string BankId, string Message, int Accounts = 0, int Products = 0, int Transactions = 0,
    DateTime? NextAllowedAt = null, ConnectionSummary? EndedConnection = null)
{
    /// <summary>The answer in words, with any instant it names worded by <paramref name="moment"/> (a page passes the customer's zone).</summary>
    public string MessageFor(Func<DateTime, string> moment) => EndedConnection?.NotUpdatedExplanation(moment) ?? Message;
}

/// <summary>Identifies this app instance in sync leases.</summary>
/// <remarks>
/// New for every process, on purpose: a name that survived a restart would let the restarted
/// process release "its" leases at start-up, but two live instances can share a machine name and
/// process id (containers), and one would then release the other's live lease. A dead process's
/// leases need no release: nobody renews them, so they run out within <see cref="SyncService.LeaseDuration"/>.
/// </remarks>
public sealed record SyncInstance(string Name)
{
    public static SyncInstance ForThisProcess() => new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
}

/// <summary>
/// Pulls one connection's data from its bank and stores it. Safe to call twice or from two
/// instances at once (a lease in <c>sync_state</c>), idempotent (natural-key upserts), and a
/// failing bank never touches the last good data: it only records the failure and when to try
/// again. Every pull is written to the audit ledger.
/// </summary>
public sealed class SyncService(
    IDocumentStore store,
    IBankDirectory directory,
    BankTokenService tokens,
    IEnumerable<IBankConnector> connectors,
    SyncInstance instance,
    TimeProvider timeProvider,
    PositionChangeNotifier? changes = null,
    ConnectionService? connections = null)
{
    /// <summary>
    /// How long a lease protects a sync without a heartbeat: a lease left by an instance that died is
    /// taken over after this. Instances' clocks must agree to well within it (NTP).
    /// </summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(20);

    /// <summary>How often a running sync renews its lease: a renewal may fail a few times before the lease runs out.</summary>
    public static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);

    /// <summary>A pending transaction books within this many days, or it is treated as cancelled.</summary>
    public const int PendingLifetimeDays = 7;

    /// <summary>How far back an incremental sync re-reads, to see pending transactions book.</summary>
    public const int IncrementalOverlapDays = PendingLifetimeDays + 3;

    private static readonly TimeSpan MaxBackOff = TimeSpan.FromHours(6);

    /// <summary>Set by the connectors in <c>BankExtras</c>: false when the consent did not include balances.</summary>
    private const string BalanceSharedField = "BalanceShared";

    private readonly AuditLedger ledger = new(store, timeProvider);

    public async Task<SyncResult> SyncAsync(PartyReference owner, string bankId, bool unattended, CancellationToken cancellationToken = default)
    {
        BankDirectoryEntry bank;
        try
        {
            bank = await directory.GetAsync(bankId, cancellationToken);
        }
        catch (Exception exception) when (exception is BankNotFoundException or BankApiException)
        {
            return await RecordDirectoryFailureAsync(owner, bankId, exception, unattended, cancellationToken);
        }
        var now = timeProvider.GetUtcNow().UtcDateTime;

        // The sync state before the consent: a renewal that lands between the two reads is then seen in the consent (the sync
        // runs under the new one), and one that lands after both moves the connection away from what was read here, which the
        // sync's last write respects. Read the other way round, a renewal between them would be undone by that write.
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var state = await states.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken);
        // Which consent the connection pointed at when this sync began (none yet: a state this sync creates points at its consent).
        var connectionConsentId = state?.ConsentId;
        var consent = (await store.Collection(OpenFinanceCollections.Consents)
                .FindAsync(owner.UserId, c => c.Bank == bank.Id && c.Status == ConsentStatuses.Valid, cancellationToken))
            .MaxBy(c => c.CreatedAt);
        if (consent is null || consent.ValidUntil <= now)
        {
            return await NotConnectedAsync(owner, bank.Id, bank.Name, state, cancellationToken);
        }

        if (state is null)
        {
            // Only if still absent: a grant that created it since the read keeps its own.
            await states.TryCreateAsync(new SyncState { SyncUser = owner, Bank = bank.Id, BankName = bank.Name, ConsentId = consent.ConsentId }, cancellationToken);
            state = await states.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken) ?? throw new InvalidOperationException("sync state vanished");
        }
        if (ConnectionSummary.IsRefusal(state) && state.ConsentId == consent.ConsentId)
        {
            // The same consent would bring the same person's accounts again: the bank is not asked.
            return new SyncResult(SyncOutcome.AccountsRefused, bank.Id, state.LastError!);
        }
        if (unattended && state.NextAllowedAt > now)
        {
            return new SyncResult(SyncOutcome.NotYetAllowed, bank.Id, $"{bank.Name} allows the next automatic update at {state.NextAllowedAt:HH:mm} UTC.", NextAllowedAt: state.NextAllowedAt);
        }

        // The first sync under this consent, requested by the connect flow: whichever sync runs first records how it went.
        FirstSyncRecord? firstSync = null;
        await using var lease = await SyncLease.TryAcquireAsync(states, state, instance.Name, timeProvider, cancellationToken, taken =>
        {
            taken.BankName = bank.Name;
            firstSync = taken.FirstSync is { FinishedAt: null } requested && requested.ConsentId == consent.ConsentId ? requested : null;
            firstSync?.StartedAt = now;
        });
        if (lease is null)
        {
            return new SyncResult(SyncOutcome.AlreadyRunning, bank.Id, $"{bank.Name} is already being updated.");
        }
        // Stops the sync where it is if another instance takes the lease over.
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);

        SyncResult? result = null;
        // Set once the outcome is on `state`; a sync that ended otherwise (consent ended, unexpected error) records only its end.
        var outcomeRecorded = false;
        try
        {
            var snapshot = await FetchAsync(owner, bank, consent, state, unattended, work.Token);
            await RefuseAnotherHoldersAccountsAsync(owner, bank, snapshot, work.Token);
            await lease.ConfirmAsync(work.Token);
            // Ending a consent (revoked at the bank, renewed, expired, "delete all my linked data") takes no lease:
            // one that ended while the bank answered gets nothing written under it.
            await EnsureStillValidAsync(store.Collection(OpenFinanceCollections.Consents), consent, work.Token);
            var lastSuccessAt = state.LastSuccessAt;
            var counts = await store.RunInTransactionAsync((scope, token) => ApplySnapshotAsync(scope, owner, bank, consent, snapshot, lastSuccessAt, token), work.Token);
            // After the first sync only recent days are read again: "18 transactions" alone would read as all there are, and
            // "from <day> on" as if the history before that day were gone. "Recent" says what was refreshed, and nothing more.
            // A kind the consent does not share is named as such, not counted as 0 (which reads as "none" or as a fault).
            var read = SharedCountWords.Sentence(consent.Permissions, counts.Accounts, counts.Products, counts.Transactions,
                TransactionsSince(state, consent) is null ? "transaction" : "recent transaction");
            state.LastSuccessAt = now;
            state.LastError = null;
            state.LastFailureKind = null;
            state.ConsecutiveFailures = 0;
            state.ConsentId = consent.ConsentId;
            state.NextAllowedAt = unattended
                ? SyncAllowance.AfterUnattended(now, consent.FrequencyPerDay)
                : SyncAllowance.AfterCustomerPresent(now, consent.FrequencyPerDay, state.NextAllowedAt, succeeded: true);
            result = new SyncResult(SyncOutcome.Succeeded, bank.Id,
                $"Updated {bank.Name}: {read}.",
                counts.Accounts, counts.Products, counts.Transactions, state.NextAllowedAt);
            outcomeRecorded = true;
            await AuditAsync(owner, bank.Id, consent.ConsentId, AuditOutcomes.Succeeded, result.Message, cancellationToken);
        }
        catch (ConsentEndedException)
        {
            result = new SyncResult(SyncOutcome.NotConnected, bank.Id,
                $"Your consent at {bank.Name} ended while Leafy Bank was updating it, so the update stopped. The data already here is kept; connect {bank.Name} again to keep it current.");
            await AuditAsync(owner, bank.Id, consent.ConsentId, AuditOutcomes.Failed, result.Message, cancellationToken);
        }
        catch (Exception caught) when (caught is BankApiException or TokenUnreadableException
                                           or StoreUnavailableException or DocumentValidationException or DocumentConflictException)
        {
            var exception = caught as BankApiException ?? OnLeafyBanksSide(bank, caught);
            RecordFailure(state, consent, now, unattended, exception.Kind, exception.Message, exception.RetryAfter);
            outcomeRecorded = true;
            var refused = exception.Kind == BankFailureKind.NotTheCustomersAccounts;
            if (refused)
            {
                // No scheduled retry: this consent answers with the same accounts until the customer connects again as themselves.
                state.NextAllowedAt = null;
                state.ConsentId = consent.ConsentId;
            }
            result = new SyncResult(refused ? SyncOutcome.AccountsRefused : SyncOutcome.Failed, bank.Id, exception.Message, NextAllowedAt: state.NextAllowedAt);
            await AuditAsync(owner, bank.Id, consent.ConsentId, AuditOutcomes.Failed, exception.Message, cancellationToken,
                refused ? AuditKinds.AccountsRefused : AuditKinds.DataPulled);
            // Refused even after a refresh: if the consent was ended at the bank, record that, so the connection
            // offers "Reconnect" instead of a "Sync now" that cannot work.
            if (caught is BankApiException { Kind: BankFailureKind.Unauthorized or BankFailureKind.Forbidden } && connections is not null
                && await connections.RecordEndedAtBankAsync(owner, bank.Id, cancellationToken))
            {
                result = new SyncResult(SyncOutcome.NotConnected, bank.Id,
                    $"The consent at {bank.Name} was ended at the bank, so Leafy Bank can no longer read it. Your data is kept; reconnect {bank.Name} to resume.");
            }
        }
        catch (OperationCanceledException) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
        {
            // Another instance holds the connection now: its sync writes; ours leaves everything to it.
            result = new SyncResult(SyncOutcome.AlreadyRunning, bank.Id, $"{bank.Name} is already being updated.");
            await AuditAsync(owner, bank.Id, consent.ConsentId, AuditOutcomes.Failed,
                $"This update of {bank.Name} stopped early: it no longer held the connection (another update took over, or the connection was removed).",
                cancellationToken);
        }
        finally
        {
            await lease.StopAsync();
            if (!lease.IsLost)
            {
                await WriteEndAsync(states, owner, bank, consent.ConsentId, connectionConsentId, outcomeRecorded ? state : null, result, firstSync, now,
                    cancellationToken.IsCancellationRequested);
            }
        }
        // After the state is written, so an open dashboard re-reads new figures and freshness (a failure changes freshness too).
        changes?.Publish(owner.UserId);
        return result;
    }

    /// <summary>
    /// The sync's last write, on the stored copy read again now, never on the one read when it began: others change the
    /// connection while a sync runs without its lease (a renewal points it at the new consent with a new plan and no
    /// error). Only the sync's own fields are written: its attempt, the lease released, <see cref="SyncState.SyncVersion"/>,
    /// its outcome from <paramref name="outcome"/> (null: it has none, as when its consent ended) and the first-sync
    /// record of its own consent. Its plan and error are written only while the connection still points where it did
    /// (or at the consent synced): a failure or a refusal under a replaced consent is no reason to hold back the new one.
    /// Written while the lease is still ours, over the copy read just before (<see cref="SyncStateWrites"/>): a renewal
    /// or any other write between that read and this write makes it read again and decide again.
    /// </summary>
    private async Task WriteEndAsync(IDocumentCollection<SyncState> states, PartyReference owner, BankDirectoryEntry bank, string syncedConsentId,
        string? connectionConsentId, SyncState? outcome, SyncResult? result, FirstSyncRecord? firstSync, DateTime startedAt, bool callerGaveUp)
    {
        var me = instance.Name;
        // Not written (nothing stored, another holder, or others kept writing): the lease runs out on its own.
        await states.UpdateAsync(owner.UserId, bank.Id, stored =>
        {
            if (stored.LeaseOwner != me)
            {
                // Erased or disconnected meanwhile, or the lease ran out and someone else took it: theirs stands.
                return false;
            }
            var consentAsRead = stored.ConsentId;
            if (outcome is not null)
            {
                // Data read and stored now is fresh whichever consent the connection points at from here on.
                stored.LastSuccessAt = outcome.LastSuccessAt;
                if (consentAsRead == connectionConsentId || consentAsRead == syncedConsentId)
                {
                    stored.ConsentId = outcome.ConsentId;
                    stored.LastError = outcome.LastError;
                    stored.LastFailureKind = outcome.LastFailureKind;
                    stored.ConsecutiveFailures = outcome.ConsecutiveFailures;
                    stored.NextAllowedAt = outcome.NextAllowedAt;
                }
            }
            stored.BankName = bank.Name;
            stored.LastAttemptAt = startedAt;
            stored.LeaseOwner = null;
            stored.LeaseUntil = null;
            stored.SyncVersion++;
            stored.SyncedBy = me;
            stored.SyncedAt = timeProvider.GetUtcNow().UtcDateTime;
            if (stored.FirstSync is { FinishedAt: null } record && record.ConsentId == firstSync?.ConsentId && (result is not null || !callerGaveUp))
            {
                RecordFirstSync(record, bank.Name, result);
            }
            return true;
        }, CancellationToken.None);
    }

    /// <summary>
    /// The answer when the bank has no valid consent. Usually asked from a page opened before the connection ended (disconnected
    /// in another tab or on another device, or the consent ran out or was ended at the bank), which still offered "Sync now":
    /// "not connected" beside the accounts that page still shows would contradict it, so the answer says what became of the
    /// connection, when, and what to do, in the Connections page's own words (<see cref="ConnectionSummary.NotUpdatedExplanation"/>,
    /// instants in UTC; <see cref="SyncResult.EndedConnection"/> lets a page word them in the customer's zone). Nothing is written.
    /// </summary>
    /// <param name="bankName">The bank's name, when the directory or the sync state knows it.</param>
    private async Task<SyncResult> NotConnectedAsync(PartyReference owner, string bankId, string? bankName, SyncState? state,
        CancellationToken cancellationToken)
    {
        var consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(owner.UserId, c => c.Bank == bankId, cancellationToken);
        if (ConnectionSummary.From(consents, state is null ? [] : [state], timeProvider.GetUtcNow().UtcDateTime) is not [var ended])
        {
            return new SyncResult(SyncOutcome.NotConnected, bankId, $"{bankName ?? bankId} is not connected. Connect it to see its accounts.");
        }
        var accounts = await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(owner.UserId, cancellationToken: cancellationToken);
        var products = await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(owner.UserId, cancellationToken: cancellationToken);
        // Without the directory, and with the sync state gone (a disconnect deletes it), the documents read under this bank's
        // consents still carry its name: better than its id in a sentence for the customer.
        var consentIds = consents.Select(c => c.ConsentId).ToHashSet(StringComparer.Ordinal);
        var name = bankName
                   ?? accounts.FirstOrDefault(a => a.Source?.ConsentId is { } read && consentIds.Contains(read))?.AccountBank
                   ?? products.FirstOrDefault(p => p.Source?.ConsentId is { } read && consentIds.Contains(read))?.ProductBank
                   ?? bankId;
        ended = ended with
        {
            BankName = name,
            Accounts = [.. accounts.Where(a => a.AccountBank == name)],
            Products = products.Count(p => p.ProductBank == name),
            Loans = [.. products.Where(p => p.ProductBank == name)],
        };
        return new SyncResult(SyncOutcome.NotConnected, bankId, ended.NotUpdatedExplanation(InUtc), EndedConnection: ended);
    }

    /// <summary>"3 Dec 2026, 09:12 UTC": an instant in a message that is not read in any one customer's time zone.</summary>
    private static string InUtc(DateTime at) => string.Create(CultureInfo.InvariantCulture, $"{at:d MMM yyyy, HH:mm} UTC");

    /// <summary>
    /// The directory could not name the bank (dropped from its list, or the list unreadable), so the bank cannot be asked.
    /// The connection still records why and backs off, like any failed sync, rather than failing the caller (and the
    /// scheduler's round) with an exception and staying due. Without a lease: written only while no sync holds one and
    /// none finished since the state was read, over the freshest copy.
    /// </summary>
    private async Task<SyncResult> RecordDirectoryFailureAsync(PartyReference owner, string bankId, Exception exception, bool unattended,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var state = await states.FindByKeyAsync([owner.UserId, bankId], cancellationToken);
        var name = state?.BankName ?? bankId;
        var consent = (await store.Collection(OpenFinanceCollections.Consents)
                .FindAsync(owner.UserId, c => c.Bank == bankId && c.Status == ConsentStatuses.Valid, cancellationToken))
            .MaxBy(c => c.CreatedAt);
        if (consent is null)
        {
            return await NotConnectedAsync(owner, bankId, state?.BankName, state, cancellationToken);
        }
        var message = exception is BankNotFoundException
            ? $"{name} is no longer in Leafy Bank's list of banks, so it could not be updated. The data already here is kept; Leafy Bank will try again later."
            : $"{name} could not be updated because Leafy Bank's list of banks is not available right now. Leafy Bank will try again later.";
        if (state is null)
        {
            return new SyncResult(SyncOutcome.Failed, bankId, message);
        }
        if (ConnectionSummary.IsRefusal(state) && state.ConsentId == consent.ConsentId)
        {
            // As when the directory answers: the refusal stands (a failure worth retrying would put the connection back on
            // the schedule, and the bank would be asked again under the consent that brought another person's accounts).
            return new SyncResult(SyncOutcome.AccountsRefused, bankId, state.LastError!);
        }

        var version = state.SyncVersion;
        var result = new SyncResult(SyncOutcome.Failed, bankId, message);
        var write = await states.UpdateAsync(owner.UserId, bankId, stored =>
        {
            if (stored.LeaseUntil > now || stored.SyncVersion != version)
            {
                return false;
            }
            // Either way the bank may be back by the next try: nothing the customer has to do yet.
            RecordFailure(stored, consent, now, unattended, BankFailureKind.Unavailable, message, retryAfter: null);
            result = result with { NextAllowedAt = stored.NextAllowedAt };
            stored.LastAttemptAt = now;
            stored.SyncVersion++;
            stored.SyncedBy = instance.Name;
            stored.SyncedAt = now;
            if (stored.FirstSync is { FinishedAt: null } record && record.ConsentId == consent.ConsentId)
            {
                record.StartedAt ??= now;
                RecordFirstSync(record, name, result);
            }
            return true;
        }, cancellationToken);
        if (!write.Written)
        {
            return new SyncResult(SyncOutcome.AlreadyRunning, bankId, $"{name} is already being updated.");
        }
        await AuditAsync(owner, bankId, consent.ConsentId, AuditOutcomes.Failed, message, cancellationToken);
        changes?.Publish(owner.UserId);
        return result;
    }

    /// <summary>Records a failed sync on <paramref name="state"/>: what happened, its kind, and when to try again (back-off, or the bank's own wait).</summary>
    private static void RecordFailure(SyncState state, Consent consent, DateTime now, bool unattended, BankFailureKind kind, string message, TimeSpan? retryAfter)
    {
        state.ConsecutiveFailures++;
        state.LastError = message;
        var backOff = TimeSpan.FromMinutes(5 * Math.Pow(2, Math.Min(state.ConsecutiveFailures - 1, 10)));
        var wait = retryAfter ?? (backOff < MaxBackOff ? backOff : MaxBackOff);
        state.NextAllowedAt = unattended
            ? SyncAllowance.AfterUnattended(now, consent.FrequencyPerDay, wait)
            : SyncAllowance.AfterCustomerPresent(now, consent.FrequencyPerDay, state.NextAllowedAt, succeeded: false, wait);
        state.LastFailureKind = kind.ToString();
    }

    /// <summary>
    /// A sync that failed on Leafy Bank's side rather than the bank's (its saved access cannot be read here, its store
    /// is down or refuses what the bank sent), in the customer's words and as the kind of failure it amounts to.
    /// </summary>
    private static BankApiException OnLeafyBanksSide(BankDirectoryEntry bank, Exception exception) => exception switch
    {
        TokenUnreadableException => new(BankFailureKind.Unauthorized,
            $"Leafy Bank can no longer read its saved access to {bank.Name}, so it could not be updated. Connect {bank.Name} again to resume; the data already here is kept.",
            inner: exception),
        StoreUnavailableException => new(BankFailureKind.Unavailable,
            $"Leafy Bank could not save what it read from {bank.Name}; the data already here is kept. Leafy Bank will try again later.", inner: exception),
        _ => new(BankFailureKind.MalformedResponse,
            $"{bank.Name} sent data Leafy Bank could not store; the data already here is kept. If this keeps happening the bank may have changed its API.",
            inner: exception),
    };

    /// <summary>How the first sync went, kept for the result page; a sync that threw unexpectedly is a failure in plain words.</summary>
    private void RecordFirstSync(FirstSyncRecord record, string bankName, SyncResult? result)
    {
        record.FinishedAt = timeProvider.GetUtcNow().UtcDateTime;
        record.Outcome = result?.Outcome == SyncOutcome.Succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Failed;
        record.Message = result?.Message ?? $"Leafy Bank could not finish reading {bankName}. Use \"Sync now\" to try again.";
        (record.Accounts, record.Products, record.Transactions) = result is null ? (0, 0, 0) : (result.Accounts, result.Products, result.Transactions);
    }

    /// <summary>
    /// From which day the bank is asked for transactions: all on a connection's first sync and on the first good sync
    /// under each new consent, then the days since the last good one (with an overlap). A new consent may share what the
    /// old one did not (transactions added under "change what you share", more accounts): read incrementally, those
    /// would come with only the last few days of their history, and banks allow the full history mostly right after consent.
    /// </summary>
    private static DateOnly? TransactionsSince(SyncState state, Consent consent) =>
        state.LastSuccessAt is { } last && !FirstUnderThisConsent(state, consent)
            ? DateOnly.FromDateTime(last.AddDays(-IncrementalOverlapDays))
            : null;

    /// <summary>The consent's first sync (recorded by ConnectionService when it was granted) has not succeeded yet.</summary>
    private static bool FirstUnderThisConsent(SyncState state, Consent consent) =>
        state.FirstSync is { } first && first.ConsentId == consent.ConsentId && first.Outcome != AuditOutcomes.Succeeded;

    private async Task<BankSnapshot> FetchAsync(PartyReference owner, BankDirectoryEntry bank, Consent consent, SyncState state, bool unattended, CancellationToken cancellationToken)
    {
        var connector = connectors.FirstOrDefault(c => c.Dialect == bank.Dialect)
                        ?? throw new BankApiException(BankFailureKind.MalformedResponse, $"Leafy Bank cannot read {bank.Name}'s API ({bank.Dialect}) yet.");
        var since = TransactionsSince(state, consent);

        var request = new BankFetchRequest(bank, await tokens.GetAccessTokenAsync(owner, bank, cancellationToken), consent.ConsentId, owner,
            consent.Permissions.ToHashSet(StringComparer.Ordinal), since, unattended);
        try
        {
            return await connector.FetchAsync(request, cancellationToken);
        }
        catch (BankApiException exception) when (exception.Kind == BankFailureKind.Unauthorized)
        {
            // The token looked valid but the bank disagrees (revoked or rotated): refresh once and retry.
            return await connector.FetchAsync(request with { AccessToken = await tokens.RefreshNowAsync(owner, bank, cancellationToken) }, cancellationToken);
        }
    }

    /// <summary>Refuses a snapshot whose accounts belong to someone else, before anything is written (<see cref="AccountHolderCheck"/>).</summary>
    private async Task RefuseAnotherHoldersAccountsAsync(PartyReference owner, BankDirectoryEntry bank, BankSnapshot snapshot, CancellationToken cancellationToken)
    {
        var customer = await store.Collection(OpenFinanceCollections.Users).FindAsync(owner.UserId, cancellationToken: cancellationToken) is [var found, ..] ? found : null;
        if (customer is not null && AccountHolderCheck.ForeignHolders(customer, snapshot).Count > 0)
        {
            throw new BankApiException(BankFailureKind.NotTheCustomersAccounts, AccountHolderCheck.RefusalMessage(bank.Name, customer));
        }
    }

    /// <summary>
    /// Stores a snapshot: upserts first, deletions of superseded pending transactions last, so an
    /// interruption at any point leaves data that the next sync completes, never less data. In a
    /// transaction (<paramref name="scope"/> on a replica set) it lands whole; it may run twice then.
    /// </summary>
    /// <remarks>
    /// The consent gets only what the sync learns (its accounts; on the first read, what was shared), on the stored copy
    /// and only while that is still valid: a consent ended meanwhile stays ended, and in a transaction none of the
    /// snapshot lands then (<see cref="ConsentEndedException"/>).
    /// </remarks>
    internal static async Task<(int Accounts, int Products, int Transactions)> ApplySnapshotAsync(
        ITransactionScope scope, PartyReference owner, BankDirectoryEntry bank, Consent consent, BankSnapshot snapshot, DateTime? lastSuccessAt,
        CancellationToken cancellationToken)
    {
        Validate(bank, snapshot);
        var accounts = scope.Collection(OpenFinanceCollections.ExternalAccounts);
        var products = scope.Collection(OpenFinanceCollections.ExternalProducts);
        var transactions = scope.Collection(OpenFinanceCollections.ExternalTransactions);

        var storedAccounts = await accounts.FindAsync(owner.UserId, a => a.AccountBank == bank.Name, cancellationToken);
        foreach (var account in snapshot.Accounts)
        {
            Own(account.AccountUser, owner);
            account.AccountBank = bank.Name;
            // Without the balances permission the bank sends no balance: keep the last one known
            // rather than overwrite it with zero.
            if (account.BankExtras?.GetValue(BalanceSharedField, true) == false
                && storedAccounts.FirstOrDefault(stored => stored.AccountId == account.AccountId) is { } known)
            {
                account.AccountBalance = known.AccountBalance;
            }
        }
        await accounts.UpsertManyAsync(snapshot.Accounts, cancellationToken);
        foreach (var product in snapshot.Products)
        {
            Own(product.ProductCustomer, owner);
            product.ProductBank = bank.Name;
        }
        var storedProducts = await products.FindAsync(owner.UserId, p => p.ProductBank == bank.Name, cancellationToken);
        await products.UpsertManyAsync(snapshot.Products, cancellationToken);
        // The documents just written came without a mark, so an account the bank sends again is live again; those it left out are marked.
        await NoLongerShared.MarkAsync(accounts, products, storedAccounts, storedProducts, snapshot, cancellationToken);

        foreach (var transaction in snapshot.Transactions)
        {
            Own(transaction.TransactionUser, owner);
            transaction.TransactionBank = bank.Name;
        }

        var stored = await transactions.FindAsync(owner.UserId, t => t.TransactionBank == bank.Name, cancellationToken);
        var storedById = stored.ToDictionary(t => t.TransactionId, StringComparer.Ordinal);
        var incomingIds = snapshot.Transactions.Select(t => t.TransactionId).ToHashSet(StringComparer.Ordinal);
        var storedPending = stored.Where(t => t.BookingStatus == BookingStatuses.Pending).ToList();
        // Booked under a new id: link the booked copy to the pending one it replaces.
        var replacedPending = PendingTransactionMatcher.LinkBooked(storedPending, snapshot.Transactions).ToList();
        var booked = replacedPending.Select(t => t.TransactionId).ToHashSet(StringComparer.Ordinal);
        // Never booked: the authorisation was released (a cancelled card hold, for example).
        replacedPending.AddRange(storedPending.Where(pending =>
            !incomingIds.Contains(pending.TransactionId) && !booked.Contains(pending.TransactionId)
            && pending.BookingDate < snapshot.RetrievedAt.AddDays(-PendingLifetimeDays)));

        foreach (var transaction in snapshot.Transactions)
        {
            // Keep a link learnt on an earlier sync.
            transaction.PendingTransactionId ??= storedById.GetValueOrDefault(transaction.TransactionId)?.PendingTransactionId;
        }
        // Round trips grow with pages of transactions, not with transactions.
        await transactions.UpsertManyAsync(snapshot.Transactions, cancellationToken);

        // Declined or cancelled at the bank before it booked (UK Open Banking's Rejected): it goes now, as in the customer's
        // banking app, not when the pending lifetime runs out. Only a pending one: an id the bank also sent as an entry stays.
        var withdrawn = snapshot.WithdrawnTransactionIds.Where(id => !incomingIds.Contains(id)).ToHashSet(StringComparer.Ordinal);
        replacedPending.AddRange(storedPending.Where(pending => withdrawn.Contains(pending.TransactionId)));

        if (replacedPending.Count > 0)
        {
            var supersededIds = replacedPending.Select(t => t.TransactionId).Distinct(StringComparer.Ordinal).ToList();
            await transactions.DeleteAsync(owner.UserId,
                t => t.TransactionBank == bank.Name && supersededIds.Contains(t.TransactionId) && t.BookingStatus == BookingStatuses.Pending, cancellationToken);
        }

        var consents = scope.Collection(OpenFinanceCollections.Consents);
        var current = await EnsureStillValidAsync(consents, consent, cancellationToken);
        GrantedAccounts.RecordFirstRead(current, lastSuccessAt, snapshot);
        current.AccountIds = [.. snapshot.Accounts.Select(a => a.AccountId)];
        if (!await consents.TryReplaceAsync(current, c => c.Status == ConsentStatuses.Valid, cancellationToken))
        {
            throw new ConsentEndedException();
        }
        return (snapshot.Accounts.Count, snapshot.Products.Count, snapshot.Transactions.Count);
    }

    /// <summary>The consent as stored now; throws <see cref="ConsentEndedException"/> when it is gone or no longer valid.</summary>
    private static async Task<Consent> EnsureStillValidAsync(IDocumentCollection<Consent> consents, Consent consent, CancellationToken cancellationToken) =>
        await consents.FindByKeyAsync([consent.ConsentUser.UserId, consent.Bank, consent.ConsentId], cancellationToken) is { Status: ConsentStatuses.Valid } current
            ? current
            : throw new ConsentEndedException();

    /// <summary>The consent ended while the sync ran: nothing more is written under it (and an open transaction is abandoned).</summary>
    private sealed class ConsentEndedException() : Exception("The consent ended while it was being synced.");

    /// <summary>A snapshot that contradicts itself is refused whole before anything is written.</summary>
    private static void Validate(BankDirectoryEntry bank, BankSnapshot snapshot)
    {
        static bool HasDuplicates(IEnumerable<string> ids) => ids.GroupBy(id => id, StringComparer.Ordinal).Any(group => group.Count() > 1);
        if (snapshot.Accounts.Any(a => string.IsNullOrWhiteSpace(a.AccountId)) || HasDuplicates(snapshot.Accounts.Select(a => a.AccountId))
            || snapshot.Products.Any(p => string.IsNullOrWhiteSpace(p.ProductId)) || HasDuplicates(snapshot.Products.Select(p => p.ProductId))
            || snapshot.Transactions.Any(t => string.IsNullOrWhiteSpace(t.TransactionId)) || HasDuplicates(snapshot.Transactions.Select(t => t.TransactionId)))
        {
            throw new BankApiException(BankFailureKind.MalformedResponse,
                $"{bank.Name} sent data with missing or repeated identifiers; nothing was changed. Leafy Bank will try again later.");
        }
    }

    private static void Own(PartyReference target, PartyReference owner)
    {
        target.UserId = owner.UserId;
        target.UserName = owner.UserName;
    }

    // Recorded even when the caller gave up: the pull happened (or failed) either way.
    private Task AuditAsync(PartyReference owner, string bankId, string consentId, string outcome, string detail, CancellationToken cancellationToken,
        string kind = AuditKinds.DataPulled) =>
        ledger.RecordAsync(owner, kind, bankId, consentId, outcome, detail, CancellationToken.None);
}
