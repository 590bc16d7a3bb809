using MongoDB.Bson;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// The raw sums behind a customer's global position, grouped by institution and currency.
/// Each engine computes them its own way (an aggregation pipeline on MongoDB, in process on
/// the embedded store) from the one set of rules in <c>Position/PositionRules</c>.
/// </summary>
public interface IPositionQuery
{
    Task<IReadOnlyList<PositionBucket>> GetBucketsAsync(ObjectId userId, CancellationToken cancellationToken = default);
}

/// <summary>Sums for one institution in one currency.</summary>
public sealed record PositionBucket(string Bank, string Currency, decimal Balance, decimal Debt, bool Internal);
