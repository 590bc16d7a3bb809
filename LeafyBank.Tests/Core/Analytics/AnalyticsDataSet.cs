namespace LeafyBank.Tests.Core.Analytics;

/// <summary>
/// A small multi-customer data set whose analytics are computed by hand in
/// <see cref="CrossCustomerAnalyticsTests"/> (minimum 3 customers, rates USD 1, EUR 1.1, GBP 1.3).
/// Customers u1…u7; banks Green Bank (USD), Donau Bank (EUR), Thames Bank (GBP, one customer).
/// </summary>
internal static class AnalyticsDataSet
{
    public const int MinimumCustomers = 3;
    public static readonly DateTime Now = TestTime.UtcNow;
    public static readonly ExchangeRates Rates = new("USD", new DateOnly(2026, 5, 29), new Dictionary<string, decimal> { ["EUR"] = 1.1m, ["GBP"] = 1.3m });

    public static readonly IReadOnlyList<PartyReference> Customers =
    [
        .. Enumerable.Range(1, 7).Select(i => new PartyReference { UserName = $"analytics-user-{i}", UserId = ObjectId.Parse($"6650000000000000000000a{i}") }),
    ];

    public static PartyReference U(int number) => Customers[number - 1];

    /// <summary>Every account id, product id and consent id in the set (none may appear in a report).</summary>
    public static IEnumerable<string> Identifiers =>
        Accounts.Select(a => a.AccountId).Concat(Products.Select(p => p.ProductId)).Concat(Consents.Select(c => c.ConsentId))
            .Concat(Customers.SelectMany(c => new[] { c.UserName, c.UserId.ToString() }));

    public static readonly IReadOnlyList<ExternalAccount> Accounts =
    [
        Account(U(1), "Green Bank", "GA-1001", AccountTypes.Checking, 1000m, "USD", green: true),
        Account(U(1), "Green Bank", "GA-1002", AccountTypes.Savings, 500m, "USD", green: false),
        Account(U(1), "Green Bank", "GA-1003", AccountTypes.Savings, 9999m, "USD", green: true, status: AccountStatuses.Closed),
        Account(U(2), "Green Bank", "GA-2001", AccountTypes.Checking, 2000m, "USD", green: true),
        // A currency the rate table does not know: named in the report, left out of every amount.
        Account(U(2), "Green Bank", "GA-2002", AccountTypes.Savings, 100m, "XAU", green: false),
        Account(U(3), "Green Bank", "GA-3001", AccountTypes.Savings, 300m, "USD", green: false),
        Account(U(3), "Donau Bank", "DE-3001", AccountTypes.Checking, 1000m, "EUR", green: true),
        Account(U(4), "Donau Bank", "DE-4001", AccountTypes.Checking, 2000m, "EUR", green: false),
        Account(U(5), "Donau Bank", "DE-5001", AccountTypes.Savings, 400m, "EUR", green: true),
        Account(U(5), "Thames Bank", "GB-5001", AccountTypes.Checking, 700m, "GBP", green: false),
    ];

    public static readonly IReadOnlyList<ExternalProduct> Products =
    [
        Product(U(1), "Green Bank", "GL-1001", ProductTypes.Loan, 5000m, "USD", green: true),
        Product(U(2), "Green Bank", "GM-2001", ProductTypes.Mortgage, 100000m, "USD", green: false),
        Product(U(2), "Green Bank", "GC-2002", "CreditCard", 150m, "USD", green: false),
        Product(U(3), "Green Bank", "GL-3001", ProductTypes.Loan, 2000m, "USD", green: false),
        Product(U(4), "Donau Bank", "DL-4001", ProductTypes.Loan, 1000m, "EUR", green: false),
        Product(U(5), "Green Bank", "GL-5001", ProductTypes.Loan, 7000m, "USD", green: true, status: ProductStatuses.Closed),
    ];

