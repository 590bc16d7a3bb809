using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// One customer's totals on one of their days (collection <c>position_history</c>), the points of the
/// dashboard's "net worth over time". Written once a day per customer and again after each sync,
/// so a day's snapshot is the last figure known that day. On MongoDB 6.0+ the collection is a
/// time series: <see cref="Day"/> is its time field and <see cref="SnapshotUser"/> its meta field.
/// </summary>
public sealed class DailyPosition
{
    public ObjectId Id { get; set; }
    public PartyReference SnapshotUser { get; set; } = new();
    /// <summary>
    /// The customer's calendar date the figures belong to (<see cref="Customers.CustomerCalendar"/>), stored
    /// as midnight UTC of that date: a date, not an instant.
    /// </summary>
    public DateTime Day { get; set; }
    /// <summary>When these figures were computed; of two snapshots for one day the later wins.</summary>
    public DateTime RecordedAt { get; set; }
    /// <summary>The base currency the totals are in (the customer's setting when recorded).</summary>
    public string Currency { get; set; } = "";
    public decimal TotalBalance { get; set; }
    public decimal TotalDebt { get; set; }
    public decimal NetWorth { get; set; }
    /// <summary>What wrote it: <see cref="DailyPositionSources"/>.</summary>
    public string Source { get; set; } = DailyPositionSources.Daily;
    /// <summary>
    /// The institutions the totals counted, sorted (<see cref="PositionHistoryRules.BanksOf"/>): a day
    /// recorded before a bank was linked is not comparable with one after. Null on snapshots written
    /// before this was kept (which are therefore comparable with none).
    /// </summary>
    public List<string>? Banks { get; set; }
    /// <summary>
    /// Which accounts and loans the totals counted, as one short fingerprint (<see cref="PositionHistoryRules.HoldingsOf"/>):
    /// a day that counted an account or loan the customer has since removed (or one shared only since) is not comparable
    /// with one after. A fingerprint of the whole set rather than a list: 16 characters a day whatever the customer holds,
    /// and the history keeps no trace of which account it was once its data is removed. Null on snapshots written before
    /// this was kept: those are compared by <see cref="Banks"/> alone, as they always were, so an upgrade does not turn a
    /// customer's recorded history into estimates (see <see cref="PositionHistoryRules.ComparableWithNow"/>).
    /// </summary>
    public string? Holdings { get; set; }

    /// <summary>Midnight UTC of <paramref name="at"/>'s day.</summary>
    public static DateTime DayOf(DateTime at) => DateTime.SpecifyKind(at.ToUniversalTime().Date, DateTimeKind.Utc);

    /// <summary>How <see cref="Day"/> stores <paramref name="day"/>.</summary>
    public static DateTime Midnight(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Same figures (what a repeated write must not store twice).</summary>
    public bool SameFiguresAs(DailyPosition other) =>
        string.Equals(Currency, other.Currency, StringComparison.Ordinal)
        && TotalBalance == other.TotalBalance && TotalDebt == other.TotalDebt && NetWorth == other.NetWorth
        && (Banks ?? []).SequenceEqual(other.Banks ?? [], StringComparer.Ordinal)
        && string.Equals(Holdings, other.Holdings, StringComparison.Ordinal);
}

public static class DailyPositionSources
{
    /// <summary>The once-a-day snapshot taken for every customer.</summary>
    public const string Daily = "daily";
    /// <summary>Taken after a sync wrote new figures.</summary>
    public const string Sync = "sync";
}
