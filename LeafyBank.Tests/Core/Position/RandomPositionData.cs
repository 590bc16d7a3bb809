namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// Randomised but reproducible (seeded) customers for the differential tests: several users,
/// banks, currencies (one the rate table does not know), types, statuses, narratives (absent,
/// empty, present), products with and without rate, term and opening date, imported and synced
/// documents, and sync states that do and do not match the stored documents' consents; names and
/// numbers (absent, empty, present) and now and then an account or loan no longer shared.
/// </summary>
internal sealed class RandomPositionData
{
    private static readonly string[] Banks = ["Green Bank", "MongoDB Bank", "Berlin Bank", "UK Bank"];
    private static readonly string[] BankIds = ["greenbank", "mongodbbank", "berlinbank", "ukbank"];
    private static readonly string[] Currencies = ["USD", "USD", "EUR", "GBP", "JPY", "CHF", "XYZ"];
    private static readonly string[] AccountTypes = ["Checking", "Savings", "Business"];
    private static readonly string[] AccountStatuses = ["Active", "Active", "Inactive", "Closed"];
    private static readonly string[] ProductTypes = ["Loan", "Mortgage", "Loan", "Investment", "CreditCard"];
    private static readonly string[] ProductStatuses = ["Active", "Active", "Active", "Closed"];
    private static readonly string?[] Narratives = [null, null, "", "Deposits fund wind farms", "Carbon-neutral lending"];
    private static readonly string[] BaseCurrencies = ["USD", "USD", "EUR", "GBP"];
    private static readonly string?[] Names = [null, null, "", "Instant Saver", "Home Loan 2031"];
    private static readonly string?[] Identifications = [null, null, "", "GB29 NWBK 6016 1331 9268 19", "4484-0070-9907"];

    public List<LeafyUser> Users { get; } = [];
    public List<InternalAccount> InternalAccounts { get; } = [];
    public List<ExternalAccount> ExternalAccounts { get; } = [];
    public List<ExternalProduct> Products { get; } = [];
    public List<SyncState> SyncStates { get; } = [];

