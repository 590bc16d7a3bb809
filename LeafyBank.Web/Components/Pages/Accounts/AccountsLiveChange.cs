using System.Text.Json;
using LeafyBank.Core.Banking;
using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// What an open Accounts page's read after a change elsewhere (an update finished, a bank connected, disconnected or its data
/// deleted, an account's data removed, a consent renewed with fewer accounts: another tab, another device, another app
/// instance) changed, said in the dashboard's live-update words (<see cref="LiveRefresh"/>) with what only this page lists:
/// the accounts and loans that left it or that their bank no longer shares.
/// </summary>
/// <param name="Refresh">The dashboard's reading of the change: a bank's update ended (or failed), a connection came or went.</param>
/// <param name="Details">What happened to single accounts and loans, each a sentence; empty when nothing did.</param>
public sealed record AccountsLiveChange(LiveRefresh Refresh, IReadOnlyList<string> Details)
{
    /// <summary>The failed update's bank, when the change is one: the caption is a warning with its next step, as on the dashboard.</summary>
    public bool UpdateFailed => Details.Count == 0 && Refresh.ConnectionChange is null && Refresh.UpdateFailed;

    /// <summary>
    /// The change between two reads of the page, or null when the page would show the same (the caption before still
    /// holds, and nothing is drawn again). <paramref name="readAt"/> is when the second read was made.
    /// </summary>
    public static AccountsLiveChange? Between(AccountsOverview before, AccountsOverview after, DateTime readAt)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (SameOnPage(before, after))
        {
            return null;
        }
        var refresh = LiveRefresh.Between(before.Position, after.Position, readAt);
        if (refresh.UpdateFailed)
        {
            refresh = refresh.WithConnection(BankConnection.Of(after.Connections, refresh.Update!.Bank));
        }
        refresh = refresh.AfterConnectionChanges(before.Connections, after.Connections);
        // A bank's connection that came or went says it all: its accounts are not named one by one as well.
        return new AccountsLiveChange(refresh, refresh.ConnectionChange is null ? RowChanges(before, after) : []);
    }

    /// <summary>The live-region line, in the customer's words and time zone.</summary>
    public string Describe(DateTime now, TimeZoneInfo? zone)
    {
        if (Details.Count == 0)
        {
            // The dashboard's own words: an update finished or failed, a bank connected or disconnected, or only "Updated".
            return Refresh.Describe(now, zone);
        }
        var told = string.Join(" ", Details);
        // An update that brought these changes is named, as the dashboard names it; otherwise only what changed.
        return Refresh is { Update: not null, UpdateFailed: false }
            ? $"Updated {DashboardFormat.Ago(Refresh.RefreshedAt, now)} after the update at {Refresh.Update.Bank} finished: {LowerFirst(told)}"
            : $"Updated {DashboardFormat.Ago(Refresh.RefreshedAt, now)}: {LowerFirst(told)}";
    }

    private static IReadOnlyList<string> RowChanges(AccountsOverview before, AccountsOverview after)
    {
        var rowsBefore = before.Institutions.Where(i => !i.Internal).SelectMany(i => i.Rows).ToList();
        var rowsAfter = after.Institutions.Where(i => !i.Internal).SelectMany(i => i.Rows).ToList();
        var details = new List<string>();

        var removed = rowsBefore.Where(r => after.Find(r.Reference) is null).ToList();
        foreach (var bank in removed.GroupBy(r => r.Bank, StringComparer.Ordinal))
        {
            var labels = bank.Select(r => r.Label).ToList();
            details.Add(rowsAfter.Any(r => string.Equals(r.Bank, bank.Key, StringComparison.Ordinal))
                ? $"{CountWords.List(labels)} {(labels.Count == 1 ? "was" : "were")} removed from Leafy Bank."
                : $"the {bank.Key} data was deleted from Leafy Bank.");
        }

        var unshared = rowsAfter.Where(r => r.NoLongerSharedSince is not null && before.Find(r.Reference) is { NoLongerSharedSince: null }).ToList();
        foreach (var bank in unshared.GroupBy(r => r.Bank, StringComparer.Ordinal))
        {
            details.Add($"{bank.Key} no longer shares {CountWords.List([.. bank.Select(r => r.Label)])} with Leafy Bank.");
        }

        var added = rowsAfter.Where(r => before.Find(r.Reference) is null).ToList();
        foreach (var bank in added.GroupBy(r => r.Bank, StringComparer.Ordinal))
        {
            details.Add($"{bank.Key} shared {CountWords.List([.. bank.Select(r => r.Label)])}.");
        }
        return [.. details.Select(UpperFirst)];
    }

    /// <summary>
    /// Whether the page would show the same: every figure, name, state and connection alike. When the position was worked
    /// out does not count (each read has its own), so a change elsewhere that left this customer's accounts as they were
    /// (another bank's failed retry told twice, a catch-up for what the page already shows) draws nothing again.
    /// </summary>
    public static bool SameOnPage(AccountsOverview before, AccountsOverview after) =>
        JsonSerializer.Serialize(Comparable(before)) == JsonSerializer.Serialize(Comparable(after));

    private static AccountsOverview Comparable(AccountsOverview overview) =>
        overview with { Position = overview.Position with { ComputedAt = default } };

    private static string UpperFirst(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    private static string LowerFirst(string words) =>
        // A bank's or account's name keeps its capital: only "the … data was deleted" starts in lower case.
        words.StartsWith("The ", StringComparison.Ordinal) ? "t" + words[1..] : words;
}
