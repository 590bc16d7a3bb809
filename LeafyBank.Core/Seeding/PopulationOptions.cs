namespace LeafyBank.Core.Seeding;

/// <summary>
/// What <see cref="PopulationGenerator"/> makes: how many customers, how many of them "heavy"
/// (twenty accounts and products and 90 days of transactions), the seed, the moment the data is
/// current at, and the label that keeps one population's customers apart from another's
/// (<c>bench0000042</c>, <c>demo0000042</c>) and from real ones.
/// </summary>
public sealed record PopulationOptions
{
    /// <summary>Letters only, at most five: the user names are the label and seven digits, the ids start "LB" and the label.</summary>
    public required string Label { get; init; }
    public required int Customers { get; init; }
    public int HeavyCustomers { get; init; }
    public int TransactionsPerHeavyCustomer { get; init; }
    public int Seed { get; init; } = 20261125;

    /// <summary>When the data is current: balances were retrieved, and consents granted, shortly before this.</summary>
    public required DateTime Now { get; init; }
}
