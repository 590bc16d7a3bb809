using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.MongoDb;
using MongoDB.Driver;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// The cross-customer aggregates as two aggregation pipelines, both built with the driver's
/// typed builders from the shared <see cref="AnalyticsRules"/> and limited to MongoDB 4.4+
/// stages. Unlike every other query they have no owner <c>$match</c>: this is the analyst's
/// deliberate read across customers, and only counts and sums leave the server.
/// <list type="bullet">
/// <item>Money: <c>external_accounts</c> → <c>$match</c> deposits → <c>$project</c> facts →
/// <c>$unionWith</c> debt and other products → <c>$facet</c> { sums per cell; per customer
/// group a <c>$group</c> by (group, customer) then by group to count distinct customers }.</item>
/// <item>Connections: <c>consents</c> granted → <c>$unionWith</c> <c>sync_state</c> → <c>$sort</c>
/// newest consent first → <c>$group</c> per customer and bank → <c>$project</c> health →
/// <c>$group</c> per bank and health.</item>
/// </list>
/// </summary>
internal sealed class MongoAnalyticsQuery(MongoDocumentStore store) : IAnalyticsQuery
{
    internal const string AmountsFacet = "amounts";

    // Both pipelines read whole collections; sorting and grouping may exceed the in-memory stage limit on big data.
    private static readonly AggregateOptions Options = new() { AllowDiskUse = true };

    // A server that is gone reaches callers as the store's own StoreUnavailableException, not the driver's.
    public Task<AnalyticsSnapshot> AggregateAcrossCustomersAsync(DateTime now, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => AggregateAcrossCustomersCoreAsync(now, cancellationToken));

    private async Task<AnalyticsSnapshot> AggregateAcrossCustomersCoreAsync(DateTime now, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("analytics", store.Engine, "external_accounts,external_products,consents,sync_state");
        var money = store.ForAnalytics(OpenFinanceCollections.ExternalAccounts)
            .Aggregate(BuildMoneyPipeline(store), Options, cancellationToken)
            .SingleAsync(cancellationToken);
        var health = store.ForAnalytics(OpenFinanceCollections.Consents)
            .Aggregate(BuildConnectionPipeline(store, now), Options, cancellationToken)
            .ToListAsync(cancellationToken);
        await Task.WhenAll(money, health);

        var facets = (await money).Facets;
        var amounts = facets.Single(f => f.Name == AmountsFacet).Output<AmountGroup>()
            .Select(row => new AmountCell(row.Id.Measure, row.Id.Bank, row.Id.Type, row.Id.Currency, row.Id.Green, row.Amount, row.Items))
            .ToList();
        var customers = AnalyticsRules.CustomerGroups
            .SelectMany(group => facets.Single(f => f.Name == group.Name).Output<CustomerCountGroup>())
            .Select(row => new CustomerCount(row.Id.Dimension, row.Id.Measure, row.Id.Bank, row.Id.Type, row.Customers, row.GreenCustomers, row.NonGreenCustomers))
            .ToList();
        var connections = (await health)
            .Select(row => new ConnectionHealthCount(row.Id.Bank, row.Id.Health, row.Connections))
            .ToList();
        return new AnalyticsSnapshot(amounts, customers, connections);
    }

    /// <summary>The money pipeline (rendered without a server in tests).</summary>
    internal static PipelineDefinition<ExternalAccount, AggregateFacetResults> BuildMoneyPipeline(MongoDocumentStore store)
    {
        var products = store.Typed(OpenFinanceCollections.ExternalProducts);
        var debt = new EmptyPipelineDefinition<ExternalProduct>()
            .Match(AnalyticsRules.ProductCountsAsDebt)
            .Project(AnalyticsRules.DebtFact);
        var otherHoldings = new EmptyPipelineDefinition<ExternalProduct>()
            .Match(AnalyticsRules.ProductIsOtherHolding)
            .Project(AnalyticsRules.OtherHoldingFact);

        var facets = new List<AggregateFacet<AnalyticsFact>>
        {
            AggregateFacet.Create(AmountsFacet, new EmptyPipelineDefinition<AnalyticsFact>()
                .Group(AnalyticsRules.AmountCellKey, cell => new AmountGroup { Id = cell.Key, Amount = cell.Sum(f => f.Amount), Items = cell.Count() })),
        };
        facets.AddRange(AnalyticsRules.CustomerGroups.Select(group => AggregateFacet.Create(group.Name, new EmptyPipelineDefinition<AnalyticsFact>()
            .Group(AnalyticsRules.CustomerInGroupKey(group.Key), customer => new CustomerInGroupRow
            {
                Id = customer.Key,
                AnyGreen = customer.Max(f => f.Green),
                AllGreen = customer.Min(f => f.Green),
            })
            .Group(customer => customer.Id.Key, counted => new CustomerCountGroup
            {
                Id = counted.Key,
                Customers = counted.Count(),
                GreenCustomers = counted.Sum(c => c.AnyGreen ? 1 : 0),
                NonGreenCustomers = counted.Sum(c => c.AllGreen ? 0 : 1),
            }))));

        return new EmptyPipelineDefinition<ExternalAccount>()
            .Match(AnalyticsRules.AccountCountsAsDeposit)
            .Project(AnalyticsRules.DepositFact)
            .UnionWith(products, debt)
            .UnionWith(products, otherHoldings)
            .Facet(facets);
    }

    /// <summary>The connection-health pipeline at <paramref name="now"/> (rendered without a server in tests).</summary>
    internal static PipelineDefinition<Consent, HealthCountGroup> BuildConnectionPipeline(MongoDocumentStore store, DateTime now)
    {
        var syncStates = new EmptyPipelineDefinition<SyncState>().Project(AnalyticsRules.SyncFact);
        return new EmptyPipelineDefinition<Consent>()
            .Match(AnalyticsRules.ConsentIsConnection)
            .Project(AnalyticsRules.ConsentFact)
            .UnionWith(store.Typed(OpenFinanceCollections.SyncStates), syncStates)
            .Sort(Builders<ConnectionFact>.Sort.Descending(f => f.IsConsent).Descending(f => f.CreatedAt).Descending(f => f.StatusChangedAt))
            .Group(AnalyticsRules.ConnectionOf, connection => new LatestConnection
            {
                Id = connection.Key,
                HasConsent = connection.Max(f => f.IsConsent),
                Status = connection.First().Status,
                ValidUntil = connection.First().ValidUntil,
                Failing = connection.Max(f => f.Failing),
            })
            .Match(connection => connection.HasConsent)
            .Project(AnalyticsRules.HealthAt(now))
            .Group(row => new HealthKey { Bank = row.Bank, Health = row.Health }, group => new HealthCountGroup { Id = group.Key, Connections = group.Count() });
    }
}

internal sealed class AmountGroup
{
    public AmountKey Id { get; set; } = new();
    public decimal Amount { get; set; }
    public int Items { get; set; }
}

internal sealed class CustomerInGroupRow
{
    public CustomerInGroup Id { get; set; } = new();
    public bool AnyGreen { get; set; }
    public bool AllGreen { get; set; }
}

internal sealed class CustomerCountGroup
{
    public GroupKey Id { get; set; } = new();
    public int Customers { get; set; }
    public int GreenCustomers { get; set; }
    public int NonGreenCustomers { get; set; }
}

internal sealed class HealthKey
{
    public string Bank { get; set; } = "";
    public string Health { get; set; } = "";
}

internal sealed class HealthCountGroup
{
    public HealthKey Id { get; set; } = new();
    public int Connections { get; set; }
}
