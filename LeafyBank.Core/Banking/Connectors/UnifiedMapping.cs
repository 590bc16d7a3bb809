using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// Builds unified documents for one fetch: every document gets its own copy of the owner,
/// the bank's name and the same <see cref="DataSource"/> (bank-api, when, under which consent).
/// Dialects only supply what differs.
/// </summary>
internal sealed class UnifiedMapping(BankFetchRequest request, DateTime retrievedAt)
{
    public DateTime RetrievedAt { get; } = retrievedAt;

    private string BankName => request.Bank.Name;

    public ExternalAccount Account(string accountId, string accountType, string status, decimal balance, string currency,
        DateTime openingDate, string? greenNarrative = null, BsonDocument? extras = null, BankNaming? naming = null) => new()
        {
            AccountId = Required(accountId, "AccountId"),
            AccountName = Optional(naming?.Name),
            AccountIdentification = Optional(naming?.Identification),
            OwnerName = Optional(naming?.OwnerName),
            AccountBank = BankName,
            AccountStatus = status,
            AccountType = accountType,
            AccountBalance = balance,
            AccountCurrency = Required(currency, "currency"),
            AccountDate = new AccountDates { OpeningDate = openingDate },
            AccountUser = Owner(),
            GreenAccountNarrative = greenNarrative,
            Source = Source(),
            BankExtras = extras is { ElementCount: > 0 } ? extras : null,
        };

    public ExternalProduct Product(string productId, string productType, string status, decimal outstanding, string currency,
        decimal? interestRate, DateTime openingDate, int? repaymentMonths, string? collateral,
        string? greenNarrative = null, BsonDocument? extras = null, BankNaming? naming = null) => new()
        {
            ProductId = Required(productId, "ProductId"),
            ProductName = Optional(naming?.Name),
            ProductIdentification = Optional(naming?.Identification),
            OwnerName = Optional(naming?.OwnerName),
            ProductBank = BankName,
            ProductStatus = status,
            ProductType = productType,
            // Debt is stored as a positive amount, whichever sign the bank used.
            ProductAmount = Math.Abs(outstanding),
            ProductCurrency = Required(currency, "currency"),
            ProductInterestRate = interestRate,
            ProductDate = new ProductDates { OpeningDate = openingDate },
            ProductCustomer = Owner(),
            GreenProductNarrative = greenNarrative,
            RepaymentPeriod = repaymentMonths,
            LoanCollateral = collateral,
            Source = Source(),
            BankExtras = extras is { ElementCount: > 0 } ? extras : null,
        };

    /// <param name="originalDate">When the payment was made; a pending entry has no booking date yet, so it books on this.</param>
    public ExternalTransaction Transaction(string transactionId, string accountId, string bookingStatus, decimal signedAmount,
        string currency, DateTime? bookingDate, DateTime originalDate, string? description, string? merchant, string? category) => new()
        {
            TransactionId = Required(transactionId, "TransactionId"),
            TransactionBank = BankName,
            AccountId = accountId,
            TransactionUser = Owner(),
            BookingStatus = bookingStatus,
            Amount = signedAmount,
            Currency = Required(currency, "currency"),
            BookingDate = bookingDate ?? originalDate,
            ValueDate = originalDate,
            Description = description ?? merchant ?? "",
            Merchant = string.IsNullOrWhiteSpace(merchant) ? null : merchant,
            Category = category,
        };

    /// <param name="withdrawnTransactionIds">Entries the bank reports as withdrawn (see <see cref="BankSnapshot.WithdrawnTransactionIds"/>).</param>
    public BankSnapshot Snapshot(IEnumerable<ExternalAccount> accounts, IEnumerable<ExternalProduct> products, IEnumerable<ExternalTransaction> transactions,
        IEnumerable<string>? withdrawnTransactionIds = null) =>
        new([.. accounts], [.. products], [.. transactions], RetrievedAt) { WithdrawnTransactionIds = [.. withdrawnTransactionIds ?? []] };

    /// <summary>Dialect-specific fields worth keeping, verbatim; null values are left out.</summary>
    public static BsonDocument Extras(params (string Name, object? Value)[] fields)
    {
        var extras = new BsonDocument();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                extras[name] = BsonValue.Create(value);
            }
        }
        return extras;
    }

    public bool Allows(string permission) => request.Permissions.Contains(permission);

    private PartyReference Owner() => new() { UserName = request.Owner.UserName, UserId = request.Owner.UserId };

    private DataSource Source() => new() { Origin = DataOrigins.BankApi, RetrievedAt = RetrievedAt, ConsentId = request.ConsentId };

    /// <summary>A blank name is no name: pages then word the type instead.</summary>
    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An empty identifier is as bad as a missing one: documents are keyed by it.</summary>
    private static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{field} is empty.") : value;
}
