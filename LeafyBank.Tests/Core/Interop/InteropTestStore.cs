namespace LeafyBank.Tests.Core.Interop;

/// <summary>A fresh embedded store (<see cref="EmbeddedStoreFixture"/>), seeded with the personas, with the services the import needs.</summary>
internal sealed class InteropTestStore(EmbeddedStoreFixture stores, SqliteDocumentStore store, TokenProtector protector) : IAsyncDisposable
{
    private ServiceProvider? services;

    /// <summary>The suite's "now" (LEAFYBANK_TEST_NOW or its default), standing still: imports stamp their documents with it.</summary>
    public FakeTimeProvider Clock { get; } = TestTime.Frozen();
    /// <summary>The store's own directory, also scratch space for a test's files.</summary>
    public string Directory => Store.DataDirectory;
    public SqliteDocumentStore Store => store;
    public TokenProtector Protector => protector;
    private GlobalPositionService Positions { get; } = new(store, IPositionQuery.For(store), ExchangeRates.Default);

    /// <summary>What the command line runs with: this store, its protector, positions and clock.</summary>
    public IServiceProvider Services => services ??= new ServiceCollection()
        .AddSingleton<IDocumentStore>(Store)
        .AddSingleton(Protector)
        .AddSingleton(Positions)
        .AddSingleton<TimeProvider>(Clock)
        .BuildServiceProvider();

    /// <summary>A new store; pass the protector of another store to share its key ring (as a moved deployment would).</summary>
    public static async Task<InteropTestStore> CreateAsync(TokenProtector? protector = null)
    {
        var stores = new EmbeddedStoreFixture();
        var store = (SqliteDocumentStore)await stores.CreateStoreAsync();
        var testStore = new InteropTestStore(stores, store, protector ?? new TokenProtector(new EphemeralDataProtectionProvider()));
        await Personas.EnsureSeededAsync(testStore.Store, testStore.Clock, Xunit.TestContext.Current.CancellationToken);
        return testStore;
    }

    public static ImportSource Source(string name, string json, string? collection = null) =>
        new(name, Encoding.UTF8.GetBytes(json), collection);

    /// <summary>Imports as the command line does without options: users the store does not know are refused.</summary>
    public Task<ImportResult> ImportAsync(params ImportSource[] sources) => ImportAsync(ImportOptions.Default, sources);

    public Task<ImportResult> ImportAsync(ImportOptions options, params ImportSource[] sources) =>
        new OpenFinanceImporter(Store, Protector, Clock).ImportAsync(sources, options, Xunit.TestContext.Current.CancellationToken);

    /// <summary>The reference demo's samples; their tokens name api_user_cc8580a5, whom no persona is, so users may be created.</summary>
    public Task<ImportResult> ImportReferenceDemoAsync() => ImportAsync(
        new ImportOptions { CreateUsers = true },
        Source(TestData.ReferenceDemoSamples.AccountsFileName, TestData.ReferenceDemoSamples.ExternalAccounts),
        Source(TestData.ReferenceDemoSamples.ProductsFileName, TestData.ReferenceDemoSamples.ExternalProducts),
        Source(TestData.ReferenceDemoSamples.TokensFileName, TestData.ReferenceDemoSamples.Tokens));

    public async Task<GlobalPosition> PositionOfAsync(string userName) =>
        await Positions.GetForUserNameAsync(userName, Xunit.TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"No user {userName}.");

    /// <summary>Document counts of every collection an import can touch, to prove "nothing changed".</summary>
    public async Task<StoreCounts> CountsAsync()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        return new StoreCounts(
            await Store.Collection(OpenFinanceCollections.Users).CountAsync(ct),
            await Store.Collection(OpenFinanceCollections.ExternalAccounts).CountAsync(ct),
            await Store.Collection(OpenFinanceCollections.ExternalProducts).CountAsync(ct),
            await Store.Collection(OpenFinanceCollections.Tokens).CountAsync(ct),
            await Store.Collection(OpenFinanceCollections.AuditEvents).CountAsync(ct));
    }

    /// <summary>Every stored document of the import's collections as JSON, to compare whole contents.</summary>
    public async Task<string> SnapshotAsync()
    {
        var builder = new StringBuilder();
        await AppendAsync(OpenFinanceCollections.Users);
        await AppendAsync(OpenFinanceCollections.ExternalAccounts);
        await AppendAsync(OpenFinanceCollections.ExternalProducts);
        await AppendAsync(OpenFinanceCollections.Tokens);
        await AppendAsync(OpenFinanceCollections.AuditEvents);
        return builder.ToString();

        async Task AppendAsync<TDocument>(DocumentKind<TDocument> kind) where TDocument : class
        {
            await foreach (var document in Store.Collection(kind).ExportAsync(Xunit.TestContext.Current.CancellationToken))
            {
                builder.AppendLine(document.ToString());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
        await stores.DisposeAsync();
    }
}

internal sealed record StoreCounts(long Users, long Accounts, long Products, long Tokens, long AuditEvents);
