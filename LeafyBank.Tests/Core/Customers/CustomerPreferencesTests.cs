using System.Linq.Expressions;

namespace LeafyBank.Tests.Core.Customers;

/// <summary>
/// The customer's settings (base currency, time zone) are stored with them on every engine; the
/// position follows the currency; a setting saved while another is being saved keeps both.
/// </summary>
public abstract class CustomerPreferencesTests(IStoreFixture stores) : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private IDocumentStore? opened;

    /// <summary>The test's store; the test is skipped with the fixture's reason when its engine is not available.</summary>
    private IDocumentStore Store
    {
        get
        {
            if (opened is null)
            {
                Assert.Skip(stores.SkipReason ?? "the store was not opened");
            }
            return opened;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (stores.SkipReason is not null)
        {
            return; // each test reports the skip
        }
        opened = await stores.CreateStoreAsync();
        await Personas.EnsureSeededAsync(opened, TestTime.Frozen(), Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (opened is not null)
        {
            await opened.DisposeAsync();
        }
    }

    private Task<LeafyUser?> StoredAsync(string userName) => Store.Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], Cancel);

    [Fact]
    public async Task The_chosen_base_currency_is_stored_and_the_position_is_computed_in_it()
    {
        var preferences = new CustomerPreferences(Store, ExchangeRates.Default);
        var frida = (await StoredAsync("fridaklo"))!;

        var updated = await preferences.SetBaseCurrencyAsync(frida, " eur ", Cancel);

        var stored = (await StoredAsync("fridaklo"))!;
        Assert.Equal("EUR", stored.BaseCurrency);
        Assert.Equal(frida.Id, stored.Id);
        var position = await new GlobalPositionService(Store, IPositionQuery.For(Store), ExchangeRates.Default).GetAsync(updated, Cancel);
        Assert.Equal("EUR", position.Currency);
        // Frida's Leafy Bank accounts: 1100 + 2975 + 550 = 4625 USD; at 1 EUR = 1.085 USD that is 4262.67 EUR.
        Assert.Equal(4262.67m, position.TotalBalance);
    }

    [Fact]
    public async Task A_currency_the_rate_table_does_not_know_is_refused_naming_the_choices()
    {
        var preferences = new CustomerPreferences(Store, ExchangeRates.Default);
        var frida = (await StoredAsync("fridaklo"))!;

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => preferences.SetBaseCurrencyAsync(frida, "XYZ", Cancel));

        Assert.Contains("CAD, CHF, EUR, GBP, JPY, MXN, USD", refused.Message, StringComparison.Ordinal);
        Assert.Equal("USD", (await StoredAsync("fridaklo"))!.BaseCurrency);
    }

    [Theory]
    [InlineData("Europe/Atlantis")]
    [InlineData("")]
    [InlineData("America/Argentina/ComodRivadavia/And/A/Great/Deal/More/Than/Any/Zone/Name/Could/Hold")]
    public async Task A_time_zone_this_server_does_not_know_is_refused_and_the_kept_one_stays(string zone)
    {
        var preferences = new CustomerPreferences(Store, ExchangeRates.Default);
        var frida = await preferences.SetTimeZoneAsync((await StoredAsync("fridaklo"))!, "America/Mexico_City", Cancel);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => preferences.SetTimeZoneAsync(frida, zone, Cancel));

        Assert.Contains("give an IANA name such as Europe/Berlin", refused.Message, StringComparison.Ordinal);
        Assert.Equal("America/Mexico_City", (await StoredAsync("fridaklo"))!.TimeZone);
    }

    [Fact]
    public async Task A_setting_saved_while_another_is_being_saved_keeps_both()
    {
        // Tab A reads Frida to Store her currency; before it writes, tab B stores her time zone.
        var tabB = new CustomerPreferences(Store, ExchangeRates.Default);
        var frida = (await StoredAsync("fridaklo"))!;
        var interleaved = 0;
        var tabA = new CustomerPreferences(new UsersReadHook(Store, async () =>
        {
            if (Interlocked.Increment(ref interleaved) == 1)
            {
                await tabB.SetTimeZoneAsync(frida, "Europe/Berlin", Cancel);
            }
        }), ExchangeRates.Default);

        var returned = await tabA.SetBaseCurrencyAsync(frida, "EUR", Cancel);

        var stored = (await StoredAsync("fridaklo"))!;
        Assert.Equal(("EUR", "Europe/Berlin"), (stored.BaseCurrency, stored.TimeZone));
        Assert.Equal(("EUR", "Europe/Berlin"), (returned.BaseCurrency, returned.TimeZone));
        Assert.Equal(2, interleaved);
    }

    [Fact]
    public async Task A_setting_that_keeps_meeting_other_changes_is_refused_saying_to_try_again()
    {
        var other = new CustomerPreferences(Store, ExchangeRates.Default);
        var frida = (await StoredAsync("fridaklo"))!;
        string[] zones = ["Europe/Berlin", "Asia/Tokyo"];
        var reads = 0;
        var busy = new CustomerPreferences(new UsersReadHook(Store,
            () => other.SetTimeZoneAsync(frida, zones[Interlocked.Increment(ref reads) % 2], Cancel)), ExchangeRates.Default);

        var refused = await Assert.ThrowsAsync<PreferencesNotSavedException>(() => busy.SetBaseCurrencyAsync(frida, "GBP", Cancel));

        Assert.Equal("Your settings were being changed somewhere else at the same moment, so this change was not kept. Please try again.", refused.Message);
        Assert.Equal(CustomerPreferences.UpdateAttempts, reads);
        Assert.Equal("USD", (await StoredAsync("fridaklo"))!.BaseCurrency);
    }

    /// <summary>The store, with <paramref name="afterRead"/> run after each read of a customer by key (before the caller sees it).</summary>
    private sealed class UsersReadHook(IDocumentStore inner, Func<Task> afterRead) : IDocumentStore
    {
        public string Engine => inner.Engine;
        public string Location => inner.Location;
        public TransactionCapability TransactionCapability => inner.TransactionCapability;
        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);
        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);
        public Task<T> RunInTransactionAsync<T>(Func<ITransactionScope, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
            inner.RunInTransactionAsync(work, cancellationToken);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
            inner.Collection(kind) is IDocumentCollection<LeafyUser> users ? (IDocumentCollection<TDocument>)(object)new Users(users, afterRead) : inner.Collection(kind);

        private sealed class Users(IDocumentCollection<LeafyUser> users, Func<Task> afterRead) : IDocumentCollection<LeafyUser>
        {
            public DocumentKind<LeafyUser> Kind => users.Kind;

            public async Task<LeafyUser?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default)
            {
                var found = await users.FindByKeyAsync(naturalKey, cancellationToken);
                await afterRead();
                return found;
            }

            public Task<UpsertOutcome> UpsertAsync(LeafyUser document, CancellationToken cancellationToken = default) => users.UpsertAsync(document, cancellationToken);
            public Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<LeafyUser> documents, CancellationToken cancellationToken = default) => users.UpsertManyAsync(documents, cancellationToken);
            public Task InsertAsync(LeafyUser document, CancellationToken cancellationToken = default) => users.InsertAsync(document, cancellationToken);
            public Task InsertManyAsync(IReadOnlyCollection<LeafyUser> documents, CancellationToken cancellationToken = default) => users.InsertManyAsync(documents, cancellationToken);
            public Task<IReadOnlyList<LeafyUser>> FindAsync(ObjectId ownerId, Expression<Func<LeafyUser, bool>>? filter = null, CancellationToken cancellationToken = default) => users.FindAsync(ownerId, filter, cancellationToken);
            public Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<LeafyUser, bool>>? filter = null, CancellationToken cancellationToken = default) => users.DeleteAsync(ownerId, filter, cancellationToken);
            public Task<bool> TryReplaceAsync(LeafyUser document, Expression<Func<LeafyUser, bool>> precondition, CancellationToken cancellationToken = default) => users.TryReplaceAsync(document, precondition, cancellationToken);
            public Task<IReadOnlyList<LeafyUser>> FindAcrossOwnersAsync(Expression<Func<LeafyUser, bool>> filter, int limit, CancellationToken cancellationToken = default) => users.FindAcrossOwnersAsync(filter, limit, cancellationToken);
            public Task<long> CountAsync(CancellationToken cancellationToken = default) => users.CountAsync(cancellationToken);
            public IAsyncEnumerable<BsonDocument> ExportAsync(CancellationToken cancellationToken = default) => users.ExportAsync(cancellationToken);
        }
    }
}

