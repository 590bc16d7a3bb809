namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The app for the data API tests, with the scheduler off so the data stays as written: personas seeded, Frida and Grace
/// given linked accounts, products, transactions and a connection each; tokens from the development provider, one per user.
/// </summary>
public sealed class DataApiFixture() : LeafyBankWebFactory(new Dictionary<string, string> { [BankingServiceExtensions.SyncEnabledKey] = "false" })
{
    public static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    public static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");
    public static readonly DateTime SyncedAt = new(2026, 5, 4, 8, 30, 0, DateTimeKind.Utc);

    private readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    public ApiTokenDriver Tokens => new(this);
    public IDocumentStore Store => Service<IDocumentStore>();

    /// <summary>A client with <paramref name="userName"/>'s real access token (fetched once).</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var token = await tokens.GetOrAdd(userName, name => Tokens.AccessTokenAsync(name));
        return ClientWith(token);
    }

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var cancel = CancellationToken.None;
        // Reading the store starts the app, which initialises it and seeds the personas before it serves.
        var store = Store;
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);

        var fridasGreen = TestDocuments.Account(Frida, "Green Bank", "GB-FRIDA-1", 1250.40m, "EUR");
        fridasGreen.GreenAccountNarrative = "Deposits fund solar cooperatives";
        foreach (var account in new[] { fridasGreen, TestDocuments.Account(Frida, "MongoDB Bank", "MB-FRIDA-2", 300m), TestDocuments.Account(Grace, "Green Bank", "GB-GRACE-1", 9999m) })
        {
            account.Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = SyncedAt };
            await accounts.UpsertAsync(account, cancel);
        }
        await products.UpsertAsync(TestDocuments.Product(Frida, "Green Bank", "LOAN-FRIDA", ProductTypes.Loan, 5000m, "EUR"), cancel);
        await products.UpsertAsync(TestDocuments.Product(Grace, "Green Bank", "MORTGAGE-GRACE", ProductTypes.Mortgage, 250000m), cancel);

        // Frida: seven transactions on her Green Bank account (groceries, filed under Food, on odd days), one on MongoDB Bank; Grace: two of her own.
        for (var day = 1; day <= 7; day++)
        {
            await transactions.UpsertAsync(TestDocuments.Transaction(Frida, $"F-{day}", April(day), -10m * day, "Green Bank", "GB-FRIDA-1",
                day == 7 ? BookingStatuses.Pending : BookingStatuses.Booked, "EUR", day % 2 == 0 ? "Coffee (large)" : "Groceries", category: day % 2 == 0 ? null : "Food"), cancel);
        }
        await transactions.UpsertAsync(TestDocuments.Transaction(Frida, "M-1", April(8), -42m, "MongoDB Bank", "MB-FRIDA-2", currency: "USD", description: "Bookshop"), cancel);
        await transactions.UpsertAsync(TestDocuments.Transaction(Grace, "G-1", April(2), -5m, account: "GB-GRACE-1", currency: "USD", description: "Coffee (large)"), cancel);
        await transactions.UpsertAsync(TestDocuments.Transaction(Grace, "G-2", April(3), -6m, account: "GB-GRACE-1", currency: "USD", description: "Groceries", category: "Food"), cancel);

        var frida = TestDocuments.Owner(Frida, "fridaklo");
        var consent = TestDocuments.Consent(frida, "greenbank", "consent-frida-green", SyncedAt.AddDays(-10), Clock.GetUtcNow().UtcDateTime.AddDays(60),
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions]);
        consent.AccountIds = ["GB-FRIDA-1"];
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, cancel);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = frida,
            Bank = "greenbank",
            ConsentId = "consent-frida-green",
            LastSuccessAt = SyncedAt,
            LastAttemptAt = SyncedAt.AddHours(6),
            LastError = "Green Bank did not answer within 30 s; Leafy Bank will try again at the next allowed call.",
            NextAllowedAt = SyncedAt.AddHours(12),
            ConsecutiveFailures = 1,
        }, cancel);
    }

    private static DateTime April(int day) => new(2026, 4, day, 9, 0, 0, DateTimeKind.Utc);
}
