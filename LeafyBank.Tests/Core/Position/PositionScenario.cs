namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// One customer with everything the position has to get right: three currencies and one the
/// rate table does not know, closed and inactive items that must not count, a green account and
/// a green loan, loans with and without rate, term and opening date (one at 0 %), a synced bank
/// with a failing last attempt, imported banks and a connection whose first sync never worked.
/// The expected figures are worked out by hand in <see cref="GlobalPositionFigureTests"/>.
/// </summary>
internal static class PositionScenario
{
    /// <summary>"Today" for every figure test: 2026-11-02 12:00 UTC (the default rate table's date).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateTime GreenSyncedAt = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime GreenAttemptAt = new(2026, 11, 2, 6, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime MongoImportedAt = new(2026, 10, 15, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime FarImportedAt = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime UkAttemptAt = new(2026, 11, 2, 7, 0, 0, DateTimeKind.Utc);
    public const string GreenError = "Green Bank did not answer in time. Leafy Bank tries again at 12:00 UTC.";
    public const string UkError = "UK Bank refused the consent. Connect it again.";

    public static FakeTimeProvider Clock() => new(Now);

    public static GlobalPositionService Service(IDocumentStore store) => new(store, IPositionQuery.For(store), ExchangeRates.Default, Clock());

    public static LeafyUser User(ObjectId id, string baseCurrency = "USD") =>
        new() { Id = id, UserName = "figures", FirstName = "Fig", LastName = "Ures", BaseCurrency = baseCurrency };

    public static async Task WriteAsync(IDocumentStore store, ObjectId user, CancellationToken ct)
    {
        var owner = new PartyReference { UserId = user, UserName = "figures" };
        var internals = store.Collection(OpenFinanceCollections.InternalAccounts);
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        var states = store.Collection(OpenFinanceCollections.SyncStates);

        await internals.UpsertAsync(Internal(owner, "L-1", AccountTypes.Savings, 1000.00m, AccountStatuses.Active), ct);
        await internals.UpsertAsync(Internal(owner, "L-2", AccountTypes.Checking, 500m, AccountStatuses.Closed), ct);

        var green = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = GreenSyncedAt, ConsentId = "c-green" };
        await accounts.UpsertAsync(Account(owner, "Green Bank", "G1", AccountTypes.Checking, 2000.00m, "EUR", green, "Green checking: deposits fund renewables"), ct);
        await accounts.UpsertAsync(Account(owner, "Green Bank", "G2", AccountTypes.Savings, 150.50m, "GBP", green, null), ct);
        await accounts.UpsertAsync(Account(owner, "Green Bank", "G3", AccountTypes.Savings, 999m, "EUR", green, "Closed but green", AccountStatuses.Closed), ct);
        // L1 carries the bank's own name for it; the other products carry none (their type in words names them).
        var solarLoan = Product(owner, "Green Bank", "L1", ProductTypes.Loan, 12000m, "EUR", green, 6m, 60, new DateTime(2025, 11, 2, 9, 30, 0, DateTimeKind.Utc), "Solar panels loan");
        solarLoan.ProductName = "Solarkredit";
        await products.UpsertAsync(solarLoan, ct);

