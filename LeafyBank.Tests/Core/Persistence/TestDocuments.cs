namespace LeafyBank.Tests.Core.Persistence;

/// <summary>Builders for documents in tests: realistic defaults, one place to change them.</summary>
internal static class TestDocuments
{
    public static readonly DateTime Opened = new(2023, 4, 13, 0, 29, 4, 715, DateTimeKind.Utc);

    public static PartyReference Owner(ObjectId userId, string userName = "tester") => new() { UserId = userId, UserName = userName };

    public static ExternalAccount Account(ObjectId userId, string bank, string accountId, decimal balance,
        string currency = "USD", string status = AccountStatuses.Active, string type = AccountTypes.Checking) => new()
        {
            AccountId = accountId,
            AccountBank = bank,
            AccountStatus = status,
            AccountType = type,
            AccountBalance = balance,
            AccountCurrency = currency,
            AccountDate = new AccountDates { OpeningDate = Opened },
            AccountUser = Owner(userId),
            GreenAccountNarrative = $"{type} account at {bank}",
        };

    public static ExternalProduct Product(ObjectId userId, string bank, string productId, string type, decimal amount,
        string currency = "USD", string status = ProductStatuses.Active) => new()
        {
            ProductId = productId,
            ProductBank = bank,
            ProductStatus = status,
            ProductType = type,
            ProductAmount = amount,
            ProductCurrency = currency,
            ProductInterestRate = 3.75m,
            ProductDate = new ProductDates { OpeningDate = Opened },
            ProductCustomer = Owner(userId),
            RepaymentPeriod = 24,
            LoanCollateral = "None",
        };

    public static InternalAccount LeafyBankAccount(ObjectId userId, string number, decimal balance, string currency = "USD") => new()
    {
        AccountNumber = number,
        AccountType = AccountTypes.Savings,
        AccountBalance = balance,
        AccountCurrency = currency,
        AccountDate = new AccountDates { OpeningDate = Opened },
        AccountUser = Owner(userId),
    };

    public static AuditEvent Audit(ObjectId userId, string kind, DateTime at) => new()
    {
        EventUser = Owner(userId),
        Kind = kind,
        Bank = "Green Bank",
        At = at,
        Outcome = AuditOutcomes.Succeeded,
        Detail = "test",
    };

    /// <summary>A booked card payment in EUR at Green Bank, to <paramref name="userId"/>'s account GB-1, unless a test says otherwise.</summary>
    public static ExternalTransaction Transaction(ObjectId userId, string transactionId, DateTime bookedAt, decimal amount,
        string bank = "Green Bank", string account = "GB-1", string status = BookingStatuses.Booked, string currency = "EUR",
        string description = "Card payment", string? merchant = null, string? category = null) => new()
        {
            TransactionId = transactionId,
            TransactionBank = bank,
            AccountId = account,
            TransactionUser = new PartyReference { UserId = userId, UserName = userId.ToString() },
            BookingStatus = status,
            Amount = amount,
            Currency = currency,
            BookingDate = bookedAt,
            Description = description,
            Merchant = merchant,
            Category = category,
        };

    /// <summary>
    /// <paramref name="owner"/>'s consent at <paramref name="bankId"/> for four reads a day: valid,
    /// for every permission, its status set when it was created, unless a test says otherwise.
    /// </summary>
    public static Consent Consent(PartyReference owner, string bankId, string consentId, DateTime createdAt, DateTime validUntil,
        string status = ConsentStatuses.Valid, IEnumerable<string>? permissions = null, DateTime? statusChangedAt = null) => new()
        {
            ConsentId = consentId,
            Bank = bankId,
            ConsentUser = owner,
            Status = status,
            Permissions = [.. permissions ?? [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products]],
            CreatedAt = createdAt,
            ValidUntil = validUntil,
            FrequencyPerDay = 4,
            StatusChangedAt = statusChangedAt ?? createdAt,
        };
}
