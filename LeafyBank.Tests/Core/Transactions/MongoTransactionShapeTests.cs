namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// Renders the MongoDB transaction filter, sort and spending pipeline without a server: the owner
/// leads (the prefix of the transaction indexes), search input is escaped, and only MongoDB 4.4+
/// stages and operators appear.
/// </summary>
public sealed class MongoTransactionShapeTests
{
    // Rendering needs the class maps, which are otherwise registered by whichever test first opens a store.
    static MongoTransactionShapeTests() => OpenFinanceBsonMapping.Register();

    private static readonly ObjectId User = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    private static BsonDocument Render(FilterDefinition<ExternalTransaction> filter) =>
        filter.Render(new RenderArgs<ExternalTransaction>(BsonSerializer.LookupSerializer<ExternalTransaction>(), BsonSerializer.SerializerRegistry));

    [Fact]
    public void The_page_filter_leads_with_the_owner_and_uses_the_index_fields()
    {
        var criteria = TransactionCriteria.From(new TransactionFilter(Bank: "Green Bank", AccountId: "GB-1", BookingStatus: "Pending",
            From: new DateOnly(2026, 3, 1), To: new DateOnly(2026, 3, 31)));

        var filter = Render(MongoTransactionQuery.BuildFilter(User, criteria));
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(filter.ToJson());

        Assert.Equal(["TransactionUser.UserId", "TransactionBank", "AccountId", "BookingStatus", "BookingDate"], filter.Names);
        Assert.Equal(User, filter["TransactionUser.UserId"].AsObjectId);
        Assert.Equal("pending", filter["BookingStatus"].AsString);
        var dates = filter["BookingDate"].AsBsonDocument;
        Assert.Equal(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), dates["$gte"].ToUniversalTime());
        // The whole of 31 March is included: the bound is the next midnight, exclusive.
        Assert.Equal(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), dates["$lt"].ToUniversalTime());
    }

    [Fact]
    public void The_category_choices_group_by_the_category_field_so_transactions_without_one_count_as_a_null_key()
    {
        var stages = MongoTransactionQuery.BuildCategoryChoicesPipeline(User)
            .Render(new RenderArgs<ExternalTransaction>(BsonSerializer.LookupSerializer<ExternalTransaction>(), BsonSerializer.SerializerRegistry))
            .Documents;

        Assert.Equal(new BsonDocument("TransactionUser.UserId", User), stages[0]["$match"].AsBsonDocument);
        // $group on a field path, not distinct: distinct skips the documents that lack the field.
        Assert.Equal(new BsonDocument("_id", "$Category"), stages[1]["$group"].AsBsonDocument);
        Assert.All(stages.Skip(2), stage => Assert.Equal("$project", stage.GetElement(0).Name));
    }

    [Fact]
    public void The_page_order_is_booking_date_descending_then_the_natural_key()
    {
        var sort = MongoTransactionQuery.NewestFirst.Render(
            new RenderArgs<ExternalTransaction>(BsonSerializer.LookupSerializer<ExternalTransaction>(), BsonSerializer.SerializerRegistry));

        Assert.Equal(new BsonDocument { ["BookingDate"] = -1, ["TransactionId"] = 1, ["TransactionBank"] = 1 }, sort);
    }

    [Fact]
    public void Search_becomes_one_escaped_regex_over_the_normalised_search_field()
    {
        var criteria = TransactionCriteria.From(new TransactionFilter(Search: "A.b*(Café)"));

        var filter = Render(MongoTransactionQuery.BuildFilter(User, criteria));

        var regex = filter["SearchText"].AsBsonRegularExpression;
        // Lower-cased and unaccented as the stored field is, so no "i" flag (which would not fold accents anyway).
        Assert.Equal(@"a\.b\*\(cafe\)", regex.Pattern);
        Assert.Equal("", regex.Options);
        Assert.DoesNotContain("$or", filter.Names);
    }

    [Fact]
    public void A_transaction_is_stored_with_its_search_field_and_reading_it_back_ignores_the_stored_value()
    {
        var transaction = new ExternalTransaction { Description = "CAFÉ de Flore", Merchant = "Crème Brûlée Ltd", Category = null };

        var stored = transaction.ToBsonDocument();
        stored["Description"] = "Changed";
        var read = BsonSerializer.Deserialize<ExternalTransaction>(stored);

        Assert.Equal("cafe de flore\ncreme brulee ltd", transaction.ToBsonDocument()["SearchText"].AsString);
        Assert.Equal("changed\ncreme brulee ltd", read.SearchText);
    }

    [Theory]
    [InlineData("rent", "rent")]
    [InlineData("50% off", @"50\%\ off")]
    [InlineData(@"C:\d{2}", @"C\:\\d\{2\}")]
    [InlineData("^$.|?*+()[]", @"\^\$\.\|\?\*\+\(\)\[\]")]
    [InlineData("Café Ünïcode", @"Café\ Ünïcode")]
    public void Regex_escaping_backslashes_every_ascii_symbol_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, MongoTransactionQuery.EscapeForRegex(text));
}
