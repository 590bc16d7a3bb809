using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>How the connection pages say bank things in words.</summary>
public static class BankWords
{
    public static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(word => char.ToUpperInvariant(word[0])));

    /// <summary>A permission as a label: "Accounts", "Loans and mortgages".</summary>
    public static string Permission(string permission) => PermissionWords.Word(permission) is { Length: > 0 } word
        ? char.ToUpperInvariant(word[0]) + word[1..]
        : permission;

    /// <summary>The account's type in words.</summary>
    public static string AccountType(string type) => type switch
    {
        AccountTypes.Checking => "Current account",
        AccountTypes.Savings => "Savings account",
        { Length: > 0 } other => $"{other} account",
        _ => "Account",
    };
}
