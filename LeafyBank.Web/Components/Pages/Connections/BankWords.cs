using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>How the connection pages say bank things in words.</summary>
public static class BankWords
{
    public static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(word => char.ToUpperInvariant(word[0])));

    public static string Permission(string permission) => permission switch
    {
        ConsentPermissions.Accounts => "Accounts",
        ConsentPermissions.Balances => "Balances",
        ConsentPermissions.Transactions => "Transactions",
        ConsentPermissions.Products => "Products (loans, mortgages)",
        _ => permission,
    };

    /// <summary>
    /// An account as a customer recognises it: the bank's name for it (else its type in words) and
    /// the last four characters of its number ("Girokonto •••• 1234"). The one place that labels a
    /// linked account on the connection pages.
    /// </summary>
    public static string AccountLabel(ExternalAccount account)
    {
        var number = Identification(account);
        var tail = number.Length > 4 ? number[^4..] : number;
        // A no-break space keeps the mask and its digits together when a narrow card wraps the label.
        var name = AccountWords.Name(account);
        return tail.Length == 0 ? name : $"{name} ••••\u00A0{tail}";
    }

    /// <summary>The account's type in words.</summary>
    public static string AccountType(string type) => type switch
    {
        AccountTypes.Checking => "Current account",
        AccountTypes.Savings => "Savings account",
        { Length: > 0 } other => $"{other} account",
        _ => "Account",
    };

    /// <summary>Where the connectors keep the number a bank sent: Berlin Group's IBAN, UK Open Banking's identification.</summary>
    private static readonly string[] IdentificationFields = ["iban", "Identification"];

    /// <summary>The number the bank identifies the account by (IBAN or sort code and number when it sent one), else its id; letters and digits only.</summary>
    private static string Identification(ExternalAccount account)
    {
        var sent = account.BankExtras is { } extras
            ? IdentificationFields.Select(field => extras.GetValue(field, BsonNull.Value)).FirstOrDefault(value => value.IsString)?.AsString
            : null;
        return string.Concat((sent ?? account.AccountId).Where(char.IsLetterOrDigit)).ToUpperInvariant();
    }

    /// <summary>The bank's name from the directory, or its id when the directory cannot be read.</summary>
    public static Task<string> NameAsync(IBankDirectory directory, string bankId, CancellationToken cancellationToken = default) =>
        directory.NameOrIdAsync(bankId, cancellationToken);
}
