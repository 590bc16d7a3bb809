using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Position;

/// <summary>Where the dashboard gets "net worth over time" (a seam so its states can be tested with hand-built histories).</summary>
public interface INetWorthHistoryReader
{
    /// <summary>
    /// The last <paramref name="days"/> days of <paramref name="user"/>'s net worth in <paramref name="current"/>'s
    /// currency, ending with <paramref name="current"/> (the position just computed) as today's figure, whether or
    /// not today's snapshot has been written yet. Earlier days are comparable with it: they count the same banks, accounts and loans
    /// (<see cref="PositionHistoryRules.ComparableWithNow"/>); others are estimated.
    /// </summary>
    Task<NetWorthHistory> GetNetWorthAsync(LeafyUser user, GlobalPosition current, int days = PositionHistoryRules.ChartDays,
        CancellationToken cancellationToken = default);
}
