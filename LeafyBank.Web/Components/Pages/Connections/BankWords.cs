using LeafyBank.Core.Banking;
using LeafyBank.Core.Banking.Authorization;
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
    /// A permission as the review's choice names it, with what it covers: unticking "Balances" leaves out what the accounts
    /// hold, not what the loans owe (that comes with "Loans and mortgages"), which the bare word did not tell.
    /// </summary>
    public static string Choice(string permission) => permission switch
    {
        ConsentPermissions.Accounts => $"{Permission(permission)} (names, types and numbers)",
        ConsentPermissions.Balances => $"{Permission(permission)} (what your accounts hold)",
        ConsentPermissions.Transactions => $"{Permission(permission)} (payments in and out)",
        ConsentPermissions.Products => $"{Permission(permission)} (amount owed, rate and terms)",
        _ => Permission(permission),
    };

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
    /// out of the reason too). It names no Leafy Bank accounts: a customer may have none (adalove), and
    /// their linked banks are then all of what Leafy Bank shows.
    /// </summary>
    public static string WhyShared(string bankName, IReadOnlyList<string> permissions) => permissions.Count == 0
        ? "choose above what to share; Leafy Bank reads nothing else."
        : $"to show your {bankName} {Shared(permissions)} in Leafy Bank, alongside the rest of your finances.";

    /// <summary>How the new end of access compares with the old one: "70 days longer", "5 days sooner", "" when the same day.</summary>
    public static string LongerOrSooner(ConsentChange change) => change.DaysLonger switch
    {
        > 0 => $"{CountWords.Count(change.DaysLonger, "day")} longer",
        < 0 => $"{CountWords.Count(-change.DaysLonger, "day")} sooner",
        _ => "",
    };

    /// <summary>
    /// On the review, what a new consent as chosen would change compared with the live one: "What changes:
    /// access runs until … instead of …, 70 days longer; Leafy Bank also reads your transactions; it stops
    /// reading your loans and mortgages."
    /// </summary>
    public static string WhatWouldChange(ConsentChange change)
    {
        var changes = new List<string>
        {
            change.DaysLonger switch
            {
                > 0 => $"access runs until {DayFormat.OfCalendarDate(change.ValidUntil)} instead of {DayFormat.OfCalendarDate(change.PreviousValidUntil)}, {LongerOrSooner(change)}",
                < 0 => $"access ends on {DayFormat.OfCalendarDate(change.ValidUntil)} instead of {DayFormat.OfCalendarDate(change.PreviousValidUntil)}, {LongerOrSooner(change)}",
                _ => $"access still runs until {DayFormat.OfCalendarDate(change.PreviousValidUntil)}",
            },
        };
        if (change.Added.Count > 0)
        {
            changes.Add($"Leafy Bank also reads your {Shared(change.Added)}");
        }
        if (change.Dropped.Count > 0)
        {
            changes.Add($"it stops reading your {Shared(change.Dropped)}");
        }
        return $"What changes: {string.Join("; ", changes)}.";
    }

    /// <summary>
    /// What a consent left out that Leafy Bank holds, by name, one sentence each: "Thames Bank no longer shares Instant Saver
    /// •••• 9907: Leafy Bank keeps what it last read, no longer updated." (its labels as <see cref="AccountWords.Label(ExternalAccount)"/> words them).
    /// </summary>
    public static IReadOnlyList<string> NoLongerShared(string bankName, IEnumerable<string> labels) =>
        [.. labels.Select(label => $"{bankName} no longer shares {label}: Leafy Bank keeps what it last read, no longer updated.")];

    /// <summary>
    /// The result page's heading once the bank granted a new consent in place of a live one. A change of the kinds of data
    /// shared is said as a change. A renewal under which the bank no longer shares some accounts or loans Leafy Bank holds
    /// (the customer unticked them at the bank: <paramref name="noLongerShared"/>, labelled as <see cref="NoLongerShared"/>
    /// names them below) says so, so the heading does not promise that everything goes on as before: "Your consent at Thames
    /// Bank is renewed, without Instant Saver •••• 9907"; two by name, more by count.
    /// </summary>
    public static string RenewedTitle(string bankName, ConsentChange? change, IReadOnlyList<string>? noLongerShared = null) =>
        (change, noLongerShared) switch
        {
            ({ SameData: false }, _) => $"You changed what you share with {bankName}",
            (_, [var one]) => $"Your consent at {bankName} is renewed, without {one}",
            (_, [var first, var second]) => $"Your consent at {bankName} is renewed, without {first} and {second}",
            (_, { Count: > 2 } many) => $"Your consent at {bankName} is renewed, without {many.Count} of the accounts and loans shared before",
            _ => $"Your consent at {bankName} is renewed",
        };

    /// <summary>
    /// After the approval, what the new consent did, in the order a customer checks it: what Leafy Bank
    /// reads now and until when, compared with before; then the data added and the data dropped (and
    /// what becomes of what was read of it before).
    /// </summary>
    public static string WhatChanged(string bankName, ConsentChange change)
    {
        var compared = change.DaysLonger == 0 ? "the same day as before" : $"{LongerOrSooner(change)} than before";
        var sentences = new List<string>
        {
            $"Leafy Bank {(change.SameData ? "reads" : "now reads")} your {bankName} {Shared(change.Permissions)} until {DayFormat.OfCalendarDate(change.ValidUntil)}, {compared}.",
        };
        if (change.Added.Count > 0)
        {
            sentences.Add($"It now also reads your {Shared(change.Added)}.");
        }
        if (change.Dropped.Count > 0)
        {
            // Nothing is deleted by a change: the next updates only stop bringing them.
            sentences.Add($"It no longer reads your {Shared(change.Dropped)}; the ones already in Leafy Bank are kept, no longer updated.");
        }
        return string.Join(" ", sentences);
    }

    /// <summary>
    /// A bank that granted another period than asked, in the customer's terms (days, as the review offered them):
    /// "You asked for 180 days; Thames Bank allows at most 90, so access ends on 1 Mar 2027."
    /// </summary>
    public static string GrantedOtherThanAsked(string bankName, DateTime askedOn, DateTime askedUntil, DateTime grantedUntil)
    {
        var asked = (askedUntil.Date - askedOn.Date).Days;
        var granted = (grantedUntil.Date - askedOn.Date).Days;
        return granted < asked
            ? $"You asked for {CountWords.Count(asked, "day")}; {bankName} allows at most {granted}, so access ends on {DayFormat.OfCalendarDate(grantedUntil)}."
            : $"You asked for {CountWords.Count(asked, "day")}; {bankName} granted {granted}, so access ends on {DayFormat.OfCalendarDate(grantedUntil)}.";
    }

    /// <summary>The account's type in words.</summary>
    public static string AccountType(string type) => type switch
    {
        AccountTypes.Checking => "Current account",
        AccountTypes.Savings => "Savings account",
        { Length: > 0 } other => $"{other} account",
        _ => "Account",
    };
}
