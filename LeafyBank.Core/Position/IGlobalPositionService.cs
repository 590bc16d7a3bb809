using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Position;

/// <summary>
/// A customer's global position as the dashboard, the Accounts pages and the data API read it
/// (<see cref="GlobalPositionService"/>); an interface so page tests can hand over built positions.
/// </summary>
public interface IGlobalPositionService
{
    /// <summary>The customer's position now, in the customer's base currency.</summary>
    Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default);
}
