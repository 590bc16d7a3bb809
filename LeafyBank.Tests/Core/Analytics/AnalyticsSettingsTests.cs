namespace LeafyBank.Tests.Core.Analytics;

public sealed class AnalyticsSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Defaults_are_five_customers_and_the_role_claim_analyst()
    {
        Assert.Equal(5, AnalyticsSettings.FromConfiguration(Settings()).MinimumCustomers);
        Assert.Equal(new AnalystSettings("role", "analyst"), AnalystSettings.FromConfiguration(Settings()));
    }

    [Fact]
    public void A_provider_specific_claim_is_taken_as_configured()
    {
        var settings = AnalystSettings.FromConfiguration(Settings(
            (AnalystSettings.ClaimTypeKey, "roles"), (AnalystSettings.ClaimValueKey, "LeafyBank.Analyst")));

        Assert.Equal(new AnalystSettings("roles", "LeafyBank.Analyst"), settings);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("five")]
    [InlineData("-3")]
    public void A_minimum_below_two_or_not_a_number_stops_start_up_naming_the_key(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            AnalyticsSettings.FromConfiguration(Settings((AnalyticsSettings.MinimumCustomersKey, value))));

        Assert.Contains(AnalyticsSettings.MinimumCustomersKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AnalystSettings.ClaimTypeKey, " ")]
    [InlineData(AnalystSettings.ClaimValueKey, "analyst ")]
    public void A_blank_or_padded_claim_setting_stops_start_up_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => AnalystSettings.FromConfiguration(Settings((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
