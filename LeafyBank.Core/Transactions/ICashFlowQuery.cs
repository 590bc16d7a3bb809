using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>The dashboard's money in and out: this month so far against last month, in the base currency.</summary>
public interface ICashFlowQuery
{
    Task<CashFlowComparison> ThisMonthAndLastAsync(ObjectId ownerId, string baseCurrency, CancellationToken cancellationToken = default);
}
