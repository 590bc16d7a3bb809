using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>The dashboard's money in and out: this month so far against last month, in the base currency.</summary>
public interface ICashFlowQuery
{
    /// <summary>The months as the customer's calendar has them: <paramref name="customerZone"/> says which month it is now.</summary>
    Task<CashFlowComparison> ThisMonthAndLastAsync(ObjectId ownerId, string baseCurrency, TimeZoneInfo customerZone, CancellationToken cancellationToken = default);
}
