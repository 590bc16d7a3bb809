using LeafyBank.Web.Components.Pages.Analytics;

namespace LeafyBank.Tests.Web.Components.Pages.Analytics;

/// <summary>How the analytics page words one figure, in its cells and in the chart's text alike.</summary>
public sealed class AnalyticsFormatTests
{
    [Theory]
    [InlineData(3, 3800, "3,800.00 USD (3 customers)")]
    [InlineData(1, 120, "120.00 USD (1 customer)")]
    // Held by no one: "0.00 USD (0 customers)" would read as a figure someone has.
    [InlineData(0, 0, "None")]
    public void An_amount_is_written_with_its_customers_and_one_no_customer_holds_as_none(int customers, decimal amount, string expected) =>
        Assert.Equal(expected, AnalyticsFormat.Describe(new Figure(customers, customers, amount, null), "USD", minimumCustomers: 5));

    [Fact]
    public void A_count_of_no_customers_stays_a_number() =>
        Assert.Equal("0", AnalyticsFormat.Describe(new Figure(0, null, null, null), currency: null, minimumCustomers: 5));
}
