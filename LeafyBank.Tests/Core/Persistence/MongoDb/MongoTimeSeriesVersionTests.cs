using LeafyBank.Core.Persistence.MongoDb;

namespace LeafyBank.Tests.Core.Persistence.MongoDb;

/// <summary>
/// Position history becomes a time series only on MongoDB 6.0+ (wire version 17): MongoDB 5.0
/// refuses the secondary index on the measurement field <c>RecordedAt</c> (the store's start-up
/// createIndexes would fail) and deletes on a time series (the linked-data eraser's).
/// </summary>
public sealed class MongoTimeSeriesVersionTests
{
    [Theory]
    [InlineData(9, false)]   // 4.4
    [InlineData(13, false)]  // 5.0: no measurement-field index, no deletes
    [InlineData(16, false)]  // 5.3
    [InlineData(17, true)]   // 6.0: secondary indexes on any field; metaField-only deletes (5.1+)
    [InlineData(25, true)]   // 8.0
    public void A_time_series_is_created_from_MongoDB_6_0_on(int maxWireVersion, bool timeSeries) =>
        Assert.Equal(timeSeries, MongoDocumentStore.CreatesTimeSeries(maxWireVersion));

    [Fact]
    public void Position_history_indexes_a_measurement_field_which_MongoDB_5_0_time_series_refuse()
    {
        var kind = OpenFinanceCollections.PositionHistory;
        var layout = Assert.IsType<TimeSeriesLayout>(kind.TimeSeries);
        var measurementFields = kind.SecondaryIndexes.SelectMany(index => index.Fields)
            .Where(field => field != layout.TimeField && !field.StartsWith(layout.MetaField + ".", StringComparison.Ordinal) && field != layout.MetaField);
        // If this ever becomes empty, MongoDB 5.0 could hold the time series again (its deletes aside).
        Assert.Contains("RecordedAt", measurementFields);
    }
}
