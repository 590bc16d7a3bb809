using System.Linq.Expressions;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Position;

/// <summary>
/// The one definition of what counts towards a customer's global position. Both engines use
/// these same expressions: MongoDB translates them into <c>$match</c> stages, the embedded
/// engine compiles them and filters in process.
/// </summary>
public static class PositionRules
{
    /// <summary>Product types that are debt (the reference demo's definition).</summary>
    public static readonly IReadOnlyList<string> DebtProductTypes = [ProductTypes.Loan, ProductTypes.Mortgage];

    /// <summary>Every account the customer still holds counts towards the balance; closed ones do not.</summary>
    public static readonly Expression<Func<ExternalAccount, bool>> ExternalAccountCountsAsBalance =
        account => account.AccountStatus != AccountStatuses.Closed;

    public static readonly Expression<Func<InternalAccount, bool>> InternalAccountCountsAsBalance =
        account => account.AccountStatus != AccountStatuses.Closed;

    /// <summary>
    /// Debt is the outstanding amount of active loans and mortgages; these are also the loans the
    /// position lists one by one.
    /// </summary>
    public static readonly Expression<Func<ExternalProduct, bool>> ProductCountsAsDebt =
        product => product.ProductStatus == ProductStatuses.Active
                   && (product.ProductType == ProductTypes.Loan || product.ProductType == ProductTypes.Mortgage);

    /// <summary>
    /// Green means the bank attached a sustainability narrative (<c>GreenAccountNarrative</c>,
    /// <c>GreenProductNarrative</c>) that is not empty. MongoDB Bank's <c>MDB…Narrative</c> is
    /// product marketing, kept in <c>BankExtras</c>, and never green. On MongoDB this renders as a
    /// query <c>$match</c> (where <c>$ne: null</c> also excludes an absent field, as C# null does).
    /// </summary>
    public static readonly Expression<Func<PositionItem, bool>> CarriesGreenNarrative =
        item => item.Kind != PositionItemKinds.SyncState && item.Narrative != null && item.Narrative != "";

    /// <summary>
    /// Connectors store <see cref="DateTime.MinValue"/> when the bank sent no opening date (the
    /// field is required by the model); such a date is "not reported", never a real date.
    /// </summary>
    public static bool OpeningDateReported(DateTime? openingDate) =>
        openingDate is { } date && date > DateTime.MinValue && date.Year > 1;

    /// <summary>A repayment period of zero or fewer months is no term at all.</summary>
    public static bool TermReported(int? termMonths) => termMonths is > 0;

    /// <summary>
    /// The <c>BankExtras</c> field the connectors set on every account they map: false when the consent did not include
    /// balances, so the bank sent none. Absent (imported data, documents written before it) means the balance came with the account.
    /// </summary>
    public const string BalanceSharedField = "BalanceShared";

    /// <summary>
    /// The bank does not share this account's balance now. The stored balance is then 0 when it never did, or the last one
    /// it shared (the sync keeps that rather than write 0), which the totals count. The position's query says the same
    /// in <see cref="PositionQueryShape.ExternalAccountItem"/>; pages and the API that hold the document ask here.
    /// </summary>
    public static bool BalanceNotShared(ExternalAccount account) =>
        account.BankExtras is { } extras && extras.TryGetValue(BalanceSharedField, out var shared) && shared == false;

    /// <summary>The institution name Leafy Bank's own accounts are reported under.</summary>
    public const string LeafyBankInstitution = "Leafy Bank";
}
