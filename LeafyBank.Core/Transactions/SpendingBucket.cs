namespace LeafyBank.Core.Transactions;

/// <summary>One spending sum per month, raw category (null kept) and currency, before category naming and conversion. Amount keeps its sign (negative).</summary>
public sealed record SpendingBucket(string Month, string? Category, string Currency, decimal Amount, int Count);
