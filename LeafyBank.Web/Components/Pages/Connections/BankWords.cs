using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>How the connection pages say bank things in words.</summary>
public static class BankWords
{
    public static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(word => char.ToUpperInvariant(word[0])));

    /// <summary>What remains of a consent: "1 day left", "90 days left".</summary>
    public static string DaysLeft(int days) => $"{CountWords.Count(days, "day")} left";

    /// <summary>A permission as a label: "Accounts", "Loans and mortgages".</summary>
    public static string Permission(string permission) => PermissionWords.Word(permission) is { Length: > 0 } word
        ? char.ToUpperInvariant(word[0]) + word[1..]
        : permission;

    /// <summary>
    /// Kinds of data in one phrase, in the words of the review's list: "accounts", "accounts and balances",
    /// "balances, transactions, loans and mortgages" (when the last is "loans and mortgages" it brings
    /// its own "and", so a comma joins it).
    /// </summary>
    public static string Shared(IReadOnlyList<string> permissions)
    {
        var words = permissions.Select(PermissionWords.Word).ToList();
        return words.Count switch
        {
            0 => "",
            1 => words[0],
            _ => string.Join(", ", words[..^1]) + (words[^1].Contains(" and ", StringComparison.Ordinal) ? ", " : " and ") + words[^1],
        };
    }

    /// <summary>
    /// Why Leafy Bank asks, naming only the data chosen on the review (so unticking loans takes them
    /// out of the reason too).
    /// </summary>
    public static string WhyShared(string bankName, IReadOnlyList<string> permissions) => permissions.Count == 0
        ? "choose above what to share; Leafy Bank reads nothing else."
        : $"to show your {bankName} {Shared(permissions)} next to your Leafy Bank accounts.";

    /// <summary>The account's type in words.</summary>
    public static string AccountType(string type) => type switch
    {
        AccountTypes.Checking => "Current account",
        AccountTypes.Savings => "Savings account",
        { Length: > 0 } other => $"{other} account",
        _ => "Account",
    };
}
