using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Accounts;

/// <summary>
/// The read side of a customer's accounts for the pages and the data API: Leafy Bank's own
/// accounts, the accounts linked at other banks and the loans and mortgages held there. Every
/// read takes the customer's user id and returns only that customer's documents, in the order
/// <see cref="CustomerAccounts"/> describes.
/// </summary>
public interface IAccountsQuery
{
    /// <summary>All three lists.</summary>
    Task<CustomerAccounts> GetAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>Leafy Bank's own accounts, by account number.</summary>
    Task<IReadOnlyList<InternalAccount>> GetLeafyBankAccountsAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>The accounts linked at other banks, by bank then account id.</summary>
    Task<IReadOnlyList<ExternalAccount>> GetLinkedAccountsAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>The financial products (loans, mortgages…) at linked banks, by bank then product id.</summary>
    Task<IReadOnlyList<ExternalProduct>> GetProductsAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the customer has a linked account with this id (surrounding spaces ignored), at
    /// <paramref name="bank"/> when one is named.
    /// </summary>
    Task<bool> HasLinkedAccountAsync(ObjectId ownerId, string? bank, string accountId, CancellationToken cancellationToken = default);
}
