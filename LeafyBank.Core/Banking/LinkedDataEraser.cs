using System.Globalization;
using System.Security.Cryptography;
using LeafyBank.Core.Audit;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Banking;

/// <summary>
/// What "delete all my linked data" would erase for one customer, counted before asking them.
/// <see cref="AuthorizationRequests"/> counts attempts still open at the bank (as the callback accepts them): one past its expiry
/// holds nothing and is only waiting for the store to forget it (on the embedded engine, at its next write).
/// </summary>
public sealed record LinkedDataInventory(
    IReadOnlyList<string> ConnectedBanks, int Accounts, int Products, int Transactions, int Tokens, int SyncStates, int AuthorizationRequests)
{
    public bool IsEmpty => HoldsNothingFromBanks && AuthorizationRequests == 0;

    /// <summary>
    /// No consent is live and nothing from a bank is stored: nothing a customer could name would go. A connection attempt
    /// still open does not count here: it holds nothing from a bank and ends on its own within minutes.
    /// </summary>
    public bool HoldsNothingFromBanks => ConnectedBanks.Count == 0 && Accounts + Products + Transactions + Tokens + SyncStates == 0;
}

/// <summary>A consent that could not be ended at its bank during an erase, and why.</summary>
public sealed record FailedRevocation(string BankId, string BankName, string ConsentId, string Reason);

/// <summary>What an erase did: consents ended at the banks, documents deleted, and the revocations that failed.</summary>
public sealed record LinkedDataErasure(
    IReadOnlyList<string> RevokedBanks, IReadOnlyList<FailedRevocation> FailedRevocations,
    long Accounts, long Products, long Transactions, long Tokens, long SyncStates, long AuthorizationRequests, long PositionHistoryDays = 0)
{
    /// <summary>Banks already disconnected (or whose consent had ended) whose data the customer had kept, and which this erase deleted.</summary>
    public IReadOnlyList<string> KeptDataBanks { get; init; } = [];
}

/// <summary>
/// "Delete all my linked data" (GDPR erasure of what Leafy Bank holds from other banks): ends every
/// valid consent at its bank, then erases the customer's external accounts, products,
/// transactions, tokens, sync state, authorization attempts and net-worth history. The consent records and the
/// audit ledger stay — they are the record that consent was given and withdrawn — and the ledger
/// gains one entry saying what was erased. Everything is owner-scoped through the store contract.
/// <para>
/// Revocation at the banks is best effort: a bank that is down must not keep the customer's data
/// in Leafy Bank. Leafy Bank gives up its side regardless (its tokens are deleted and the consent
/// is marked terminated here), and the ledger names each bank it could not tell.
/// </para>
/// </summary>
public sealed class LinkedDataEraser(IDocumentStore store, IBankDirectory directory, BankOAuthClient oauth, BankTokenService tokens, TimeProvider timeProvider)
{
    /// <summary>
    /// How long to wait for a sync already running for the customer, so it cannot write data back
    /// after the erase. Longer than a sync lease, so a lease left by an instance that died runs out
    /// while the eraser waits.
    /// </summary>
    public static readonly TimeSpan RunningSyncWait = SyncService.LeaseDuration + TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private const string LeaseOwner = "linked-data-eraser";

    private readonly AuditLedger ledger = new(store, timeProvider);

    public async Task<LinkedDataInventory> InventoryAsync(PartyReference owner, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var live = await store.Collection(OpenFinanceCollections.Consents).FindAsync(owner.UserId, c => c.Status == ConsentStatuses.Valid, cancellationToken);
        var banks = new List<string>();
        foreach (var bankId in live.Select(c => c.Bank).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            banks.Add(await directory.NameOrIdAsync(bankId, cancellationToken));
        }
        return new LinkedDataInventory(
            [.. banks.Order(StringComparer.Ordinal)],
            (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(owner.UserId, cancellationToken: cancellationToken)).Count,
            (await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(owner.UserId, cancellationToken: cancellationToken)).Count,
            (await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(owner.UserId, cancellationToken: cancellationToken)).Count,
            (await store.Collection(OpenFinanceCollections.Tokens).FindAsync(owner.UserId, cancellationToken: cancellationToken)).Count,
            (await store.Collection(OpenFinanceCollections.SyncStates).FindAsync(owner.UserId, cancellationToken: cancellationToken)).Count,
            (await store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(owner.UserId, r => r.ExpiresAt >= now, cancellationToken)).Count);
    }

