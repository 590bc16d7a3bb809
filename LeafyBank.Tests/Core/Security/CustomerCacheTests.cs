namespace LeafyBank.Tests.Core.Security;

/// <summary>
/// The customer cache answers each customer with that customer's record only, gives every caller
/// its own copy, sees a change made through the app at once, and one made elsewhere once its
/// lifetime has passed.
/// </summary>
public sealed class CustomerCacheTests(EmbeddedStoreFixture stores) : IClassFixture<EmbeddedStoreFixture>, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = TestTime.Frozen();
    private IDocumentStore store = null!;
    private readonly LeafyUser ada = new() { Id = ObjectId.GenerateNewId(), UserName = "ada", FirstName = "Ada", BaseCurrency = "EUR" };
    private readonly LeafyUser grace = new() { Id = ObjectId.GenerateNewId(), UserName = "grace", FirstName = "Grace", BaseCurrency = "USD" };

    public async ValueTask InitializeAsync()
    {
        store = await stores.CreateStoreAsync();
        await store.Collection(OpenFinanceCollections.Users).UpsertAsync(ada, Cancel);
        await store.Collection(OpenFinanceCollections.Users).UpsertAsync(grace, Cancel);
        foreach (var (user, subject) in new[] { (ada, "sub-ada"), (grace, "sub-grace") })
        {
            await store.Collection(OpenFinanceCollections.CustomerIdentities).UpsertAsync(new CustomerIdentity
            {
                Issuer = "https://idp.example",
                Subject = subject,
                IdentityUser = new PartyReference { UserId = user.Id, UserName = user.UserName },
                LinkedAt = clock.GetUtcNow().UtcDateTime,
                LinkedByUserName = user.UserName,
            }, Cancel);
        }
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    [Fact]
    public async Task Each_identity_and_id_is_answered_with_its_own_customer_and_every_caller_gets_its_own_copy()
    {
        var cache = new CustomerCache(store, clock);

        var adaByIdentity = await cache.FindLinkedAsync("https://idp.example", "sub-ada", Cancel);
        var graceByIdentity = await cache.FindLinkedAsync("https://idp.example", "sub-grace", Cancel);
        adaByIdentity!.BaseCurrency = "GBP";
        var adaAgain = await cache.FindCustomerAsync(ada.Id, Cancel);

        Assert.Equal("ada", adaByIdentity.UserName);
        Assert.Equal("grace", graceByIdentity!.UserName);
        Assert.Equal("EUR", adaAgain!.BaseCurrency);
        Assert.Null(await cache.FindLinkedAsync("https://other.example", "sub-ada", Cancel));
        Assert.Null(await cache.FindCustomerAsync(ObjectId.GenerateNewId(), Cancel));
    }

    [Fact]
    public async Task A_base_currency_changed_through_the_app_is_seen_at_once_and_one_changed_elsewhere_after_the_lifetime()
    {
        var cache = new CustomerCache(store, clock);
        Assert.Equal("EUR", (await cache.FindCustomerAsync(ada.Id, Cancel))!.BaseCurrency);

        await new CustomerPreferences(store, ExchangeRates.Default, cache).SetBaseCurrencyAsync(ada, "GBP", Cancel);
        Assert.Equal("GBP", (await cache.FindLinkedAsync("https://idp.example", "sub-ada", Cancel))!.BaseCurrency);

        // Another instance (no cache of ours to tell) changes it back.
        await new CustomerPreferences(store, ExchangeRates.Default).SetBaseCurrencyAsync(ada, "EUR", Cancel);
        Assert.Equal("GBP", (await cache.FindCustomerAsync(ada.Id, Cancel))!.BaseCurrency);
        clock.Advance(CustomerCache.Lifetime);
        Assert.Equal("EUR", (await cache.FindCustomerAsync(ada.Id, Cancel))!.BaseCurrency);
    }
}
