using System.Linq.Expressions;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Position;

/// <summary>
/// The shape of the position query, written once for both engines: how each collection's
/// documents become <see cref="PositionItem"/>s (MongoDB: the <c>$project</c> of each
/// <c>$unionWith</c> branch) and how the items are split into the raw material of
/// <see cref="PositionSnapshot"/> (MongoDB: the <c>$facet</c> branches). The embedded engine
/// compiles the same expressions and runs them in process (<see cref="EvaluateInProcess"/>).
/// </summary>
public static class PositionQueryShape
{
    public static readonly Expression<Func<InternalAccount, PositionItem>> InternalAccountItem = account => new PositionItem
    {
        Kind = PositionItemKinds.Internal,
        Bank = PositionRules.LeafyBankInstitution,
        Id = account.AccountNumber,
        Type = account.AccountType,
        Currency = account.AccountCurrency,
        Amount = account.AccountBalance,
    };

    public static readonly Expression<Func<ExternalAccount, PositionItem>> ExternalAccountItem = account => new PositionItem
    {
        Kind = PositionItemKinds.Account,
        Bank = account.AccountBank,
        Id = account.AccountId,
        Type = account.AccountType,
        Currency = account.AccountCurrency,
        Amount = account.AccountBalance,
        // PositionRules.BalanceNotShared, as a query: on MongoDB a missing field is never equal to false; in process
        // the compiled copy reads a missing field as BsonNull (see MissingFieldsAsNull).
        BalanceNotShared = account.BankExtras != null && account.BankExtras[PositionRules.BalanceSharedField] == false,
        Narrative = account.GreenAccountNarrative,
        Name = account.AccountName,
        Identification = account.AccountIdentification,
        NoLongerSharedSince = account.NoLongerSharedSince,
        // Null-safe for documents written without Source (absent on MongoDB, null in C#).
        RetrievedAt = account.Source == null ? null : account.Source.RetrievedAt,
        ConsentId = account.Source == null ? null : account.Source.ConsentId,
    };

    public static readonly Expression<Func<ExternalProduct, PositionItem>> ProductItem = product => new PositionItem
    {
        Kind = PositionItemKinds.Product,
        Bank = product.ProductBank,
        Id = product.ProductId,
        DocumentId = product.Id,
        Type = product.ProductType,
        Currency = product.ProductCurrency,
        Amount = product.ProductAmount,
        Narrative = product.GreenProductNarrative,
        InterestRate = product.ProductInterestRate,
        TermMonths = product.RepaymentPeriod,
        OpeningDate = product.ProductDate.OpeningDate,
        Collateral = product.LoanCollateral,
        Name = product.ProductName,
        Identification = product.ProductIdentification,
        NoLongerSharedSince = product.NoLongerSharedSince,
        // Null-safe for documents written without Source (absent on MongoDB, null in C#).
        RetrievedAt = product.Source == null ? null : product.Source.RetrievedAt,
        ConsentId = product.Source == null ? null : product.Source.ConsentId,
    };

    public static readonly Expression<Func<SyncState, PositionItem>> SyncStateItem = state => new PositionItem
    {
        Kind = PositionItemKinds.SyncState,
        // Older sync states (before BankName) fall back to the directory id.
        Bank = state.BankName ?? state.Bank,
        ConsentId = state.ConsentId,
        LastSuccessAt = state.LastSuccessAt,
        LastAttemptAt = state.LastAttemptAt,
        LastError = state.LastError,
    };

    /// <summary>Facet "Buckets": everything with an amount.</summary>
    public static readonly Expression<Func<PositionItem, bool>> HasAmount = item => item.Kind != PositionItemKinds.SyncState;

    public static readonly Expression<Func<PositionItem, PositionBucketKey>> BucketKey = item => new PositionBucketKey
    {
        Kind = item.Kind,
        Bank = item.Bank,
        Type = item.Type,
        Currency = item.Currency,
    };

    public static readonly Expression<Func<IGrouping<PositionBucketKey, PositionItem>, PositionBucket>> Bucket = group => new PositionBucket
    {
        Kind = group.Key.Kind,
        Bank = group.Key.Bank,
        Type = group.Key.Type,
        Currency = group.Key.Currency,
        Amount = group.Sum(item => item.Amount),
        Count = group.Count(),
        BalancesNotShared = group.Sum(item => item.BalanceNotShared ? 1 : 0),
        LastSharedBalances = group.Sum(item => item.BalanceNotShared && item.Amount != 0m ? 1 : 0),
        Ids = group.Select(item => item.Id).ToList(),
    };

    /// <summary>Facet "Loans": the products that reached the union are exactly the active loans and mortgages.</summary>
    public static readonly Expression<Func<PositionItem, bool>> IsLoan = item => item.Kind == PositionItemKinds.Product;