    public async Task<LinkedDataErasure> EraseAsync(PartyReference owner, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var consents = store.Collection(OpenFinanceCollections.Consents);
        var revoked = new List<string>();
        var failed = new List<FailedRevocation>();

        // Banks whose consent had already ended but whose data the customer kept: their cards and the ledger say it was deleted now.
        var endedWithKeptData = await EndedWithKeptDataAsync(owner, now, cancellationToken);

        // 1. End every consent first: from here on no new sync starts (a sync needs a valid consent).
        foreach (var consent in await consents.FindAsync(owner.UserId, c => c.Status == ConsentStatuses.Valid, cancellationToken))
        {
            var bankName = await directory.NameOrIdAsync(consent.Bank, cancellationToken);
            var failure = await TryEndAtBankAsync(owner, consent, cancellationToken);
            consent.Status = ConsentStatuses.TerminatedByTpp;
            consent.StatusChangedAt = now;
            consent.EndReason = ConsentEndReasons.LinkedDataDeleted;
            await consents.UpsertAsync(consent, cancellationToken);
            if (failure is null)
            {
                revoked.Add(bankName);
                await ledger.RecordAsync(owner, AuditKinds.ConsentRevoked, consent.Bank, consent.ConsentId, AuditOutcomes.Succeeded,
                    $"You deleted all your linked data; the consent at {bankName} was ended.", cancellationToken);
            }
            else
            {
                failed.Add(new FailedRevocation(consent.Bank, bankName, consent.ConsentId, failure));
                await ledger.RecordAsync(owner, AuditKinds.ConsentRevoked, consent.Bank, consent.ConsentId, AuditOutcomes.Failed,
                    $"You deleted all your linked data, but {bankName} could not be told ({failure}). Leafy Bank deleted its access anyway; " +
                    $"the consent at the bank ends on its own on {DayFormat.Of(consent.ValidUntil)}, or revoke it there.", cancellationToken);
            }
        }

        // 2. Let a sync that is already running finish, and hold every connection so none starts.
        await HoldSyncsAsync(owner, cancellationToken);

        // 3. Erase, in one transaction where the store has them. Audit events and consent records stay: they are the record of what happened.
        var erasure = await store.RunInTransactionAsync(async (scope, token) => new LinkedDataErasure(
            [.. revoked.Order(StringComparer.Ordinal)], failed,
            await scope.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(owner.UserId, cancellationToken: token),
            await scope.Collection(OpenFinanceCollections.ExternalProducts).DeleteAsync(owner.UserId, cancellationToken: token),
            await scope.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(owner.UserId, cancellationToken: token),
            await scope.Collection(OpenFinanceCollections.Tokens).DeleteAsync(owner.UserId, cancellationToken: token),
            await scope.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(owner.UserId, cancellationToken: token),
            await scope.Collection(OpenFinanceCollections.AuthorizationRequests).DeleteAsync(owner.UserId, cancellationToken: token)), cancellationToken);
        // Every daily snapshot is a total over all the customer's banks, so each one carries the erased banks' money:
        // none can be kept. The recorder starts the history again from what remains. Outside the transaction: MongoDB
        // writes no time-series collection in one, and a repeated erase finishes what an interrupted one left.
        erasure = erasure with
        {
            PositionHistoryDays = await store.Collection(OpenFinanceCollections.PositionHistory).DeleteAsync(owner.UserId, cancellationToken: cancellationToken),
        };

        foreach (var (consent, _) in endedWithKeptData)
        {
            consent.KeptDataDeletedAt = now;
            await consents.UpsertAsync(consent, cancellationToken);
        }
        erasure = erasure with { KeptDataBanks = [.. endedWithKeptData.Select(ended => ended.BankName).Order(StringComparer.Ordinal)] };

        await ledger.RecordAsync(owner, AuditKinds.DataDeleted, null, null, failed.Count == 0 ? AuditOutcomes.Succeeded : AuditOutcomes.Failed,
            Describe(erasure, endedWithKeptData), cancellationToken);
        return erasure;
    }

    /// <summary>
    /// Each bank whose latest consent had already ended (the connection the customer sees) while data from it is still
    /// stored, with the bank's name as its documents carry it.
    /// </summary>
    private async Task<List<(Consent Consent, string BankName)>> EndedWithKeptDataAsync(PartyReference owner, DateTime now, CancellationToken cancellationToken)
    {
        var stored = (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(owner.UserId, cancellationToken: cancellationToken))
            .Select(a => a.AccountBank)
            .Concat((await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(owner.UserId, cancellationToken: cancellationToken)).Select(p => p.ProductBank))
            .ToHashSet(StringComparer.Ordinal);
        var ended = new List<(Consent, string)>();
        var all = await store.Collection(OpenFinanceCollections.Consents).FindAsync(owner.UserId, cancellationToken: cancellationToken);
        foreach (var connection in ConnectionSummary.From(all, [], now).Where(c => c.Consent.Status != ConsentStatuses.Valid))
        {
            var bankName = await directory.NameOrIdAsync(connection.BankId, cancellationToken);
            if (stored.Contains(bankName))
            {
                ended.Add((connection.Consent, bankName));
            }
        }
        return ended;
    }

