namespace LeafyBank.Tests.Core.Customers;

/// <summary>The base currency is the customer's stored setting, and the position follows it.</summary>
public sealed class CustomerPreferencesTests(EmbeddedStoreFixture stores) : IClassFixture<EmbeddedStoreFixture>, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private IDocumentStore store = null!;

    public async ValueTask InitializeAsync()
    {
        store = await stores.CreateStoreAsync();
        await Personas.EnsureSeededAsync(store, TestTime.Frozen(), Cancel);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    [Fact]
    public async Task The_chosen_base_currency_is_stored_and_the_position_is_computed_in_it()
    {
        var preferences = new CustomerPreferences(store, ExchangeRates.Default);
        var users = store.Collection(OpenFinanceCollections.Users);
        var frida = (await users.FindByKeyAsync(["fridaklo"], Cancel))!;

        var updated = await preferences.SetBaseCurrencyAsync(frida, " eur ", Cancel);

        var stored = (await users.FindByKeyAsync(["fridaklo"], Cancel))!;
        Assert.Equal("EUR", stored.BaseCurrency);
        Assert.Equal(frida.Id, stored.Id);
        var position = await new GlobalPositionService(store, IPositionQuery.For(store), ExchangeRates.Default).GetAsync(updated, Cancel);
        Assert.Equal("EUR", position.Currency);
        // Frida's Leafy Bank accounts: 1100 + 2975 + 550 = 4625 USD; at 1 EUR = 1.085 USD that is 4262.67 EUR.
        Assert.Equal(4262.67m, position.TotalBalance);
    }

    [Fact]
    public async Task A_currency_the_rate_table_does_not_know_is_refused_naming_the_choices()
    {
        var preferences = new CustomerPreferences(store, ExchangeRates.Default);
        var frida = (await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["fridaklo"], Cancel))!;

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => preferences.SetBaseCurrencyAsync(frida, "XYZ", Cancel));

        Assert.Contains("CAD, CHF, EUR, GBP, JPY, MXN, USD", refused.Message, StringComparison.Ordinal);
        Assert.Equal("USD", (await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["fridaklo"], Cancel))!.BaseCurrency);
    }
}
