using System.Globalization;
using System.Text;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// Whether the accounts a bank returned belong to the customer they are stored for. A shared
/// browser, a bank session someone left open or a mix-up at the bank could hand Leafy Bank
/// another person's accounts; they are refused before anything is written.
/// Each account's and product's holder (Berlin Group <c>ownerName</c>, UK <c>Account[].Name</c>,
/// the reference banks' owner fields) is compared with the customer's name, ignoring case,
/// accents, punctuation, word order and spacing, and a title or middle name the bank adds. A
/// joint holder ("Frida Kahlo &amp; Diego Rivera") matches when one of its people is the customer.
/// An account the bank names no holder for is not refused: there is nothing to compare.
/// </summary>
public static class AccountHolderCheck
{
    // Words that join two people; single letters ("y", "e") are left out, as they are also initials.
    private static readonly string[] JointSeparators = ["&", " and ", " und ", " et ", ";", "/", "+", "|"];

    /// <summary>What the customer is told, on the Connections page and in the ledger (no other person's name in it).</summary>
    public static string RefusalMessage(string bankName, LeafyUser customer) =>
        $"The accounts {bankName} shared are not in your name ({customer.DisplayName}), so Leafy Bank did not store them. " +
        $"Someone else may have been signed in at {bankName} in this browser. Disconnect {bankName}, then connect it again and sign in at the bank as yourself.";

    /// <summary>The holder names in <paramref name="snapshot"/> that are not <paramref name="customer"/> (empty when all belong to them).</summary>
    public static IReadOnlyList<string> ForeignHolders(LeafyUser customer, BankSnapshot snapshot)
    {
        var customerWords = Words(customer.DisplayName);
        if (customerWords.Count == 0)
        {
            // A customer without a name on record cannot be compared; the names are checked only when there is one.
            return [];
        }
        return snapshot.Accounts.Select(account => account.OwnerName)
            .Concat(snapshot.Products.Select(product => product.OwnerName))
            .Where(holder => !string.IsNullOrWhiteSpace(holder) && !IsHeldBy(holder!, customerWords))
            .Select(holder => holder!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Whether one of the people named in <paramref name="holder"/> is the customer.</summary>
    public static bool IsHeldBy(string holder, string customerName) => IsHeldBy(holder, Words(customerName));

    private static bool IsHeldBy(string holder, IReadOnlySet<string> customerWords)
    {
        var people = new List<string> { " " + holder.ToLowerInvariant() + " " };
        foreach (var separator in JointSeparators)
        {
            people = [.. people.SelectMany(person => person.Split(separator, StringSplitOptions.None))];
        }
        return people.Any(person => Words(person) is { Count: > 0 } words && customerWords.IsSubsetOf(words));
    }

    /// <summary>Lower-case words without accents or punctuation: "  KAHLO, Fridá " → {kahlo, frida}.</summary>
    private static HashSet<string> Words(string name)
    {
        var plain = new StringBuilder(name.Length);
        foreach (var character in name.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(character);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            plain.Append(char.IsLetterOrDigit(character) ? char.ToLowerInvariant(character) : ' ');
        }
        return plain.ToString().Normalize(NormalizationForm.FormC)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
    }
}