        var mongo = new DataSource { Origin = DataOrigins.Import, RetrievedAt = MongoImportedAt };
        await accounts.UpsertAsync(Account(owner, "MongoDB Bank", "M1", AccountTypes.Checking, 300000m, "JPY", mongo, ""), ct);
        await products.UpsertAsync(Product(owner, "MongoDB Bank", "M2", ProductTypes.Mortgage, 100000m, "USD", mongo, 0m, 120, new DateTime(2021, 11, 2, 0, 0, 0, DateTimeKind.Utc), null), ct);
        await products.UpsertAsync(Product(owner, "MongoDB Bank", "M3", ProductTypes.Loan, 5000m, "USD", mongo, null, null, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), null), ct);
        await products.UpsertAsync(Product(owner, "MongoDB Bank", "M4", "Investment", 7777m, "USD", mongo, 1m, 12, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), "Green fund"), ct);
        await products.UpsertAsync(Product(owner, "MongoDB Bank", "M5", ProductTypes.Loan, 888m, "USD", mongo, 5m, 12, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), null, ProductStatuses.Closed), ct);

        var far = new DataSource { Origin = DataOrigins.Import, RetrievedAt = FarImportedAt };
        await accounts.UpsertAsync(Account(owner, "Far Bank", "F1", AccountTypes.Checking, 1234m, "XYZ", far, null), ct);
        await products.UpsertAsync(Product(owner, "Far Bank", "F2", ProductTypes.Loan, 4000m, "USD", far, 12m, 12, new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc), null), ct);

        await states.UpsertAsync(new SyncState
        {
            SyncUser = owner,
            Bank = "greenbank",
            ConsentId = "c-green",
            LastSuccessAt = GreenSyncedAt,
            LastAttemptAt = GreenAttemptAt,
            LastError = GreenError,
            ConsecutiveFailures = 1,
        }, ct);
        await states.UpsertAsync(new SyncState { SyncUser = owner, Bank = "ukbank", BankName = "Thames Bank", ConsentId = "c-uk", LastAttemptAt = UkAttemptAt, LastError = UkError }, ct);

        // Someone else's data, which must never show up.
        var stranger = new PartyReference { UserId = ObjectId.GenerateNewId(), UserName = "stranger" };
        await internals.UpsertAsync(Internal(stranger, "S-1", AccountTypes.Savings, 1_000_000m, AccountStatuses.Active), ct);
        await accounts.UpsertAsync(Account(stranger, "Green Bank", "S2", AccountTypes.Checking, 1_000_000m, "USD", green, "Green"), ct);
        await products.UpsertAsync(Product(stranger, "Green Bank", "S3", ProductTypes.Loan, 1_000_000m, "USD", green, 1m, 12, GreenSyncedAt, "Green"), ct);
        await states.UpsertAsync(new SyncState { SyncUser = stranger, Bank = "greenbank", ConsentId = "c-green", LastError = "not yours" }, ct);
    }

    public static InternalAccount Internal(PartyReference owner, string number, string type, decimal balance, string status, string currency = "USD") => new()
    {
        AccountNumber = number,
        AccountType = type,
        AccountBalance = balance,
        AccountCurrency = currency,
        AccountStatus = status,
        AccountDate = new AccountDates { OpeningDate = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        AccountUser = owner,
    };

    public static ExternalAccount Account(PartyReference owner, string bank, string id, string type, decimal balance, string currency,
        DataSource? source, string? narrative, string status = AccountStatuses.Active) => new()
        {
            AccountId = id,
            AccountBank = bank,
            AccountType = type,
            AccountBalance = balance,
            AccountCurrency = currency,
            AccountStatus = status,
            AccountDate = new AccountDates { OpeningDate = new DateTime(2022, 5, 1, 0, 0, 0, DateTimeKind.Utc) },
            AccountUser = owner,
            GreenAccountNarrative = narrative,
            Source = source,
        };

    public static ExternalProduct Product(PartyReference owner, string bank, string id, string type, decimal amount, string currency,
        DataSource? source, decimal? rate, int? termMonths, DateTime opened, string? narrative, string status = ProductStatuses.Active) => new()
        {
            ProductId = id,
            ProductBank = bank,
            ProductType = type,
            ProductAmount = amount,
            ProductCurrency = currency,
            ProductStatus = status,
            ProductInterestRate = rate,
            RepaymentPeriod = termMonths,
            ProductDate = new ProductDates { OpeningDate = opened },
            ProductCustomer = owner,
            GreenProductNarrative = narrative,
            Source = source,
            LoanCollateral = type == ProductTypes.Mortgage ? "Property at 1 Elm St" : null,
        };
}