    /// <summary>Facet "Narratives": see <see cref="PositionRules.CarriesGreenNarrative"/>.</summary>
    public static readonly Expression<Func<PositionItem, bool>> IsGreen = PositionRules.CarriesGreenNarrative;

    /// <summary>Facet "Sources": the external documents, per institution.</summary>
    public static readonly Expression<Func<PositionItem, bool>> IsExternal =
        item => item.Kind == PositionItemKinds.Account || item.Kind == PositionItemKinds.Product;

    public static readonly Expression<Func<PositionItem, string>> SourceKey = item => item.Bank;

    public static readonly Expression<Func<IGrouping<string, PositionItem>, InstitutionSource>> Source = group => new InstitutionSource
    {
        Bank = group.Key,
        LatestRetrievedAt = group.Max(item => item.RetrievedAt),
        ConsentIds = group.Select(item => item.ConsentId).Distinct().ToList(),
    };

    /// <summary>
    /// Facet "NoLongerShared": the counted accounts and loans their bank no longer sends under the current consent
    /// (<c>Banking/Sync/NoLongerShared</c>), which the totals include at their last-read figures and the pages name.
    /// </summary>
    public static readonly Expression<Func<PositionItem, bool>> IsNoLongerShared = item => item.NoLongerSharedSince != null;

    /// <summary>Facet "SyncStates".</summary>
    public static readonly Expression<Func<PositionItem, bool>> IsSyncState = item => item.Kind == PositionItemKinds.SyncState;

    private static readonly Compiled InProcess = new();

    /// <summary>
    /// The embedded engine's <c>$unionWith</c> + <c>$facet</c>: the same projections, filters and
    /// groupings, compiled once and applied to documents already filtered by owner and rule.
    /// </summary>
    public static PositionSnapshot EvaluateInProcess(
        IEnumerable<InternalAccount> internalAccounts,
        IEnumerable<ExternalAccount> externalAccounts,
        IEnumerable<ExternalProduct> products,
        IEnumerable<SyncState> syncStates)
    {
        var items = internalAccounts.Select(InProcess.InternalAccountItem)
            .Concat(externalAccounts.Select(InProcess.ExternalAccountItem))
            .Concat(products.Select(InProcess.ProductItem))
            .Concat(syncStates.Select(InProcess.SyncStateItem))
            .ToList();

        return new PositionSnapshot(
            items.Where(InProcess.HasAmount).GroupBy(InProcess.BucketKey).Select(InProcess.Bucket).ToList(),
            items.Where(InProcess.IsLoan).ToList(),
            items.Where(InProcess.IsGreen).ToList(),
            items.Where(InProcess.IsExternal).GroupBy(InProcess.SourceKey, StringComparer.Ordinal).Select(InProcess.Source).ToList(),
            items.Where(InProcess.IsSyncState).ToList(),
            items.Where(InProcess.IsNoLongerShared).ToList());
    }

    private sealed class Compiled
    {
        public readonly Func<InternalAccount, PositionItem> InternalAccountItem = PositionQueryShape.InternalAccountItem.Compile();
        public readonly Func<ExternalAccount, PositionItem> ExternalAccountItem = MissingFieldsAsNull.Compile(PositionQueryShape.ExternalAccountItem);
        public readonly Func<ExternalProduct, PositionItem> ProductItem = PositionQueryShape.ProductItem.Compile();
        public readonly Func<SyncState, PositionItem> SyncStateItem = PositionQueryShape.SyncStateItem.Compile();
        public readonly Func<PositionItem, bool> HasAmount = PositionQueryShape.HasAmount.Compile();
        public readonly Func<PositionItem, PositionBucketKey> BucketKey = PositionQueryShape.BucketKey.Compile();
        public readonly Func<IGrouping<PositionBucketKey, PositionItem>, PositionBucket> Bucket = PositionQueryShape.Bucket.Compile();
        public readonly Func<PositionItem, bool> IsLoan = PositionQueryShape.IsLoan.Compile();
        public readonly Func<PositionItem, bool> IsGreen = PositionQueryShape.IsGreen.Compile();
        public readonly Func<PositionItem, bool> IsExternal = PositionQueryShape.IsExternal.Compile();
        public readonly Func<PositionItem, string> SourceKey = PositionQueryShape.SourceKey.Compile();
        public readonly Func<IGrouping<string, PositionItem>, InstitutionSource> Source = PositionQueryShape.Source.Compile();
        public readonly Func<PositionItem, bool> IsSyncState = PositionQueryShape.IsSyncState.Compile();
        public readonly Func<PositionItem, bool> IsNoLongerShared = PositionQueryShape.IsNoLongerShared.Compile();
    }
}

