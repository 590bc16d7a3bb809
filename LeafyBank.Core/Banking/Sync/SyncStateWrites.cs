using System.Linq.Expressions;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// The one way a connection's <c>sync_state</c> is written. Several writers change a few fields each of the same
/// document with no lock between them (a sync and its lease heartbeat, a grant or renewal, the first-sync request, the
/// scheduler, the eraser), and a document is replaced whole: a writer that replaced the copy it read earlier would put
/// back whatever another wrote in between. So every write reads the freshest stored copy, lets the writer decide on it
/// and change only its own fields, and replaces it only while <see cref="SyncState.Revision"/> is still the one read
/// (moving it on by one). If another write came first, it reads again and decides again on what is stored now, at most
/// <see cref="Attempts"/> times.
/// </summary>
internal static class SyncStateWrites
{
    /// <summary>How many times a write is tried, each over a fresh read, before it gives up to the others writing.</summary>
    public const int Attempts = 5;

    /// <summary>
    /// The stored copy is still the one read. A revision read as null (a document no write of this kind has touched)
    /// matches a stored null and, on MongoDB, a missing field too (<c>{ Revision: null }</c> matches both); the
    /// embedded engine evaluates it on the deserialised document, where a missing field is null.
    /// </summary>
    public static Expression<Func<SyncState, bool>> Unchanged(long? revisionAsRead) => s => s.Revision == revisionAsRead;

    /// <summary>
    /// Changes the stored sync state of <paramref name="bankId"/>: <paramref name="change"/> sees the freshest stored copy,
    /// changes its own fields on it and returns true, or returns false to leave it as it is (the writer's own condition,
    /// such as "the lease is free", does not hold). Called again on a fresh copy whenever another write came between.
    /// </summary>
    public static async Task<SyncStateWrite> UpdateAsync(this IDocumentCollection<SyncState> states, ObjectId ownerId, string bankId,
        Func<SyncState, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var stored = await states.FindByKeyAsync([ownerId, bankId], cancellationToken);
            if (stored is null)
            {
                return new SyncStateWrite(SyncStateWriteOutcome.Missing, null);
            }
            var revision = stored.Revision;
            if (!change(stored))
            {
                return new SyncStateWrite(SyncStateWriteOutcome.Declined, stored);
            }
            stored.Revision = (revision ?? 0) + 1;
            if (await states.TryReplaceAsync(stored, Unchanged(revision), cancellationToken))
            {
                return new SyncStateWrite(SyncStateWriteOutcome.Written, stored);
            }
        }
        return new SyncStateWrite(SyncStateWriteOutcome.Contended, null);
    }

    /// <summary>
    /// As <see cref="UpdateAsync"/>, and creates the connection's sync state with <paramref name="change"/> applied when
    /// there is none. Created only if still absent: one created meanwhile (a sync's, a grant's) is changed instead.
    /// </summary>
    public static async Task<SyncStateWrite> UpdateOrCreateAsync(this IDocumentCollection<SyncState> states, PartyReference owner, string bankId,
        Action<SyncState> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var write = await states.UpdateAsync(owner.UserId, bankId, stored =>
            {
                change(stored);
                return true;
            }, cancellationToken);
            if (write.Outcome != SyncStateWriteOutcome.Missing)
            {
                return write;
            }
            var created = new SyncState { SyncUser = owner, Bank = bankId };
            change(created);
            if (await states.TryCreateAsync(created, cancellationToken))
            {
                return new SyncStateWrite(SyncStateWriteOutcome.Written, created);
            }
            // Created by another writer meanwhile: the next attempt changes that one.
        }
        return new SyncStateWrite(SyncStateWriteOutcome.Contended, null);
    }

    /// <summary>
    /// Stores <paramref name="created"/> as the connection's first sync state; false, storing nothing, when the connection
    /// has one already (created meanwhile by another writer, whose document stands). An insert, never an upsert: an upsert
    /// would replace a document created since the caller found none.
    /// </summary>
    public static async Task<bool> TryCreateAsync(this IDocumentCollection<SyncState> states, SyncState created, CancellationToken cancellationToken)
    {
        created.Revision = 1;
        try
        {
            await states.InsertManyAsync([created], cancellationToken);
            return true;
        }
        catch (DocumentConflictException)
        {
            return false;
        }
    }
}
