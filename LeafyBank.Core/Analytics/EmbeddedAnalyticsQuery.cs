using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using MongoDB.Bson.Serialization;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// The cross-customer aggregates computed in process: every owner's accounts, products,
/// consents and sync states are streamed once and folded with the same
/// <see cref="AnalyticsRules"/> expressions the MongoDB pipelines are built from.
/// </summary>
internal sealed class EmbeddedAnalyticsQuery(SqliteDocumentStore store) : IAnalyticsQuery
{
    // An unusable file reaches callers as the store's own StoreUnavailableException, not SqliteException.
    public Task<AnalyticsSnapshot> AggregateAcrossCustomersAsync(DateTime now, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => AggregateAcrossCustomersCoreAsync(now, cancellationToken));

    private async Task<AnalyticsSnapshot> AggregateAcrossCustomersCoreAsync(DateTime now, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("analytics", store.Engine, "external_accounts,external_products,consents,sync_state");

        var facts = new List<AnalyticsFact>();
        facts.AddRange(await ReadEveryOwnerAsync(OpenFinanceCollections.ExternalAccounts, AnalyticsRules.AccountCountsAsDeposit, AnalyticsRules.DepositFact, cancellationToken));
        var debt = Compiled(AnalyticsRules.ProductCountsAsDebt);
        var debtFact = Compiled(AnalyticsRules.DebtFact);
        var other = Compiled(AnalyticsRules.ProductIsOtherHolding);
        var otherFact = Compiled(AnalyticsRules.OtherHoldingFact);
        // One pass over the products feeds both product measures (debt, other holdings).
        await foreach (var product in StreamAsync(OpenFinanceCollections.ExternalProducts, cancellationToken))
        {
            if (debt(product))
            {
                facts.Add(debtFact(product));
            }
            else if (other(product))
            {
                facts.Add(otherFact(product));
            }
        }

        var amountKey = Compiled(AnalyticsRules.AmountCellKey);
        var amounts = facts
            .GroupBy(amountKey)
            .Select(cell => new AmountCell(cell.Key.Measure, cell.Key.Bank, cell.Key.Type, cell.Key.Currency, cell.Key.Green, cell.Sum(f => f.Amount), cell.Count()))
            .ToList();

        var customers = new List<CustomerCount>();
        foreach (var (_, key) in AnalyticsRules.CustomerGroups)
        {
            var customerInGroup = Compiled(AnalyticsRules.CustomerInGroupKey(key));
            customers.AddRange(facts
                .GroupBy(customerInGroup)
                .Select(customer => (customer.Key.Key, AnyGreen: customer.Any(f => f.Green), AllGreen: customer.All(f => f.Green)))
                .GroupBy(customer => customer.Key)
                .Select(group => new CustomerCount(group.Key.Dimension, group.Key.Measure, group.Key.Bank, group.Key.Type,
                    group.Count(), group.Count(c => c.AnyGreen), group.Count(c => !c.AllGreen))));
        }

        var connectionFacts = new List<ConnectionFact>();
        connectionFacts.AddRange(await ReadEveryOwnerAsync(OpenFinanceCollections.Consents, AnalyticsRules.ConsentIsConnection, AnalyticsRules.ConsentFact, cancellationToken));
        connectionFacts.AddRange(await ReadEveryOwnerAsync(OpenFinanceCollections.SyncStates, _ => true, AnalyticsRules.SyncFact, cancellationToken));
        var health = AnalyticsRules.HealthAt(now).Compile();
        var connections = connectionFacts
            .GroupBy(Compiled(AnalyticsRules.ConnectionOf))
            .Select(connection =>
            {
                // Newest consent first, as the MongoDB pipeline sorts before taking $first.
                var latest = connection.OrderByDescending(f => f.IsConsent).ThenByDescending(f => f.CreatedAt).ThenByDescending(f => f.StatusChangedAt).First();
                return new LatestConnection
                {
                    Id = connection.Key,
                    HasConsent = latest.IsConsent,
                    Status = latest.Status,
                    ValidUntil = latest.ValidUntil,
                    Failing = connection.Any(f => f.Failing),
                };
            })
            .Where(connection => connection.HasConsent)
            .Select(health)
            .GroupBy(row => (row.Bank, row.Health))
            .Select(group => new ConnectionHealthCount(group.Key.Bank, group.Key.Health, group.Count()))
            .ToList();

        return new AnalyticsSnapshot(amounts, customers, connections);
    }

    private async Task<List<TFact>> ReadEveryOwnerAsync<TDocument, TFact>(DocumentKind<TDocument> kind,
        Expression<Func<TDocument, bool>> rule, Expression<Func<TDocument, TFact>> fact, CancellationToken cancellationToken)
        where TDocument : class
    {
        var include = Compiled(rule);
        var project = Compiled(fact);
        var facts = new List<TFact>();
        await foreach (var document in StreamAsync(kind, cancellationToken))
        {
            if (include(document))
            {
                facts.Add(project(document));
            }
        }
        return facts;
    }

    /// <summary>
    /// Every owner's documents of one collection, one at a time: the analyst's cross-customer
    /// read (deliberately not <see cref="IDocumentCollection{TDocument}.FindAcrossOwnersAsync"/>,
    /// which is for background jobs and bounded by a limit).
    /// </summary>
    private async IAsyncEnumerable<TDocument> StreamAsync<TDocument>(DocumentKind<TDocument> kind,
        [EnumeratorCancellation] CancellationToken cancellationToken) where TDocument : class
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT doc FROM {SqliteDocumentStore.Quote(kind.CollectionName)};";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return BsonSerializer.Deserialize<TDocument>((byte[])reader[0]);
        }
    }

    private static Func<TIn, TOut> Compiled<TIn, TOut>(Expression<Func<TIn, TOut>> expression) => CompiledRules<TIn, TOut>.Get(expression);

    /// <summary>The shared rules are static: compile each once per process.</summary>
    private static class CompiledRules<TIn, TOut>
    {
        private static readonly ConditionalWeakTable<Expression<Func<TIn, TOut>>, Func<TIn, TOut>> Cache = new();

        public static Func<TIn, TOut> Get(Expression<Func<TIn, TOut>> expression) => Cache.GetValue(expression, static e => e.Compile());
    }
}
