using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Web.Components.Pages.Dashboard;

public enum FreshnessStatus
{
    /// <summary>Leafy Bank's own accounts: read at the moment the page was computed.</summary>
    Live,
    Current,
    /// <summary>The last successful update is older than <see cref="FreshnessView.StaleAfter"/>.</summary>
    Stale,
    /// <summary>The last attempt failed: the figures are the last good ones.</summary>
    Failing,
    NeverUpdated,
    /// <summary>The position did not say when this institution was last read.</summary>
    Unknown,
    /// <summary>The customer disconnected the bank and kept its data: read-only, never updated again.</summary>
    Disconnected,
    /// <summary>The consent ran out or was revoked at the bank: no updates until the customer reconnects.</summary>
    Ended,
    /// <summary>The bank sent someone else's accounts: nothing was stored and no update runs until the customer connects again as themselves.</summary>
    Refused,
    /// <summary>
    /// One account or loan the bank no longer sends under the current consent (the customer unticked it): kept as last read
    /// and never updated again, as a disconnected bank's data, while the bank's other accounts are read as usual.
    /// </summary>
    NoLongerShared,
}

/// <summary>How current one institution's figures are, in words, as the dashboard says it.</summary>
public sealed record FreshnessView(string Bank, FreshnessStatus Status, string Summary, string? Detail, DateTime? LastSyncedAt)
{
    /// <summary>Linked banks are read up to four times a day; a day without an update is worth saying.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    /// <summary>The linked bank's connection this was read against, when it is known.</summary>
    public BankConnection? Connection { get; init; }

    /// <summary>
    /// The short form for one line beside the bank's figures, when the connection's state is what
    /// matters (ended, disconnected, refused): that state in the Connections card's words and how old
    /// the figures are. Null when the update times say it all.
    /// </summary>
    public string? Brief { get; init; }

    public bool NeedsAttention => Status is FreshnessStatus.Stale or FreshnessStatus.Failing or FreshnessStatus.NeverUpdated or FreshnessStatus.Ended
        or FreshnessStatus.Refused;

    /// <summary>
    /// The banner above every page already says this state, with its fix (a failing or refused update, a
    /// consent that ended recently): a page beside it says only how old the figures are, so the
    /// customer does not read the same warning twice.
    /// </summary>
    public bool SaidInBanner => Connection?.InBanner == true && Status is FreshnessStatus.Failing or FreshnessStatus.Ended or FreshnessStatus.Refused;

    /// <summary>
    /// The freshness of a linked bank given its connection (Core's lifecycle): a bank the customer
    /// disconnected is said to be disconnected, one whose consent ended says so, before any word
    /// about a failed or stale update.
    /// </summary>
    public static FreshnessView For(InstitutionFreshness freshness, DateTime now, BankConnection? connection, TimeZoneInfo? zone = null)
    {
        var asOf = freshness.LastSyncedAt ?? connection?.DataAsOf;
        // One wording for when the figures were read, wherever the dashboard says it (this note, "Accounts by bank", the totals' caption).
        var figures = asOf is { } at ? $"figures as of {LastRead(at, now, zone)}" : "figures as last read";
        var shown = asOf is { } shownAt ? $" The figures shown are as of {LastRead(shownAt, now, zone)}." : "";
        // The short form (the accounts-by-bank line): the state in the Connections card's words, that no update will come,
        // and when the figures were read — a clock time, as "last updated just now" right after a sync reads as live.
        var brief = connection is null ? null : connection.StatusText + (connection.Status == ConnectionStatus.Expired ? EndedOn(connection, zone) : "")
                                                + $" · {NoLongerUpdated}" + (asOf is { } last ? $" · figures as of {LastRead(last, now, zone)}" : "");
        return connection switch
        {
            { Status: ConnectionStatus.ReadOnly } => new(freshness.Bank, FreshnessStatus.Disconnected,
                $"Disconnected{EndedOn(connection, zone)} — kept read-only and {NoLongerUpdated}, {figures}", null, asOf)
            { Brief = brief, Connection = connection },
            { Status: ConnectionStatus.Expired or ConnectionStatus.Revoked } => new(freshness.Bank, FreshnessStatus.Ended,
                connection.Status == ConnectionStatus.Expired ? $"Not updated since the consent ended{EndedOn(connection, zone)}" : "Not updated since the consent was revoked at the bank",
                // What it means for these figures; the banner above (while the end is recent) or the Connections card says the rest.
                (connection.HasData ? "The data already here is kept and no longer updated." : $"No {freshness.Bank} data is kept.") + shown, asOf)
            { Brief = brief, Connection = connection },
            { Status: ConnectionStatus.AccountsRefused } => new(freshness.Bank, FreshnessStatus.Refused,
                "Not updated: the bank sent accounts in someone else's name",
                connection.Explanation + (connection.HasData ? shown : ""), asOf)
            { Brief = brief, Connection = connection },
            _ => For(freshness, now, zone) with { Connection = connection },
        };
    }

