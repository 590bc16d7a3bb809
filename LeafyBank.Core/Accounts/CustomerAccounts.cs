using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Accounts;

/// <summary>
/// One customer's accounts and loans as stored: Leafy Bank's own by account number, linked
/// accounts and products by bank then id (ordinal), so every reader lists them the same way.
/// </summary>
public sealed record CustomerAccounts(
    IReadOnlyList<InternalAccount> LeafyBank,
    IReadOnlyList<ExternalAccount> Linked,
    IReadOnlyList<ExternalProduct> Products);
