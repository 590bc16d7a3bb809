namespace LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// <c>bg-psd2-1.3.12.json</c>, <c>components/parameters/dateFrom</c>: "For booked transactions, the
/// relevant date is the booking date. For pending transactions, the relevant date is the entry
/// date". A payment made before dateFrom and booked on or after it is in the report.
/// </summary>
public sealed class DonauBankDateFromTests : IAsyncLifetime
{
    private const string Bank = "donaubank";
    private const string Customer = "frida";

    private DialectTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await DialectTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task DateFrom_selects_booked_lines_by_booking_date_and_pending_lines_by_entry_date()
    {
        var access = host.Grant(Bank, Customer);
        var account = host.Books.Customer(DialectTestHost.Bank(Bank), Customer)!.Accounts[0];
        var books = host.Books.Transactions(DialectTestHost.Bank(Bank), Customer, account.Id);
        // The latest booking date on which a payment made on an earlier day was booked.
        var dateFrom = books.Where(t => t.BookingDate is { } booked && EntryDate(t) < booked).Max(t => t.BookingDate!.Value);
        var expectedBooked = books.Where(t => t.BookingDate >= dateFrom).Select(t => t.Id).Order(StringComparer.Ordinal).ToList();
        var expectedPending = books.Where(t => t.IsPending && EntryDate(t) >= dateFrom).Select(t => t.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(books, t => t.BookingDate >= dateFrom && EntryDate(t) < dateFrom);

        var (booked, pending) = await ReportAsync($"/sandbox/{Bank}/v1/accounts/{account.Id}/transactions?bookingStatus=both&dateFrom={dateFrom:yyyy-MM-dd}", access.ConsentId);

        Assert.Equal(expectedBooked, booked.Order(StringComparer.Ordinal));
        Assert.Equal(expectedPending, pending.Order(StringComparer.Ordinal));
    }

    private static DateOnly EntryDate(SandboxTransaction t) => DateOnly.FromDateTime(t.TransactedAt.UtcDateTime);

    /// <summary>Every page of the report, following <c>_links.next</c>.</summary>
    private async Task<(List<string> Booked, List<string> Pending)> ReportAsync(string path, string consentId)
    {
        using var client = new HttpClient(host.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        var (booked, pending) = (new List<string>(), new List<string>());
        for (string? next = path; next is not null;)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
            request.Headers.Add("Consent-ID", consentId);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("transactions");
            booked.AddRange(Ids(report, "booked"));
            pending.AddRange(Ids(report, "pending"));
            next = report.GetProperty("_links").TryGetProperty("next", out var link) ? link.GetProperty("href").GetString() : null;
        }
        return (booked, pending);
    }

    private static IEnumerable<string> Ids(JsonElement report, string list) =>
        report.TryGetProperty(list, out var entries) ? entries.EnumerateArray().Select(e => e.GetProperty("transactionId").GetString()!).ToList() : [];
}
