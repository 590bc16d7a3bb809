using LeafyBank.Web.Components.Pages.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>
/// A day typed in the transactions page's date boxes is read the way the app writes days ("3 Dec 2026"), or as an address holds
/// it; a day in numbers only, whose order differs by country, or a day the calendar has not, is refused rather than guessed.
/// </summary>
public sealed class TypedDayTests
{
    [Theory]
    [InlineData("3 Dec 2026", "2026-12-03")]
    [InlineData("03 dec 2026", "2026-12-03")]
    [InlineData("  3 December 2026 ", "2026-12-03")]
    [InlineData("3 Sept 2026", "2026-09-03")]
    [InlineData("3-Dec-2026", "2026-12-03")]
    [InlineData("3. Dec. 2026", "2026-12-03")]
    [InlineData("29 Feb 2028", "2028-02-29")]
    [InlineData("2026-12-03", "2026-12-03")]
    public void A_day_written_as_the_app_writes_days_or_as_an_address_holds_it_is_read(string typed, string addressValue)
    {
        Assert.True(TypedDay.TryRead(typed, out var day));
        Assert.Equal(addressValue, TypedDay.ForAddress(typed));
        Assert.Equal(DateOnly.ParseExact(addressValue, "yyyy-MM-dd", CultureInfo.InvariantCulture), day);
    }

    [Theory]
    [InlineData("12/03/2026")]
    [InlineData("03.12.2026")]
    [InlineData("31 Feb 2026")]
    [InlineData("29 Feb 2026")]
    [InlineData("0 Dec 2026")]
    [InlineData("3 Dek 2026")]
    [InlineData("3 Dec")]
    [InlineData("Dec 2026")]
    [InlineData("yesterday")]
    public void A_day_in_numbers_only_or_one_the_calendar_has_not_is_refused_and_goes_to_the_address_as_typed(string typed)
    {
        Assert.False(TypedDay.TryRead(typed, out _));
        Assert.Equal(typed, TypedDay.ForAddress(typed));
    }

    [Fact]
    public void The_box_shows_an_applied_day_as_the_app_writes_it_and_a_mistake_as_it_was_typed()
    {
        Assert.Equal("1 Nov 2026", TypedDay.ForBox("2026-11-01"));
        Assert.Equal("31/03/2026", TypedDay.ForBox("31/03/2026"));
        Assert.Null(TypedDay.ForBox(null));
        Assert.Null(TypedDay.ForAddress("  "));
    }
}
