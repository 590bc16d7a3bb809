namespace LeafyBank.Core.Transactions;

/// <summary>
/// What a customer's own transactions can be filtered by, read from those transactions only:
/// the accounts they were made on (bank, account, currency) and the categories the banks gave
/// them (<see cref="TransactionRules.Uncategorised"/> when some have none). Sorted for display.
/// </summary>
public sealed record TransactionChoices(IReadOnlyList<AccountChoice> Accounts, IReadOnlyList<string> Categories)
{
    public static readonly TransactionChoices None = new([], []);

    /// <summary>The banks among <see cref="Accounts"/>, each once, by name.</summary>
    public IReadOnlyList<string> Banks => [.. Accounts.Select(account => account.Bank).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Orders and deduplicates what an engine read: accounts by bank then id, categories by
    /// their trimmed name, blank and missing ones folded into <see cref="TransactionRules.Uncategorised"/>.
    /// </summary>
    public static TransactionChoices From(IEnumerable<AccountChoice> accounts, IEnumerable<string?> categories) => new(
        [.. accounts.Distinct().OrderBy(a => a.Bank, StringComparer.Ordinal).ThenBy(a => a.AccountId, StringComparer.Ordinal).ThenBy(a => a.Currency, StringComparer.Ordinal)],
        [.. categories.Select(TransactionRules.CategoryName).Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase)]);
}

/// <summary>An account the customer has transactions on, as the filter offers it.</summary>
public sealed record AccountChoice(string Bank, string AccountId, string Currency);