    /// <summary>
    /// One linked bank of the position, read against its connection: the position's freshness when
    /// it has one, and for a bank whose connection ended (or was refused) even when it has none.
    /// </summary>
    public static FreshnessView ForLinked(GlobalPosition position, string bank, BankConnection? connection, DateTime now, TimeZoneInfo? zone = null)
    {
        var entry = position.Freshness.FirstOrDefault(f => !f.Internal && string.Equals(f.Bank, bank, StringComparison.Ordinal));
        if (entry is null && connection is not { Status: ConnectionStatus.ReadOnly or ConnectionStatus.Expired or ConnectionStatus.Revoked or ConnectionStatus.AccountsRefused })
        {
            return For(position, bank, false, now, zone) with { Connection = connection };
        }
        return For(entry ?? new InstitutionFreshness(bank, false, null, null, null), now, connection, zone);
    }

    /// <summary>
    /// One account or loan its bank no longer shares (<see cref="FreshnessStatus.NoLongerShared"/>), in a disconnected bank's
    /// words: since when it is not shared, that it is no longer updated, and when it was last read (a clock time, never
    /// "just now", whatever the bank's own last update).
    /// </summary>
    public static FreshnessView NoLongerSharedBy(string bank, DateTime since, DateTime? lastRead, DateTime now, TimeZoneInfo? zone = null)
    {
        var sinceDay = SinceDay(since, zone);
        var figures = FiguresAsOf(lastRead, now, zone);
        return new(bank, FreshnessStatus.NoLongerShared, $"No longer shared by {bank} since {sinceDay} — kept and {NoLongerUpdated}, {figures}", null, lastRead)
        {
            Brief = $"No longer shared by {bank} since {sinceDay} · {NoLongerUpdated} · {figures}",
        };
    }

    /// <summary>
    /// Beside its bank's figures on the dashboard, one account or loan they include that the bank no longer shares, in the
    /// words of <see cref="NoLongerSharedBy"/>: "Includes Instant Saver •••• 9907, no longer shared since 3 Dec 2026 · its
    /// figures as of today at 10:14 CET". "Its": beside the bank's own "updated 1 minute ago", a bare "figures as of 10:14"
    /// read as the time of the whole bank's figures.
    /// </summary>
    public static string Includes(NoLongerSharedHolding holding, DateTime now, TimeZoneInfo? zone = null) =>
        $"Includes {AccountWords.Label(holding.Name, holding.MaskedNumber)}, no longer shared since {SinceDay(holding.Since, zone)} · its " +
        FiguresAsOf(holding.LastReadAt, now, zone);

    /// <summary>
    /// For the totals' caption, what of the banks Leafy Bank still updates it holds as last read because the bank no longer
    /// shares it, counted: "1 account no longer shared, as last read", "2 accounts and 1 loan or mortgage no longer shared,
    /// as last read". Null when there is none.
    /// </summary>
    public static string? NoLongerSharedCount(IReadOnlyCollection<NoLongerSharedHolding> holdings)
    {
        var accounts = holdings.Count(h => h.Side == PositionSide.Balance);
        var loans = holdings.Count - accounts;
        var counted = (accounts, loans) switch
        {
            (0, 0) => null,
            (_, 0) => CountWords.Count(accounts, "account"),
            (0, _) => CountWords.LoansOrMortgages(loans),
            _ => $"{CountWords.Count(accounts, "account")} and {CountWords.LoansOrMortgages(loans)}",
        };
        return counted is null ? null : $"{counted} no longer shared, as last read";
    }

    /// <summary>The day an account or loan stopped being shared, in the customer's zone.</summary>
    private static string SinceDay(DateTime since, TimeZoneInfo? zone) => LocalTime.Day(since, zone ?? TimeZoneInfo.Utc);

