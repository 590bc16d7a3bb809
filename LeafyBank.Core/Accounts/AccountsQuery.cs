using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Accounts;

/// <summary>
/// <see cref="IAccountsQuery"/> over the owner-scoped collections, the same code for both engines:
/// a customer holds tens of accounts, so they are ordered here rather than per engine.
/// </summary>
public sealed class AccountsQuery(IDocumentStore store) : IAccountsQuery
{
    public async Task<CustomerAccounts> GetAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        new(await GetLeafyBankAccountsAsync(ownerId, cancellationToken),
            await GetLinkedAccountsAsync(ownerId, cancellationToken),
            await GetProductsAsync(ownerId, cancellationToken));

    public async Task<IReadOnlyList<InternalAccount>> GetLeafyBankAccountsAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        [.. (await store.Collection(OpenFinanceCollections.InternalAccounts).FindAsync(ownerId, cancellationToken: cancellationToken))
            .OrderBy(a => a.AccountNumber, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ExternalAccount>> GetLinkedAccountsAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        [.. (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(ownerId, cancellationToken: cancellationToken))
            .OrderBy(a => a.AccountBank, StringComparer.Ordinal)
            .ThenBy(a => a.AccountId, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ExternalProduct>> GetProductsAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        [.. (await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(ownerId, cancellationToken: cancellationToken))
            .OrderBy(p => p.ProductBank, StringComparer.Ordinal)
            .ThenBy(p => p.ProductId, StringComparer.Ordinal)];

    public async Task<bool> HasLinkedAccountAsync(ObjectId ownerId, string? bank, string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var wantedAccount = accountId.Trim();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        if (string.IsNullOrWhiteSpace(bank))
        {
            return (await accounts.FindAsync(ownerId, a => a.AccountId == wantedAccount, cancellationToken)).Count > 0;
        }
        var wantedBank = bank.Trim();
        return (await accounts.FindAsync(ownerId, a => a.AccountId == wantedAccount && a.AccountBank == wantedBank, cancellationToken)).Count > 0;
    }
}
