using LeafyBank.Core.Banking;
using LeafyBank.Core.Position;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// What the dashboard's last live refresh followed: the linked bank whose update just ended (found
/// by comparing the freshness before and after), and whether that update failed. A failed update
/// changes nothing but the failure record, so it must never read as "Updated just now".
/// A failure that is a lasting connection state (the bank sent someone else's accounts, the
/// consent ended) is told as that state, with its own next step: "try again" cannot help there.
/// </summary>
public sealed record LiveRefresh(DateTime RefreshedAt, InstitutionFreshness? Update)
{
    /// <summary>The failed bank's connection, when it is in a state that no retry can fix (<see cref="WithConnection"/>).</summary>
    public BankConnection? LastingState { get; private init; }

    public bool UpdateFailed => Update?.LastError is { Length: > 0 };

    /// <summary>
    /// Nothing the page shows moved: no bank's update ended with new figures or a new failure, and no connection came or went.
    /// What prompted the read (an update that stopped because its bank was disconnected meanwhile, or a change already shown)
    /// left nothing new to say: the caption before it still holds, and "a bank update finished" would not be true.
    /// </summary>
    public bool NothingNew => Update is null && ConnectionChange is null;

    /// <summary>
    /// What happened to a linked bank's connection with this refresh (connected, disconnected, ended), when that, not an
    /// update, is why the figures were read again: a disconnect in another tab is not "the update at … finished".
    /// </summary>
    public string? ConnectionChange { get; private init; }

    /// <summary>
    /// Compares the connections before and after the refresh: a bank connected, or no longer connected (disconnected,
    /// ended at the bank, run out), is what the caption says, in place of an update. Unknown connections (not readable)
    /// change nothing.
    /// </summary>
    public LiveRefresh AfterConnectionChanges(IReadOnlyList<BankConnection>? before, IReadOnlyList<BankConnection>? after)
    {
        if (before is null || after is null)
        {
            return this;
        }
        var banks = before.Select(c => c.BankName).Union(after.Select(c => c.BankName), StringComparer.Ordinal);
        foreach (var bank in banks)
        {
            var was = BankConnection.Of(before, bank);
            var now = BankConnection.Of(after, bank);
            if (Connected(was) != Connected(now) && ChangeSentence(bank, now) is { } sentence)
            {
                return this with { Update = null, LastingState = null, ConnectionChange = sentence };
            }
            // "Delete this bank's data" on an ended connection (in another tab): no connection came or went, yet its figures left.
            if (!Connected(was) && !Connected(now) && was is { HasData: true } && now is not { HasData: true })
            {
                return this with { Update = null, LastingState = null, ConnectionChange = $"the {bank} data was deleted from Leafy Bank." };
            }
        }
        return this;
    }

    /// <summary>Whether the bank's consent stands (even if its last update failed or sent someone else's accounts).</summary>
    private static bool Connected(BankConnection? connection) =>
        connection?.Status is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing or ConnectionStatus.AccountsRefused;

    private static string? ChangeSentence(string bank, BankConnection? now) => now?.Status switch
    {
        _ when Connected(now) => $"{bank} was connected.",
        null or ConnectionStatus.ReadOnly => $"{bank} was disconnected.",
        // Disconnected with "Delete data now" (or with all linked data), seen in one read: both are said, as both happened.
        ConnectionStatus.Deleted => $"{bank} was disconnected and its data deleted from Leafy Bank.",
        ConnectionStatus.Expired => $"your consent at {bank} has ended.",
        ConnectionStatus.Revoked => $"the consent at {bank} was ended at the bank.",
        _ => null,
    };

    /// <summary>What the link to Connections offers, in the words of what the customer can do there.</summary>
    public string NextStep => LastingState?.Status switch
    {
        ConnectionStatus.AccountsRefused => $"Open Connections to disconnect {Update!.Bank} or connect it again as yourself",
        ConnectionStatus.Expired or ConnectionStatus.Revoked => $"Open Connections to reconnect {Update!.Bank}",
        _ => "Open Connections to try again or see what to do",
    };

    private string LastingReason => LastingState?.Status switch
    {
        ConnectionStatus.AccountsRefused => "it sent accounts in someone else's name, so nothing from it was stored",
        ConnectionStatus.Expired => "your consent there has ended",
        _ => "the consent was ended at the bank",
    };

    /// <summary>
    /// Takes the failed bank's connection into account: a refusal or an ended consent is a state,
    /// not a passing failure, and the caption says it as the Connections page does.
    /// </summary>
    public LiveRefresh WithConnection(BankConnection? connection) =>
        connection?.Status is ConnectionStatus.AccountsRefused or ConnectionStatus.Expired or ConnectionStatus.Revoked
            ? this with { LastingState = connection }
            : this with { LastingState = null };

    public static LiveRefresh Between(GlobalPosition? before, GlobalPosition after, DateTime refreshedAt)
    {
        ArgumentNullException.ThrowIfNull(after);
        var update = after.Freshness
            .Where(f => !f.Internal && !Unchanged(f, before))
            .OrderByDescending(f => Latest(f))
            .FirstOrDefault();
        return new LiveRefresh(refreshedAt, update);
    }

    /// <summary>The caption, in the customer's words and time zone; for a failure it says when the figures were last good.</summary>
    public string Describe(DateTime now, TimeZoneInfo? zone)
    {
        if (ConnectionChange is not null)
        {
            return $"Updated {DashboardFormat.Ago(RefreshedAt, now)}: {ConnectionChange}";
        }
        if (Update is null)
        {
            // Nothing new to name (the dashboard keeps the caption before instead): no update is claimed to have finished.
            return $"Updated {DashboardFormat.Ago(RefreshedAt, now)}.";
        }
        if (!UpdateFailed)
        {
            return $"Updated {DashboardFormat.Ago(RefreshedAt, now)} after the update at {Update.Bank} finished.";
        }
        var figures = Update.LastSyncedAt is { } good
            ? $"{Update.Bank}'s figures are from its last successful update, {DashboardFormat.Ago(good, now)} ({DashboardFormat.When(good, now, zone)})."
            : $"There are no figures from {Update.Bank} yet.";
        if (LastingState is not null)
        {
            // The freshness note below explains the state at length; the caption says only what happened.
            return $"{Update.Bank} was not updated: {LastingReason}.";
        }
        var when = Update.LastAttemptAt is { } attempt ? $" {DashboardFormat.Ago(attempt, now)}" : "";
        return $"The latest update at {Update.Bank} failed{when}: {Sentence(Update.LastError!)} {figures}";
    }

    /// <summary>
    /// Whether the bank's freshness shows no update ending: the same as before, or older (a disconnect removes the connection's
    /// update record, leaving only when its data was read, and an update that stopped for it changes nothing else).
    /// </summary>
    private static bool Unchanged(InstitutionFreshness after, GlobalPosition? before) =>
        before?.Freshness.Any(b => !b.Internal && string.Equals(b.Bank, after.Bank, StringComparison.Ordinal)
                                   && ((b.LastAttemptAt == after.LastAttemptAt && b.LastSyncedAt == after.LastSyncedAt
                                        && string.Equals(b.LastError, after.LastError, StringComparison.Ordinal))
                                       || (after.LastAttemptAt is null && b.LastAttemptAt is not null) || Latest(after) < Latest(b))) == true;

    private static DateTime Latest(InstitutionFreshness f) =>
        new[] { f.LastAttemptAt, f.LastSyncedAt }.Max() ?? DateTime.MinValue;

    private static string Sentence(string words)
    {
        var trimmed = words.Trim();
        return trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }
}
