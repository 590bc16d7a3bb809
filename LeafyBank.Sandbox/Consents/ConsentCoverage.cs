using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Data;

namespace LeafyBank.Sandbox.Consents;

/// <summary>
/// Which of a customer's accounts a consent can cover: the one rule behind the consent page's tick boxes, the accounts
/// the data APIs serve (<see cref="BankAccessFilter"/>) and the permissions the bank's pages describe, at every bank.
/// <list type="bullet">
/// <item>A deposit account (current, savings) needs a permission read from deposit accounts: accounts, balances or
/// transactions. UK Open Banking's data clusters say the same: ReadAccountsBasic/Detail, ReadBalances and
/// ReadTransactions* read accounts, ReadProducts reads products (OBReadConsent1 <c>Permissions</c>, "the data clusters
/// being consented by the PSU", uk-ob-3.1.11-account-info.json).</item>
/// <item>A loan or a mortgage needs products (the reference banks' <c>/api/products</c>, UK ReadProducts; at a Berlin
/// Group bank a LOAN account, granted when <c>restrictedTo</c> is absent or names LOAN).</item>
/// <item>Either must be of a type the consent is limited to, when it is (Berlin Group <c>restrictedTo</c>: "to restrict
/// access to the referred account types").</item>
/// </list>
/// So a consent for loans and mortgages alone never offers, nor serves, a current or savings account.
/// </summary>
internal sealed class ConsentCoverage
{
    private static readonly string[] DepositPermissions = [BankPermissions.Accounts, BankPermissions.Balances, BankPermissions.Transactions];

    private readonly HashSet<string> permissions;
    private readonly IReadOnlySet<string>? accountTypes;

    /// <param name="permissions">What the consent grants this authorization or token (bank permissions; other scopes are ignored).</param>
    /// <param name="accountTypes">The types the consent is limited to; null for every type.</param>
    public ConsentCoverage(IEnumerable<string> permissions, IReadOnlySet<string>? accountTypes)
    {
        this.permissions = permissions.Where(BankPermissions.All.Contains).ToHashSet(StringComparer.Ordinal);
        this.accountTypes = accountTypes;
    }

    /// <summary>The consent as far as <paramref name="granted"/> (the scopes of an authorization or a token) takes it.</summary>
    public static ConsentCoverage Of(Consent consent, IEnumerable<string> granted) =>
        new(granted.Where(consent.Permissions.Contains), consent.RestrictedToAccountTypes);

    /// <summary>Whether some deposit account (current, savings, any type but LOAN) can be covered.</summary>
    public bool ReachesDeposits =>
        DepositPermissions.Any(permissions.Contains) && (accountTypes is null || accountTypes.Any(type => type != SandboxAccountTypes.Loan));

    /// <summary>Whether loans and mortgages can be covered.</summary>
    public bool ReachesLoans => permissions.Contains(BankPermissions.Products) && IsOfAllowedType(SandboxAccountTypes.Loan);

    public bool Covers(SandboxAccountSummary account) =>
        (account.IsProduct ? ReachesLoans : ReachesDeposits) && IsOfAllowedType(account.AccountType);

    /// <summary>
    /// The permissions as the bank's pages list them: those read from deposit accounts only when one can be covered, so
    /// a consent for loans alone (Berlin Group <c>restrictedTo</c> LOAN: loans are LOAN accounts with balances) reads
    /// as loans and mortgages, not as "your accounts".
    /// </summary>
    public IEnumerable<string> Described =>
        BankPermissions.All.Where(permissions.Contains).Where(permission => permission == BankPermissions.Products ? ReachesLoans : ReachesDeposits);

    private bool IsOfAllowedType(string accountType) => accountTypes is null || accountTypes.Contains(accountType);
}
