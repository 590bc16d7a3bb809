using LeafyBank.Core;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// One running app for the data API tests: personas seeded, Frida and Grace given linked accounts,
/// products, transactions and a connection each; tokens from the development provider, one per user.
/// </summary>
public sealed class DataApiFixture : IAsyncLifetime
{
    public static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    public static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");
    public static readonly DateTime SyncedAt = new(2026, 5, 4, 8, 30, 0, DateTimeKind.Utc);

    private readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    /// <summary>The app with the scheduler off: the data stays as written.</summary>
    public LeafyBankWebFactory Factory { get; } = LeafyBankWebFactory.With(new Dictionary<string, string> { [BankingServiceExtensions.SyncEnabledKey] = "false" });
    public ApiTokenDriver Tokens => new(Factory);
    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    /// <summary>A client with <paramref name="userName"/>'s real access token (fetched once).</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var token = await tokens.GetOrAdd(userName, name => Tokens.AccessTokenAsync(name));
        return ClientWith(token);
    }

    public HttpClient ClientWith(string? token)
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        var cancel = CancellationToken.None;
        await Factory.Services.InitializeOpenFinanceStoreAsync(cancel);
        var store = Store;
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);

        await accounts.UpsertAsync(Account(Frida, "fridaklo", "Green Bank", "GB-FRIDA-1", 1250.40m, "EUR", "Deposits fund solar cooperatives"), cancel);
        await accounts.UpsertAsync(Account(Frida, "fridaklo", "MongoDB Bank", "MB-FRIDA-2", 300m, "USD", null), cancel);
        await accounts.UpsertAsync(Account(Grace, "gracehop", "Green Bank", "GB-GRACE-1", 9999m, "USD", null), cancel);
        await products.UpsertAsync(Product(Frida, "fridaklo", "Green Bank", "LOAN-FRIDA", ProductTypes.Loan, 5000m, "EUR"), cancel);
        await products.UpsertAsync(Product(Grace, "gracehop", "Green Bank", "MORTGAGE-GRACE", ProductTypes.Mortgage, 250000m, "USD"), cancel);

        // Frida: seven transactions on her Green Bank account, one on MongoDB Bank; Grace: two of her own.
        for (var day = 1; day <= 7; day++)
        {
            await transactions.UpsertAsync(Transaction(Frida, "fridaklo", "Green Bank", "GB-FRIDA-1", $"F-{day}", new DateTime(2026, 4, day, 9, 0, 0, DateTimeKind.Utc),
                -10m * day, "EUR", day == 7 ? BookingStatuses.Pending : BookingStatuses.Booked, day % 2 == 0 ? "Coffee (large)" : "Groceries"), cancel);
        }
        await transactions.UpsertAsync(Transaction(Frida, "fridaklo", "MongoDB Bank", "MB-FRIDA-2", "M-1", new DateTime(2026, 4, 8, 9, 0, 0, DateTimeKind.Utc),
            -42m, "USD", BookingStatuses.Booked, "Bookshop"), cancel);
        await transactions.UpsertAsync(Transaction(Grace, "gracehop", "Green Bank", "GB-GRACE-1", "G-1", new DateTime(2026, 4, 2, 9, 0, 0, DateTimeKind.Utc),
            -5m, "USD", BookingStatuses.Booked, "Coffee (large)"), cancel);
        await transactions.UpsertAsync(Transaction(Grace, "gracehop", "Green Bank", "GB-GRACE-1", "G-2", new DateTime(2026, 4, 3, 9, 0, 0, DateTimeKind.Utc),
            -6m, "USD", BookingStatuses.Booked, "Groceries"), cancel);

        var consent = TestDocuments.Consent(Owner(Frida, "fridaklo"), "greenbank", "consent-frida-green", SyncedAt.AddDays(-10), Factory.Clock.GetUtcNow().UtcDateTime.AddDays(60),
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions]);
        consent.AccountIds = ["GB-FRIDA-1"];
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, cancel);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = Owner(Frida, "fridaklo"),
            Bank = "greenbank",
            ConsentId = "consent-frida-green",
            LastSuccessAt = SyncedAt,
            LastAttemptAt = SyncedAt.AddHours(6),
            LastError = "Green Bank did not answer within 30 s; Leafy Bank will try again at the next allowed call.",
            NextAllowedAt = SyncedAt.AddHours(12),
            ConsecutiveFailures = 1,
        }, cancel);
    }

    private static PartyReference Owner(ObjectId id, string name) => new() { UserId = id, UserName = name };

    private static ExternalAccount Account(ObjectId owner, string name, string bank, string accountId, decimal balance, string currency, string? narrative) => new()
    {
        AccountId = accountId,
        AccountBank = bank,
        AccountType = AccountTypes.Checking,
        AccountBalance = balance,
        AccountCurrency = currency,
        AccountDate = new AccountDates { OpeningDate = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
        AccountUser = Owner(owner, name),
        GreenAccountNarrative = narrative,
        Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = SyncedAt },
    };

    private static ExternalProduct Product(ObjectId owner, string name, string bank, string productId, string type, decimal amount, string currency) => new()
    {
        ProductId = productId,
        ProductBank = bank,
        ProductType = type,
        ProductAmount = amount,
        ProductCurrency = currency,
        ProductInterestRate = 4.25m,
        ProductDate = new ProductDates { OpeningDate = new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc) },
        ProductCustomer = Owner(owner, name),
        RepaymentPeriod = 48,
        Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = SyncedAt },
    };

    private static ExternalTransaction Transaction(ObjectId owner, string name, string bank, string accountId, string id, DateTime bookedAt,
        decimal amount, string currency, string status, string description) => new()
        {
            TransactionId = id,
            TransactionBank = bank,
            AccountId = accountId,
            TransactionUser = Owner(owner, name),
            BookingStatus = status,
            Amount = amount,
            Currency = currency,
            BookingDate = bookedAt,
            Description = description,
            Category = description == "Groceries" ? "Food" : null,
        };

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