public sealed class EmbeddedCustomerPreferencesTests(EmbeddedStoreFixture fixture)
    : CustomerPreferencesTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoCustomerPreferencesTests(MongoStoreFixture fixture)
    : CustomerPreferencesTests(fixture), IClassFixture<MongoStoreFixture>
{
    [Fact]
    public async Task A_customer_written_outside_the_app_without_names_or_currency_can_still_save_a_setting()
    {
        var cancel = Xunit.TestContext.Current.CancellationToken;
        var store = await fixture.CreateStoreAsync();
        await using (store)
        {
            // As mongosh or an import might leave it: only the fields the server's schema requires.
            var id = ObjectId.GenerateNewId();
            await ((MongoDocumentStore)store).Database.GetCollection<BsonDocument>(OpenFinanceCollections.Users.CollectionName)
                .InsertOneAsync(new BsonDocument { ["_id"] = id, ["UserName"] = "bare" }, cancellationToken: cancel);
            var preferences = new CustomerPreferences(store, ExchangeRates.Default);
            var bare = (await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["bare"], cancel))!;

            await preferences.SetTimeZoneAsync(bare, "Europe/Berlin", cancel);
            await preferences.SetBaseCurrencyAsync(bare, "EUR", cancel);

            var stored = (await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["bare"], cancel))!;
            Assert.Equal((id, "EUR", "Europe/Berlin"), (stored.Id, stored.BaseCurrency, stored.TimeZone));
        }
    }
}
