namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// Which stored pending transaction a newly booked one replaces: the same payment on the same day, or (for a pending entry
/// the bank sent without a date, dated when it was read) the same payment last read on or shortly after the booked day.
/// </summary>
public sealed class PendingTransactionMatcherTests
{
    private static readonly DateTime Monday = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private static ExternalTransaction Line(string id, string status, DateTime day, decimal amount = -4.50m, string merchant = "Café Central") => new()
    {
        TransactionId = id,
        TransactionBank = "Donau Bank",
        AccountId = "AT-1",
        BookingStatus = status,
        Amount = amount,
        Currency = "EUR",
        BookingDate = day,
        ValueDate = day,
        Description = merchant,
        Merchant = merchant,
    };

    [Fact]
    public void A_booked_payment_replaces_its_pending_copy_of_the_same_day()
    {
        var pending = Line("p-1", BookingStatuses.Pending, Monday);
        var booked = Line("b-1", BookingStatuses.Booked, Monday);

        var replaced = PendingTransactionMatcher.LinkBooked([pending], [booked]);

        Assert.Equal("p-1", Assert.Single(replaced).TransactionId);
        Assert.Equal("p-1", booked.PendingTransactionId);
    }

    [Fact]
    public void A_pending_copy_dated_when_it_was_last_read_is_replaced_by_the_booked_payment_of_some_days_before()
    {
        // Sent without a date, so dated by the sync that last read it (Thursday); the bank books it dated Monday.
        var pending = Line("p-1", BookingStatuses.Pending, Monday.AddDays(3));
        var booked = Line("b-1", BookingStatuses.Booked, Monday);

        var replaced = PendingTransactionMatcher.LinkBooked([pending], [booked]);

        Assert.Equal("p-1", Assert.Single(replaced).TransactionId);
        Assert.Equal("p-1", booked.PendingTransactionId);
    }

    [Theory]
    [InlineData(-1)] // last read before the payment was made: another payment
    [InlineData(PendingTransactionMatcher.UndatedPendingDays + 1)] // too long after it to be the same payment
    public void A_pending_copy_outside_the_days_a_payment_stays_pending_is_not_taken(int daysAfterPayment)
    {
        var pending = Line("p-1", BookingStatuses.Pending, Monday.AddDays(daysAfterPayment));
        var booked = Line("b-1", BookingStatuses.Booked, Monday);

        Assert.Empty(PendingTransactionMatcher.LinkBooked([pending], [booked]));
        Assert.Null(booked.PendingTransactionId);
    }

    [Fact]
    public void Another_amount_or_merchant_or_one_the_bank_still_reports_as_pending_is_not_taken()
    {
        var otherAmount = Line("p-1", BookingStatuses.Pending, Monday.AddDays(1), amount: -5.00m);
        var otherMerchant = Line("p-2", BookingStatuses.Pending, Monday.AddDays(1), merchant: "Bäckerei Ströck");
        var stillPending = Line("p-3", BookingStatuses.Pending, Monday.AddDays(1));
        var booked = Line("b-1", BookingStatuses.Booked, Monday);

        var replaced = PendingTransactionMatcher.LinkBooked([otherAmount, otherMerchant, stillPending], [booked, stillPending]);

        Assert.Empty(replaced);
        Assert.Null(booked.PendingTransactionId);
    }

    [Fact]
    public void Exact_matches_are_taken_first_and_a_booked_payment_without_one_takes_the_pending_copy_read_after_it()
    {
        // Two coffees: Monday's pending and booked copies are alike; Tuesday's was sent pending without a date and last read
        // on Wednesday. Monday's booking must not take Wednesday's copy, nor Tuesday's booking Monday's.
        var mondayPending = Line("p-mon", BookingStatuses.Pending, Monday);
        var wednesdayPending = Line("p-wed", BookingStatuses.Pending, Monday.AddDays(2));
        var mondayBooked = Line("b-mon", BookingStatuses.Booked, Monday);
        var tuesdayBooked = Line("b-tue", BookingStatuses.Booked, Monday.AddDays(1));

        var replaced = PendingTransactionMatcher.LinkBooked([wednesdayPending, mondayPending], [tuesdayBooked, mondayBooked]);

        Assert.Equal(["p-mon", "p-wed"], replaced.Select(t => t.TransactionId).Order());
        Assert.Equal(("p-mon", "p-wed"), (mondayBooked.PendingTransactionId, tuesdayBooked.PendingTransactionId));
    }
}
