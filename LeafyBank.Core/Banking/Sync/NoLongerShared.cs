using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// Which stored accounts and loans a bank stopped sending under the customer's current consent (they unticked them at the
/// bank when renewing or connecting again), and the mark that says so (<see cref="ExternalAccount.NoLongerSharedSince"/>).
/// The documents keep every figure as last read; only the mark is added, so they read as a disconnected bank's kept data
/// does: counted, and said to be no longer updated since they were last read.
/// </summary>
/// <remarks>
/// Only a successful, complete read marks anything: the sync calls this while it stores a snapshot, and a bank that erred,
/// timed out or sent something unreadable yields no snapshot (the connectors read every page or throw). No dialect pages
/// its account list, so a snapshot's accounts are the bank's whole list under this consent. A read without a single
/// account marks nothing: every consent shares at least one account, so an empty list is a bank's fault (or a consent
/// without the accounts permission, which sends nothing at all) and never a customer's choice.
/// </remarks>
public static class NoLongerShared
{
    /// <summary>
    /// Marks, as of the snapshot's read, every account and loan of this bank stored before the snapshot, read from the bank's
    /// API and not in it (one already marked keeps its first date). Those in the snapshot were just written without a mark.
    /// Imported documents were never shared under a consent and are left alone.
    /// </summary>
    public static async Task MarkAsync(IDocumentCollection<ExternalAccount> accounts, IDocumentCollection<ExternalProduct> products,
        IReadOnlyList<ExternalAccount> storedAccounts, IReadOnlyList<ExternalProduct> storedProducts, BankSnapshot snapshot,
        CancellationToken cancellationToken)
    {
        if (!SaysWhatIsShared(snapshot))
        {
            return;
        }
        var sentAccounts = snapshot.Accounts.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
        var leftOutAccounts = storedAccounts
            .Where(a => a.NoLongerSharedSince is null && IsFromTheBank(a.Source) && !sentAccounts.Contains(a.AccountId))
            .ToList();
        leftOutAccounts.ForEach(a => a.NoLongerSharedSince = snapshot.RetrievedAt);
        if (leftOutAccounts.Count > 0)
        {
            await accounts.UpsertManyAsync(leftOutAccounts, cancellationToken);
        }

        var sentProducts = snapshot.Products.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal);
        var leftOutProducts = storedProducts
            .Where(p => p.NoLongerSharedSince is null && IsFromTheBank(p.Source) && !sentProducts.Contains(p.ProductId))
            .ToList();
        leftOutProducts.ForEach(p => p.NoLongerSharedSince = snapshot.RetrievedAt);
        if (leftOutProducts.Count > 0)
        {
            await products.UpsertManyAsync(leftOutProducts, cancellationToken);
        }
    }

    /// <summary>Whether this read says what the consent covers now: it names at least one account (see the remarks).</summary>
    public static bool SaysWhatIsShared(BankSnapshot snapshot) => snapshot.Accounts.Count > 0;

    private static bool IsFromTheBank(DataSource? source) => source?.Origin == DataOrigins.BankApi;
}
