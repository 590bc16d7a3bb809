using System.Linq.Expressions;
using LeafyBank.Core.Domain;

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

    /// <summary>Debt is the outstanding amount of active loans and mortgages.</summary>
    public static readonly Expression<Func<ExternalProduct, bool>> ProductCountsAsDebt =
        product => product.ProductStatus == ProductStatuses.Active
                   && (product.ProductType == ProductTypes.Loan || product.ProductType == ProductTypes.Mortgage);

    /// <summary>The institution name Leafy Bank's own accounts are reported under.</summary>
    public const string LeafyBankInstitution = "Leafy Bank";
}