    /// <summary>Terminates the consent at its bank and revokes the token issued under it; returns why that failed, or null.</summary>
    private async Task<string?> TryEndAtBankAsync(PartyReference owner, Consent consent, CancellationToken cancellationToken)
    {
        BankDirectoryEntry bank;
        try
        {
            bank = await directory.GetAsync(consent.Bank, cancellationToken);
        }
        catch (Exception exception) when (exception is BankNotFoundException or BankApiException)
        {
            return exception.Message;
        }
        string? failure = null;
        try
        {
            await oauth.DeleteConsentAsync(bank, consent.ConsentId, cancellationToken);
        }
        catch (BankApiException exception)
        {
            failure = exception.Message;
        }
        if (await tokens.FindAsync(owner, bank, cancellationToken) is { } token && token.ConsentId == consent.ConsentId)
        {
            try
            {
                await tokens.RevokeAtBankAsync(bank, token, cancellationToken);
            }
            catch (Exception exception) when (exception is BankApiException or CryptographicException)
            {
                // Ending the consent already revokes its tokens at the bank; token revocation is only the second line.
            }
        }
        return failure;
    }

    private async Task HoldSyncsAsync(PartyReference owner, CancellationToken cancellationToken)
    {
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var deadline = timeProvider.GetUtcNow() + RunningSyncWait;
        while (true)
        {
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var running = false;
            foreach (var state in await states.FindAsync(owner.UserId, cancellationToken: cancellationToken))
            {
                var held = await states.UpdateAsync(owner.UserId, state.Bank, stored =>
                {
                    if (stored.LeaseUntil > now && stored.LeaseOwner != LeaseOwner)
                    {
                        return false;
                    }
                    stored.LeaseOwner = LeaseOwner;
                    stored.LeaseUntil = now + RunningSyncWait;
                    stored.NextAllowedAt = null;
                    return true;
                }, cancellationToken);
                // Gone meanwhile is as good as held: there is nothing left to sync.
                if (held.Outcome is SyncStateWriteOutcome.Declined or SyncStateWriteOutcome.Contended)
                {
                    running = true;
                }
            }
            if (!running || timeProvider.GetUtcNow() >= deadline)
            {
                // Past the deadline a sync still holding its lease is alive (its heartbeat renews it) but slow. Erasing its
                // sync state below makes its next renewal fail, and a sync that lost its lease stops and writes nothing more.
                return;
            }
            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }

    private enum KeptDataEnd { Disconnected, Expired, EndedAtBank, EarlierDeletion, Other }

    // The stored status says who ended it: the bank's own revocation and its report of ours are both kept as
    // RevokedByPsu, so that one says only "at the bank"; a deletion that was interrupted leaves its reason behind.
    private static KeptDataEnd HowItEnded(Consent consent) => consent.Status switch
    {
        ConsentStatuses.TerminatedByTpp when consent.EndReason == ConsentEndReasons.LinkedDataDeleted => KeptDataEnd.EarlierDeletion,
        ConsentStatuses.TerminatedByTpp => KeptDataEnd.Disconnected,
        ConsentStatuses.Expired => KeptDataEnd.Expired,
        ConsentStatuses.RevokedByPsu => KeptDataEnd.EndedAtBank,
        _ => KeptDataEnd.Other,
    };

    private static string Describe(LinkedDataErasure erasure, List<(Consent Consent, string BankName)> endedWithKeptData)
    {
        var text = $"Deleted all your linked data: {CountWords.Count(erasure.Accounts, "account")}, " +
                   $"{CountWords.LoansOrMortgages(erasure.Products)} and {CountWords.Count(erasure.Transactions, "transaction")}, " +
                   "with the keys that let Leafy Bank read your banks, its notes on when it last read them and the history of your net worth built from them.";
        if (erasure.RevokedBanks.Count > 0)
        {
            text += $" Consents ended at {CountWords.List(erasure.RevokedBanks)}.";
        }
        // Said the way each consent ended, as the customer lived it: a disconnect was theirs, an expiry was not.
        foreach (var ended in endedWithKeptData.GroupBy(ended => HowItEnded(ended.Consent)).OrderBy(group => group.Key))
        {
            var banks = ended.Select(e => e.BankName).Order(StringComparer.Ordinal).ToList();
            var one = banks.Count == 1;
            text += $" This included the data you had kept from {CountWords.List(banks)} " + ended.Key switch
            {
                KeptDataEnd.Disconnected => one ? "when you disconnected it." : "when you disconnected them.",
                KeptDataEnd.Expired => one ? "after your consent there expired." : "after your consents there expired.",
                KeptDataEnd.EndedAtBank => one ? "after the consent was ended at the bank." : "after the consents were ended at those banks.",
                KeptDataEnd.EarlierDeletion => one ? "after an earlier deletion ended the consent there." : "after an earlier deletion ended the consents there.",
                _ => one ? "after the consent there ended." : "after the consents there ended.",
            };
        }
        if (erasure.FailedRevocations.Count > 0)
        {
            text += $" Could not reach {string.Join(", ", erasure.FailedRevocations.Select(f => f.BankName))} to end the consent there; revoke it at the bank or let it expire.";
        }
        return text + " This ledger is kept as the record.";
    }
}
