namespace LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking;

/// <summary>
/// <c>uk-ob-3.1.11-account-info.json</c>, <c>components/parameters/FromBookingDateTimeParam</c> and
/// <c>ToBookingDateTimeParam</c>: "The UTC ISO 8601 Date Time to filter transactions FROM [TO] …
/// If the Date Time contains a timezone, the ASPSP must ignore the timezone component."
/// The filter is on the booking date-time, not on the day the payment was made.
/// </summary>
public sealed class ThamesBankBookingDateTimeTests : IAsyncLifetime
{
    private const string Bank = "thamesbank";
    private const string Customer = "frida";

    private DialectTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await DialectTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private SandboxAccount Checking => host.Books.Customer(DialectTestHost.Bank(Bank), Customer)!.Accounts[0];

    private IReadOnlyList<SandboxTransaction> Books => host.Books.Transactions(DialectTestHost.Bank(Bank), Customer, Checking.Id);

    /// <summary>The latest booking date on which a payment made on an earlier day was booked.</summary>
    private DateOnly LatestLateBookingDate() =>
        Books.Where(t => t.BookingDate is { } booked && DateOnly.FromDateTime(t.TransactedAt.UtcDateTime) < booked).Max(t => t.BookingDate!.Value);

    /// <summary>What the standard filters on: BookingDateTime (Thames books at midnight UTC; a pending line carries its entry time).</summary>
    private static DateTimeOffset BookingDateTime(SandboxTransaction t) =>
        t.BookingDate is { } booked ? new DateTimeOffset(booked.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : t.TransactedAt;

    [Fact]
    public async Task FromBookingDateTime_keeps_a_payment_made_the_day_before_and_booked_on_that_day()
    {
        host.Grant(Bank, Customer);
        var from = LatestLateBookingDate();
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var expected = Books.Where(t => BookingDateTime(t) >= since).Select(t => t.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(Books, t => BookingDateTime(t) >= since && t.TransactedAt < since);

        var ids = await TransactionIdsAsync($"fromBookingDateTime={from:yyyy-MM-dd}T00:00:00");

        Assert.Equal(expected, ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("fromBookingDateTime", "-05:00")]
    [InlineData("fromBookingDateTime", "+05:00")]
    [InlineData("toBookingDateTime", "+05:00")]
    [InlineData("toBookingDateTime", "-05:00")]
    public async Task The_timezone_of_a_booking_date_time_is_ignored(string parameter, string offset)
    {
        host.Grant(Bank, Customer);
        var day = LatestLateBookingDate();
        var withoutZone = $"{parameter}={day:yyyy-MM-dd}T00:00:00";

        var plain = await TransactionIdsAsync(withoutZone);
        var zoned = await TransactionIdsAsync(withoutZone + Uri.EscapeDataString(offset));

        // The day's bookings (at 00:00 UTC) sit right on the bound: a zone applied would move them across it.
        Assert.Contains(Books, t => t.BookingDate == day && plain.Contains(t.Id));
        Assert.Equal(plain.Order(StringComparer.Ordinal), zoned.Order(StringComparer.Ordinal));
    }

    /// <summary>Every page of the account's transactions, following <c>Links.Next</c>.</summary>
    private async Task<List<string>> TransactionIdsAsync(string query)
    {
        using var client = new HttpClient(host.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        var ids = new List<string>();
        for (string? next = $"/sandbox/{Bank}/open-banking/v3.1/aisp/accounts/{Checking.Id}/transactions?{query}"; next is not null;)
        {
            using var response = await client.GetAsync(next, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            ids.AddRange(body.GetProperty("Data").GetProperty("Transaction").EnumerateArray().Select(t => t.GetProperty("TransactionId").GetString()!));
            next = body.GetProperty("Links").TryGetProperty("Next", out var link) ? link.GetString() : null;
        }
        return ids;
    }
}