    public static RandomPositionData Generate(int seed, int users)
    {
        var random = new Random(seed);
        var data = new RandomPositionData();
        for (var u = 0; u < users; u++)
        {
            var user = new LeafyUser
            {
                Id = ObjectId.GenerateNewId(),
                UserName = $"random{seed}_{u}",
                BaseCurrency = Pick(random, BaseCurrencies),
            };
            data.Users.Add(user);
            var owner = new PartyReference { UserId = user.Id, UserName = user.UserName };

            for (var i = random.Next(0, 4); i > 0; i--)
            {
                data.InternalAccounts.Add(new InternalAccount
                {
                    AccountNumber = $"L{u}-{i}",
                    AccountType = Pick(random, AccountTypes),
                    AccountStatus = Pick(random, AccountStatuses),
                    AccountBalance = Money(random, 20_000),
                    AccountCurrency = Pick(random, Currencies),
                    AccountDate = new AccountDates { OpeningDate = Date(random) },
                    AccountUser = owner,
                });
            }

            var consents = new Dictionary<int, string>();
            for (var i = random.Next(0, 10); i > 0; i--)
            {
                var bank = random.Next(Banks.Length);
                data.ExternalAccounts.Add(new ExternalAccount
                {
                    AccountId = $"A{u}-{i}",
                    AccountBank = Banks[bank],
                    AccountType = Pick(random, AccountTypes),
                    AccountStatus = Pick(random, AccountStatuses),
                    AccountBalance = Money(random, 50_000),
                    AccountCurrency = Pick(random, Currencies),
                    AccountDate = new AccountDates { OpeningDate = Date(random) },
                    AccountUser = owner,
                    GreenAccountNarrative = Pick(random, Narratives),
                    Source = Source(random, bank, consents),
                    BankExtras = Pick(random, BalanceSharing),
                    AccountName = Pick(random, Names),
                    AccountIdentification = Pick(random, Identifications),
                    NoLongerSharedSince = NoLongerSharedSince(random),
                });
            }
            for (var i = random.Next(0, 8); i > 0; i--)
            {
                var bank = random.Next(Banks.Length);
                data.Products.Add(new ExternalProduct
                {
                    ProductId = $"P{u}-{i}",
                    ProductBank = Banks[bank],
                    ProductType = Pick(random, ProductTypes),
                    ProductStatus = Pick(random, ProductStatuses),
                    ProductAmount = Math.Abs(Money(random, 400_000)),
                    ProductCurrency = Pick(random, Currencies),
                    ProductInterestRate = random.Next(5) switch { 0 => null, 1 => 0m, _ => random.Next(1, 1200) / 100m },
                    RepaymentPeriod = random.Next(5) switch { 0 => null, 1 => 0, _ => random.Next(1, 480) },
                    ProductDate = new ProductDates { OpeningDate = random.Next(5) == 0 ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) : Date(random) },
                    ProductCustomer = owner,
                    GreenProductNarrative = Pick(random, Narratives),
                    LoanCollateral = random.Next(2) == 0 ? null : "Property at 1 Elm St",
                    Source = Source(random, bank, consents),
                    ProductName = Pick(random, Names),
                    ProductIdentification = Pick(random, Identifications),
                    NoLongerSharedSince = NoLongerSharedSince(random),
                });
            }
            for (var bank = 0; bank < Banks.Length; bank++)
            {
                if (random.Next(3) == 0)
                {
                    continue;
                }
                data.SyncStates.Add(new SyncState
                {
                    SyncUser = owner,
                    Bank = BankIds[bank],
                    // Usually the consent the documents came under; sometimes one no document carries.
                    ConsentId = consents.TryGetValue(bank, out var consent) && random.Next(4) > 0 ? consent : $"c-other-{u}-{bank}",
                    LastSuccessAt = random.Next(3) == 0 ? null : Date(random),
                    LastAttemptAt = random.Next(4) == 0 ? null : Date(random),
                    LastError = random.Next(3) == 0 ? $"{Banks[bank]} did not answer." : null,
                });
            }
        }
        return data;
    }

    public async Task WriteAsync(IDocumentStore store, CancellationToken ct)
    {
        foreach (var document in InternalAccounts)
        {
            await store.Collection(OpenFinanceCollections.InternalAccounts).UpsertAsync(document, ct);
        }
        foreach (var document in ExternalAccounts)
        {
            await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(document, ct);
        }
        foreach (var document in Products)
        {
            await store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(document, ct);
        }
        foreach (var document in SyncStates)
        {
            await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(document, ct);
        }
    }

    /// <summary>Now and then an account or loan the bank no longer shares (unticked at the bank), since some day.</summary>
    private static DateTime? NoLongerSharedSince(Random random) => random.Next(4) == 0 ? Date(random) : null;

    private static DataSource? Source(Random random, int bank, Dictionary<int, string> consents) => random.Next(4) switch
    {
        0 => null,
        1 => new DataSource { Origin = DataOrigins.Import, RetrievedAt = Date(random) },
        _ => new DataSource
        {
            Origin = DataOrigins.BankApi,
            RetrievedAt = Date(random),
            ConsentId = consents.TryGetValue(bank, out var consent) ? consent : consents[bank] = $"c-{Guid.NewGuid():N}",
        },
    };

    /// <summary>
    /// What a connector says of the balance: nothing (imported, older documents), shared, not shared; and BankExtras
    /// without the field. The balance of a not-shared account is random too: the last one the bank shared, or 0.
    /// </summary>
    private static readonly BsonDocument?[] BalanceSharing =
    [
        null,
        new() { { "BalanceShared", true } },
        new() { { "BalanceShared", false } },
        new() { { "iban", "DE00 0000" } },
    ];

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    /// <summary>Cents, sometimes negative (an overdraft), sometimes with three decimals (as some banks send).</summary>
    private static decimal Money(Random random, int max) =>
        random.Next(10) == 0 ? random.Next(-max, max) / 1000m : random.Next(-max / 10, max) + random.Next(100) / 100m;

    /// <summary>A date to the millisecond (BSON's precision), 2015 to 2027.</summary>
    private static DateTime Date(Random random) =>
        new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(random.NextInt64(0, 13L * 365 * 24 * 3600 * 1000));
}
