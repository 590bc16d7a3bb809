using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// Where the dashboard gets a customer's global position. A seam over
/// <see cref="GlobalPositionService"/> so the dashboard's states (loans, green share, stale and
/// failing banks) can be tested with hand-built positions.
/// </summary>
public interface IGlobalPositionReader
{
    Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default);
}

/// <summary>The real reader: the one <see cref="GlobalPositionService"/> the CLI and the API share.</summary>
public sealed class GlobalPositionReader(GlobalPositionService positions) : IGlobalPositionReader
{
    public Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default) =>
        positions.GetAsync(user, cancellationToken);
}
