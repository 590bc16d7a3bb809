namespace LeafyBank.Core.Domain;

/// <summary>
/// The consent permissions as a customer reads them in a sentence ("accounts, balances,
/// transactions, loans and mortgages"): the ledger and the messages about a consent use these, never
/// the protocol's names.
/// </summary>
public static class PermissionWords
{
    public static string Word(string permission) => permission switch
    {
        ConsentPermissions.Accounts => "accounts",
        ConsentPermissions.Balances => "balances",
        ConsentPermissions.Transactions => "transactions",
        ConsentPermissions.Products => "loans and mortgages",
        _ => permission,
    };

    // Joined by commas only: the last word may itself be "loans and mortgages".
    public static string Of(IEnumerable<string> permissions) => string.Join(", ", permissions.Select(Word));
}
