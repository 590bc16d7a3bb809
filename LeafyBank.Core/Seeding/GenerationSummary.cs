namespace LeafyBank.Core.Seeding;

/// <summary>How many documents of each kind <see cref="PopulationGenerator"/> wrote.</summary>
public sealed record GenerationSummary(
    long Users = 0, long InternalAccounts = 0, long Accounts = 0, long Products = 0, long Consents = 0, long SyncStates = 0, long Transactions = 0)
{
    public GenerationSummary Add(GenerationSummary other) =>
        new(Users + other.Users, InternalAccounts + other.InternalAccounts, Accounts + other.Accounts, Products + other.Products,
            Consents + other.Consents, SyncStates + other.SyncStates, Transactions + other.Transactions);
}
