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
    /// </summary>
    public static void RecordFirstRead(Consent consent, DateTime? lastSuccessAt, BankSnapshot snapshot)
    {
        if (consent.SharedAccounts is not null || lastSuccessAt >= consent.StatusChangedAt)
        {
            return;
        }
        consent.SharedAccounts = [.. snapshot.Accounts.Select(AccountWords.Label), .. snapshot.Products.Select(AccountWords.Label)];
    }

    /// <summary>"You shared Girokonto •••• 1234 and Home Loan •••• 4484." for the ledger; null when nothing was recorded.</summary>
    public static string? Sentence(IReadOnlyList<string>? labels) => labels switch
    {
        null => null,
        [] => "The bank sent no account or loan under this consent.",
        _ => $"You shared {CountWords.List(labels)}.",
    };
}