    private static string FiguresAsOf(DateTime? lastRead, DateTime now, TimeZoneInfo? zone) =>
        lastRead is { } at ? $"figures as of {LastRead(at, now, zone)}" : "figures as last read";

    /// <summary>The freshness of one account or loan: its bank's, unless the bank no longer shares it.</summary>
    public static FreshnessView ForRow(FreshnessView bank, string bankName, DateTime? noLongerSharedSince, DateTime? lastRead, DateTime now, TimeZoneInfo? zone = null) =>
        noLongerSharedSince is { } since ? NoLongerSharedBy(bankName, since, lastRead, now, zone) with { Connection = bank.Connection } : bank;

    /// <summary>What the dashboard says of a bank Leafy Bank no longer reads (disconnected, consent ended, refused).</summary>
    public const string NoLongerUpdated = "no longer updated";

    /// <summary>
    /// When a bank that is no longer updated was last read, for the figures it left, as the dashboard says every moment
    /// (<see cref="DashboardFormat.When"/>): "today at 14:05 CET", "yesterday at 21:05 EST", else the day, in the customer's
    /// zone. Never "just now", which beside a bank that will not update again reads as live.
    /// </summary>
    public static string LastRead(DateTime at, DateTime now, TimeZoneInfo? zone) => DashboardFormat.When(at, now, zone);

    /// <summary>
    /// " on 3 Dec 2026": the day a connection ended. A consent that ran out ended on its last day, a calendar date the bank
    /// granted and the same in every zone (an expired connection's <see cref="BankConnection.EndedAt"/> is that date); one the
    /// customer ended, on the day it happened where the customer is.
    /// </summary>
    private static string EndedOn(BankConnection connection, TimeZoneInfo? zone) => connection.EndedAt is { } at
        ? " on " + (connection.Status == ConnectionStatus.Expired ? DayFormat.OfCalendarDate(at) : LocalTime.Day(at, zone ?? TimeZoneInfo.Utc))
        : "";

    public static FreshnessView For(InstitutionFreshness freshness, DateTime now, TimeZoneInfo? zone = null)
    {
        if (freshness.Internal)
        {
            return new(freshness.Bank, FreshnessStatus.Live, "Live", "Your Leafy Bank accounts are read as the page loads.", null);
        }
        var lastGood = freshness.LastSyncedAt is { } synced
            ? $"Last updated {DashboardFormat.Ago(synced, now)} ({DashboardFormat.When(synced, now, zone)})"
            : "Never updated";
        if (freshness.LastError is { Length: > 0 } error)
        {
            var attempt = freshness.LastAttemptAt is { } attemptAt ? $" {DashboardFormat.Ago(attemptAt, now)}" : "";
            var shown = freshness.LastSyncedAt is null
                ? "No figures from this bank yet."
                : $"The figures shown are from the last good update, {DashboardFormat.Ago(freshness.LastSyncedAt.Value, now)}.";
            return new(freshness.Bank, FreshnessStatus.Failing, $"Update failed{attempt}", $"{error} {shown}", freshness.LastSyncedAt);
        }
        if (freshness.LastSyncedAt is not { } last)
        {
            return new(freshness.Bank, FreshnessStatus.NeverUpdated, lastGood, "Leafy Bank has not read this bank yet.", null);
        }
        return now - last > StaleAfter
            ? new(freshness.Bank, FreshnessStatus.Stale, $"{lastGood} — more than a day old", "These figures may be out of date.", last)
            : new(freshness.Bank, FreshnessStatus.Current, lastGood, null, last);
    }

    /// <summary>The freshness of one institution of the position, or "not known" when the position has none for it.</summary>
    public static FreshnessView For(GlobalPosition position, string bank, bool isInternal, DateTime now, TimeZoneInfo? zone = null)
    {
        var entry = position.Freshness.FirstOrDefault(f => f.Internal == isInternal && string.Equals(f.Bank, bank, StringComparison.Ordinal));
        if (entry is not null)
        {
            return For(entry, now, zone);
        }
        return isInternal
            ? For(new InstitutionFreshness(bank, true, null, null, null), now, zone)
            : new(bank, FreshnessStatus.Unknown, "Update time not known", null, null);
    }
}
