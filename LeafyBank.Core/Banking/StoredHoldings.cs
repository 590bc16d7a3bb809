namespace LeafyBank.Core.Banking;

/// <summary>How many accounts and products (loans, mortgages) from one bank a caller has already counted in the store.</summary>
public sealed record StoredHoldings(int Accounts, int Products);
