namespace LeafyBank.Tests.Core.Persistence;

public sealed class MongoDbSettingsTests
{
    private static MongoDbSettings Read(params (string Key, string Value)[] values) =>
        MongoDbSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_settings_the_app_declares_Stable_API_V1_writes_with_majority_and_reads_analytics_from_secondaries()
    {
        var settings = Read();

        Assert.True(settings.DeclaresStableApi);
        Assert.Equal(WriteConcern.WMajority, settings.DurableWriteConcern);
        Assert.Equal(ReadPreferenceMode.SecondaryPreferred, settings.AnalyticsReadPreference.ReadPreferenceMode);
        Assert.Empty(settings.AnalyticsReadPreference.TagSets);
    }

    [Theory]
    [InlineData("secondary", ReadPreferenceMode.Secondary)]
    [InlineData("PRIMARY", ReadPreferenceMode.Primary)]
    [InlineData(" nearest ", ReadPreferenceMode.Nearest)]
    public void The_analytics_read_preference_is_read_by_its_mode_name(string value, ReadPreferenceMode expected)
    {
        Assert.Equal(expected, Read((ConfigurationKeys.AnalyticsReadPreference, value)).AnalyticsReadPreference.ReadPreferenceMode);
    }

    [Fact]
    public void Analytics_nodes_are_chosen_by_their_tags()
    {
        var preference = Read((ConfigurationKeys.AnalyticsReadPreference, "secondary"), (ConfigurationKeys.AnalyticsReadTags, "nodeType:ANALYTICS, region:EU")).AnalyticsReadPreference;

        var tags = Assert.Single(preference.TagSets).Tags;
        Assert.Equal([("nodeType", "ANALYTICS"), ("region", "EU")], tags.Select(tag => (tag.Name, tag.Value)));
    }

    [Fact]
    public void A_write_concern_can_be_a_number_of_members_and_the_stable_api_can_be_switched_off()
    {
        var settings = Read((ConfigurationKeys.MongoWriteConcern, "2"), (ConfigurationKeys.MongoStableApi, "off"));

        Assert.Equal(new WriteConcern(2), settings.DurableWriteConcern);
        Assert.False(settings.DeclaresStableApi);
    }

    [Theory]
    [InlineData(ConfigurationKeys.AnalyticsReadPreference, "secondaries", "secondaryPreferred")]
    [InlineData(ConfigurationKeys.MongoWriteConcern, "0", "majority")]
    [InlineData(ConfigurationKeys.MongoWriteConcern, "all", "majority")]
    [InlineData(ConfigurationKeys.MongoStableApi, "2", "off")]
    [InlineData(ConfigurationKeys.AnalyticsReadTags, "ANALYTICS", "nodeType:ANALYTICS")]
    public void A_bad_value_fails_at_start_up_naming_its_key_and_what_would_do(string key, string value, string hint)
    {
        var exception = Assert.Throws<ConfigurationException>(() => Read((key, value)));

        Assert.Equal(key, exception.Key);
        Assert.StartsWith($"Configuration value {key} ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(hint, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_with_the_primary_are_refused_because_they_choose_among_secondaries()
    {
        var exception = Assert.Throws<ConfigurationException>(() =>
            Read((ConfigurationKeys.AnalyticsReadPreference, "primary"), (ConfigurationKeys.AnalyticsReadTags, "nodeType:ANALYTICS")));

        Assert.Equal(ConfigurationKeys.AnalyticsReadTags, exception.Key);
    }
}
