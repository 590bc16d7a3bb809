using LeafyBank.Sandbox.Access;

namespace LeafyBank.Sandbox.Dialects.UkOpenBanking;

/// <summary>
/// OBReadConsent1's <c>Data.Permissions</c> and the bank permissions they grant. The document lists
/// more (beneficiaries, direct debits, statements…): Thames Bank keeps none of those, so asking for
/// them is refused by name rather than granted and never served.
/// </summary>
internal static class UkPermissions
{
    public const string ReadAccountsBasic = "ReadAccountsBasic";
    public const string ReadAccountsDetail = "ReadAccountsDetail";
    public const string ReadBalances = "ReadBalances";
    public const string ReadProducts = "ReadProducts";
    public const string ReadTransactionsBasic = "ReadTransactionsBasic";
    public const string ReadTransactionsDetail = "ReadTransactionsDetail";
    public const string ReadTransactionsCredits = "ReadTransactionsCredits";
    public const string ReadTransactionsDebits = "ReadTransactionsDebits";

    /// <summary>Every permission this bank grants, and the bank permission (OAuth scope) behind it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Supported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ReadAccountsBasic] = BankPermissions.Accounts,
        [ReadAccountsDetail] = BankPermissions.Accounts,
        [ReadBalances] = BankPermissions.Balances,
        [ReadProducts] = BankPermissions.Products,
        [ReadTransactionsBasic] = BankPermissions.Transactions,
        [ReadTransactionsDetail] = BankPermissions.Transactions,
        [ReadTransactionsCredits] = BankPermissions.Transactions,
        [ReadTransactionsDebits] = BankPermissions.Transactions,
    };

    /// <summary>The document's full list (OBReadConsent1), to tell "not offered here" from "not a permission".</summary>
    public static readonly IReadOnlySet<string> Defined = new HashSet<string>(StringComparer.Ordinal)
    {
        ReadAccountsBasic, ReadAccountsDetail, ReadBalances, "ReadBeneficiariesBasic", "ReadBeneficiariesDetail", "ReadDirectDebits",
        "ReadOffers", "ReadPAN", "ReadParty", "ReadPartyPSU", ReadProducts, "ReadScheduledPaymentsBasic", "ReadScheduledPaymentsDetail",
        "ReadStandingOrdersBasic", "ReadStandingOrdersDetail", "ReadStatementsBasic", "ReadStatementsDetail",
        ReadTransactionsBasic, ReadTransactionsCredits, ReadTransactionsDebits, ReadTransactionsDetail,
    };
}
