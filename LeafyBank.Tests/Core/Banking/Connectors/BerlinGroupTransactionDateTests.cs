namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// NextGenPSD2 1.3.12 makes both of a transaction's dates optional (<c>bg-psd2-1.3.12.json</c>,
/// <c>components/schemas/transactions</c>: only <c>transactionAmount</c> is required). A line
/// without dates must not fail the customer's whole sync, nor be stored under a date it does not have.
/// </summary>
public sealed class BerlinGroupTransactionDateTests
{
    private const string Accounts = "/sandbox/bank/v1/accounts";

    private const string AccountList = """{"accounts":[{"resourceId":"a1","currency":"EUR","cashAccountType":"CACC"}]}""";

    private const string Dated = """{"transactionId":"t1","bookingDate":"2026-11-18","valueDate":"2026-11-17","transactionAmount":{"currency":"EUR","amount":"-40.00"},"creditorName":"Wien Energie"}""";

    private const string BookedWithValueDateOnly = """{"transactionId":"t2","valueDate":"2026-11-19","transactionAmount":{"currency":"EUR","amount":"-12.99"},"creditorName":"Netflix"}""";

    private const string BookedWithBookingDateOnly = """{"transactionId":"t3","bookingDate":"2026-11-20","transactionAmount":{"currency":"EUR","amount":"-3.20"},"creditorName":"Café Central"}""";

    private const string BookedWithoutDates = """{"transactionId":"t4","transactionAmount":{"currency":"EUR","amount":"-99.00"},"creditorName":"Hofer"}""";

    // No id either: its derived id must not take in the date it is given here.
    private const string PendingWithoutDates = """{"transactionAmount":{"currency":"EUR","amount":"-18.50"},"creditorName":"Billa"}""";

    private static BankFetchRequest Request() =>
        new(new BankDirectoryEntry("bank", "Donau Bank", BankDialects.BerlinGroup, new Uri("https://bank.example/sandbox/bank"), new Uri($"https://bank.example{Accounts}")),
            BankAccessToken.Bearer("token"), "consent-1", new PartyReference { UserName = "claumon", UserId = ObjectId.Parse("671ff2451ec726b417352703") },
            new HashSet<string> { ConsentPermissions.Accounts, ConsentPermissions.Transactions }, null, true);

    private static async Task<IReadOnlyList<ExternalTransaction>> FetchAsync(string booked, string pending, TimeProvider clock, CapturedLogs? logs = null)
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            Accounts => AccountList,
            $"{Accounts}/a1/transactions" => $$$"""{"transactions":{"booked":[{{{booked}}}],"pending":[{{{pending}}}]}}""",
            _ => null,
        });
        var logger = logs is null ? null : new Logger<BerlinGroupConnector>(new LoggerFactory([logs]));
        var snapshot = await new BerlinGroupConnector(new HttpClient(handler), clock, logger).FetchAsync(Request(), TestContext.Current.CancellationToken);
        return snapshot.Transactions;
    }

    [Fact]
    public async Task Each_date_stands_in_for_the_other_when_the_bank_sends_only_one()
    {
        var transactions = await FetchAsync($"{Dated},{BookedWithValueDateOnly},{BookedWithBookingDateOnly}", "", TestTime.Frozen());

        var byId = transactions.ToDictionary(t => t.TransactionId);
        Assert.Equal(new DateTime(2026, 11, 18, 0, 0, 0, DateTimeKind.Utc), byId["t1"].BookingDate);
        Assert.Equal(new DateTime(2026, 11, 17, 0, 0, 0, DateTimeKind.Utc), byId["t1"].ValueDate);
        Assert.Equal(new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc), byId["t2"].BookingDate);
        Assert.Equal(new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc), byId["t2"].ValueDate);
        Assert.Equal(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), byId["t3"].BookingDate);
        Assert.Equal(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), byId["t3"].ValueDate);
    }

    [Fact]
    public async Task A_pending_entry_without_any_date_is_dated_when_it_was_read_and_keeps_its_id_on_a_later_sync()
    {
        var clock = TestTime.Frozen();
        var first = await FetchAsync(Dated, PendingWithoutDates, clock);
        clock.Advance(TimeSpan.FromHours(6));
        var later = await FetchAsync(Dated, PendingWithoutDates, clock);

        var pending = Assert.Single(first, t => t.BookingStatus == BookingStatuses.Pending);
        Assert.Equal(TestTime.UtcNow, pending.BookingDate);
        Assert.Equal(TestTime.UtcNow, pending.ValueDate);
        Assert.Equal(-18.50m, pending.Amount);
        var readAgain = Assert.Single(later, t => t.BookingStatus == BookingStatuses.Pending);
        // Re-dated to the later read, but the same entry: the next sync updates it, not stores it twice.
        Assert.Equal(TestTime.UtcNow.AddHours(6), readAgain.BookingDate);
        Assert.Equal(pending.TransactionId, readAgain.TransactionId);
    }

    [Fact]
    public async Task A_booked_entry_without_any_date_is_left_out_and_logged_while_the_rest_of_the_report_is_kept()
    {
        var logs = new CapturedLogs();

        var transactions = await FetchAsync($"{Dated},{BookedWithoutDates},{BookedWithValueDateOnly}", PendingWithoutDates, TestTime.Frozen(), logs);

        Assert.Equal(["t1", "t2"], transactions.Where(t => t.BookingStatus == BookingStatuses.Booked).Select(t => t.TransactionId));
        Assert.Single(transactions, t => t.BookingStatus == BookingStatuses.Pending);
        Assert.DoesNotContain(transactions, t => t.TransactionId == "t4");
        var warning = Assert.Single(logs.Lines, line => line.Level == LogLevel.Warning);
        Assert.Contains("Donau Bank sent 1 booked transaction(s) without a booking or value date", warning.Line);
        Assert.DoesNotContain("token", warning.Line);
    }
}
