using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Position;

/// <summary>Where the dashboard gets "net worth over time" (a seam so its states can be tested with hand-built histories).</summary>
public interface INetWorthHistoryReader
{
    /// <summary>The last <paramref name="days"/> days (today included) of <paramref name="user"/>'s net worth in <paramref name="baseCurrency"/>.</summary>
    Task<NetWorthHistory> GetNetWorthAsync(LeafyUser user, string baseCurrency, int days = PositionHistoryRules.ChartDays,
        CancellationToken cancellationToken = default);
}
