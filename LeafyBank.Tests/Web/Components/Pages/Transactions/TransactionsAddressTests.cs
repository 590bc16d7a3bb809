using LeafyBank.Web.Components.Pages.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>The transactions page's state as the address spells it: read, written back, and refused in words.</summary>
public sealed class TransactionsAddressTests
{
    [Fact]
    public void Every_filter_survives_a_round_trip_through_the_address()
    {
        var address = new TransactionsAddress("café & co", "Donau Bank", "AT-99/1", "Eating out", "2026-03-01", "2026-03-31", "25", "100.50", "pending", 3);

        var query = address.ToQueryString();
        var back = TransactionsAddress.Parse(query);

        Assert.Equal(address, back);
        Assert.Equal("?q=caf%C3%A9%20%26%20co&bank=Donau%20Bank&account=AT-99%2F1&category=Eating%20out&from=2026-03-01&to=2026-03-31&min=25&max=100.50&status=pending&page=3", query);
        Assert.Equal("transactions" + query, address.PageHref);
        // The export carries the same filters and never a page: it is the whole list.
        Assert.Equal("transactions/export.csv" + query.Replace("&page=3", "", StringComparison.Ordinal), address.ExportHref);
    }

    [Fact]
    public void The_address_becomes_the_filter_the_query_is_asked_for()
    {
        var address = TransactionsAddress.FromUri("https://leafy.example/transactions?q=+rent+&bank=Green%20Bank&account=GB-1&category=Housing&from=2026-01-01&to=2026-01-31&min=10&max=99.99&status=BOOKED&page=2&unknown=x");

        var (filter, problems) = address.Read(pageSize: 25, TransactionAccountNames.None);

        Assert.Empty(problems);
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "GB-1", BookingStatus: "booked", Search: "rent",
            From: new DateOnly(2026, 1, 1), To: new DateOnly(2026, 1, 31), Page: 2, PageSize: 25, Category: "Housing", MinAmount: 10m, MaxAmount: 99.99m), filter);
    }

    [Fact]
    public void No_address_is_every_transaction_on_the_first_page_and_has_no_filters()
    {
        var address = TransactionsAddress.FromUri("https://leafy.example/transactions");

        Assert.Equal(new TransactionsAddress(), address);
        Assert.False(address.HasFilters);
        Assert.False((address with { Page = 4 }).HasFilters);
        Assert.True((address with { Category = "Rent" }).HasFilters);
        Assert.Equal(new TransactionFilter(PageSize: 25), address.Read(25, TransactionAccountNames.None).Filter);
        Assert.Equal("transactions", address.PageHref);
    }

    [Theory]
    [InlineData("?from=2026-03-02&to=2026-03-01", "from", "The start date (2 Mar 2026) is after the end date (1 Mar 2026). Choose an end date on or after the start date, or clear one of them.")]
    [InlineData("?from=31/03/2026", "from", "The start date \"31/03/2026\" is not a date we can read. Type the day, the month’s name and the year, such as 3 Dec 2026.")]
    [InlineData("?to=yesterday", "to", "The end date \"yesterday\" is not a date we can read. Type the day, the month’s name and the year, such as 3 Dec 2026.")]
    [InlineData("?to=31%20Feb%202026", "to", "The end date \"31 Feb 2026\" is not a date we can read. Type the day, the month’s name and the year, such as 3 Dec 2026.")]
    [InlineData("?min=ten", "min", "\u201CAmount from\u201D: \u201Cten\u201D is not an amount we can read. Write it with digits, such as 25, 25.50 or 1,500.50.")]
    [InlineData("?min=1,5,0", "min", "\u201CAmount from\u201D: \u201C1,5,0\u201D is not an amount we can read. Write it with digits, such as 25, 25.50 or 1,500.50.")]
    [InlineData("?max=-5", "max", "Write \u201CAmount to\u201D without a minus sign: it finds money in and out alike (25 finds −25.00 and +25.00).")]
    [InlineData("?max=\u22125", "max", "Write \u201CAmount to\u201D without a minus sign: it finds money in and out alike (25 finds −25.00 and +25.00).")]
    [InlineData("?min=100&max=50", "min", "\u201CAmount from\u201D (100) is more than \u201CAmount to\u201D (50). Swap them, or clear one of them.")]
    [InlineData("?status=settled", "status", "\u201Csettled\u201D is not a status we know. Choose All, Booked or Pending.")]
    public void A_customer_is_told_in_words_what_is_wrong_with_a_filter_and_what_to_do(string query, string key, string message)
    {
        var (filter, problems) = TransactionsAddress.Parse(query).Read(25, TransactionAccountNames.None);

        Assert.Null(filter);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        Assert.Equal(message, problem.Message);
    }

    [Theory]
    [InlineData("1500", "1500")]
    [InlineData("1,500.50", "1500.50")]
    [InlineData("25,50", "25.50")]
    [InlineData("1.500,5", "1500.5")]
    [InlineData("+25", "25")]
    [InlineData("0.125", "0.125")]
    public void Amounts_are_read_as_people_write_them_with_a_decimal_point_or_comma(string typed, string read)
    {
        var (filter, problems) = new TransactionsAddress(MinAmount: typed).Read(25, TransactionAccountNames.None);

        Assert.Empty(problems);
        Assert.Equal(decimal.Parse(read, CultureInfo.InvariantCulture), filter!.MinAmount);
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=-2")]
    [InlineData("?page=two")]
    public void A_page_number_that_is_not_one_reads_as_the_first_page(string query)
    {
        Assert.Equal(1, TransactionsAddress.Parse(query).Page);
    }

    [Fact]
    public void A_search_longer_than_the_page_allows_is_shortened_not_refused()
    {
        var (filter, problems) = new TransactionsAddress(Search: new string('a', 150)).Read(25, TransactionAccountNames.None);

        Assert.Empty(problems);
        Assert.Equal(TransactionsAddress.MaxSearchLength, filter!.Search!.Length);
    }
}