    public static readonly IReadOnlyList<Consent> Consents =
    [
        // greenbank: u1, u2, u3 active; u4 revoked, u5 expired by date, u6 rejected.
        Consent(U(1), "greenbank", "c-g1", ConsentStatuses.Valid, created: -30, validFor: 60),
        Consent(U(2), "greenbank", "c-g2-old", ConsentStatuses.RevokedByPsu, created: -200, validFor: 90),
        Consent(U(2), "greenbank", "c-g2", ConsentStatuses.Valid, created: -10, validFor: 80),
        Consent(U(3), "greenbank", "c-g3", ConsentStatuses.Valid, created: -5, validFor: 85),
        Consent(U(4), "greenbank", "c-g4", ConsentStatuses.RevokedByPsu, created: -50, validFor: 40),
        Consent(U(5), "greenbank", "c-g5", ConsentStatuses.Valid, created: -95, validFor: -5),
        Consent(U(6), "greenbank", "c-g6", ConsentStatuses.Rejected, created: -3, validFor: 87),
        // donaubank: u3 expiring in 3 days, u4 failing, u5 active.
        Consent(U(3), "donaubank", "c-d3", ConsentStatuses.Valid, created: -87, validFor: 3),
        Consent(U(4), "donaubank", "c-d4", ConsentStatuses.Valid, created: -20, validFor: 70),
        Consent(U(5), "donaubank", "c-d5", ConsentStatuses.Valid, created: -20, validFor: 70),
        // thamesbank: u5 active; u2 never finished connecting (received is not a connection).
        Consent(U(5), "thamesbank", "c-t5", ConsentStatuses.Valid, created: -20, validFor: 70),
        Consent(U(2), "thamesbank", "c-t2", ConsentStatuses.Received, created: -1, validFor: 90),
    ];

    public static readonly IReadOnlyList<SyncState> SyncStates =
    [
        Sync(U(1), "greenbank", error: null),
        Sync(U(4), "donaubank", error: "Donau Bank answered 503 Service Unavailable; retrying after 13:00."),
        // A failing sync without any consent (e.g. left over from an import) is not a connection.
        Sync(U(7), "greenbank", error: "No consent."),
    ];

    public static async Task LoadAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        foreach (var account in Accounts)
        {
            await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Copy(account), cancellationToken);
        }
        foreach (var product in Products)
        {
            await store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(Copy(product), cancellationToken);
        }
        foreach (var consent in Consents)
        {
            await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(Copy(consent), cancellationToken);
        }
        foreach (var state in SyncStates)
        {
            await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(Copy(state), cancellationToken);
        }
    }

    public static ExternalAccount Account(PartyReference owner, string bank, string id, string type, decimal balance, string currency,
        bool green, string status = AccountStatuses.Active) => new()
        {
            AccountId = id,
            AccountBank = bank,
            AccountStatus = status,
            AccountType = type,
            AccountBalance = balance,
            AccountCurrency = currency,
            AccountDate = new AccountDates { OpeningDate = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc) },
            AccountUser = new PartyReference { UserName = owner.UserName, UserId = owner.UserId },
            GreenAccountNarrative = green ? $"{bank} invests this {type.ToLowerInvariant()} money in renewable energy." : null,
        };

    public static ExternalProduct Product(PartyReference owner, string bank, string id, string type, decimal amount, string currency,
        bool green, string status = ProductStatuses.Active) => new()
        {
            ProductId = id,
            ProductBank = bank,
            ProductStatus = status,
            ProductType = type,
            ProductAmount = amount,
            ProductCurrency = currency,
            ProductInterestRate = 4.2m,
            ProductDate = new ProductDates { OpeningDate = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc) },
            ProductCustomer = new PartyReference { UserName = owner.UserName, UserId = owner.UserId },
            GreenProductNarrative = green ? "Financing for an energy-efficient home." : null,
        };

    private static Consent Consent(PartyReference owner, string bank, string id, string status, int created, int validFor) => new()
    {
        ConsentId = id,
        Bank = bank,
        ConsentUser = new PartyReference { UserName = owner.UserName, UserId = owner.UserId },
        Status = status,
        Permissions = [ConsentPermissions.Accounts, ConsentPermissions.Balances],
        CreatedAt = Now.AddDays(created),
        StatusChangedAt = Now.AddDays(created),
        ValidUntil = Now.AddDays(validFor),
        FrequencyPerDay = 4,
    };

    private static SyncState Sync(PartyReference owner, string bank, string? error) => new()
    {
        SyncUser = new PartyReference { UserName = owner.UserName, UserId = owner.UserId },
        Bank = bank,
        LastAttemptAt = Now.AddHours(-1),
        LastSuccessAt = error is null ? Now.AddHours(-1) : Now.AddDays(-2),
        LastError = error,
        ConsecutiveFailures = error is null ? 0 : 3,
    };

    /// <summary>The store assigns ids on insert: give it a fresh copy so the shared lists stay untouched across tests.</summary>
    private static T Copy<T>(T document) where T : class =>
        MongoDB.Bson.Serialization.BsonSerializer.Deserialize<T>(document.ToBson());
}
