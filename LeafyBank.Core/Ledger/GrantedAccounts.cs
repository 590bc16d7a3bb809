using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// Which accounts and loans a consent shared, for the ledger's "Consent granted" entry. A bank names the accounts the
/// customer chose only by sending them, so they are recorded from the first read after the grant, and never again: later
/// reads (an account closed, a new one opened) do not rewrite what the customer agreed to.
/// </summary>
public static class GrantedAccounts
{
    /// <summary>
    /// Records on <paramref name="consent"/> the accounts, loans and mortgages of <paramref name="snapshot"/> when it is the
    /// first read under that consent: nothing was read successfully since it was granted (<see cref="Consent.StatusChangedAt"/>).
    /// A consent read before this was recorded keeps none, so its older entry is not given accounts it may not have shared.
    /// Each is recorded by its label (name and masked number, what the ledger says) and by the bank's reference for it
    /// (<see cref="Consent.SharedAccountRefs"/>, what a renewal is compared by).
    /// </summary>
    public static void RecordFirstRead(Consent consent, DateTime? lastSuccessAt, BankSnapshot snapshot)
    {
        if (consent.SharedAccounts is not null || lastSuccessAt >= consent.StatusChangedAt)
        {
            return;
        }
        consent.SharedAccounts = [.. snapshot.Accounts.Select(AccountWords.Label), .. snapshot.Products.Select(AccountWords.Label)];
        consent.SharedAccountRefs = [.. snapshot.Accounts.Select(a => Reference(a)), .. snapshot.Products.Select(p => Reference(p))];
    }

    /// <summary>
    /// The bank's identity of an account ("account:DE89…") or a loan ("product:LN-…"), as recorded beside its label: what a
    /// renewal is compared by (<see cref="SharingChange"/>), because two accounts can share a name and a bank can rename one.
    /// The kind keeps an account and a loan the bank happened to give the same id apart.
    /// </summary>
    public static string Reference(ExternalAccount account) => AccountPrefix + account.AccountId;

    public static string Reference(ExternalProduct product) => ProductPrefix + product.ProductId;

    private const string AccountPrefix = "account:";
    private const string ProductPrefix = "product:";

    /// <summary>"You shared Girokonto •••• 1234 and Home Loan •••• 4484." for the ledger; null when nothing was recorded.</summary>
    public static string? Sentence(IReadOnlyList<string>? labels) => labels switch
    {
        null => null,
        [] => "The bank sent no account or loan under this consent.",
        _ => $"You shared {CountWords.List(labels)}.",
    };
}
