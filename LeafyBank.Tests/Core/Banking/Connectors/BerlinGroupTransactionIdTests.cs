namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// Berlin Group NextGenPSD2 1.3.12 requires only the amount of a transaction
/// (<c>bg-psd2-1.3.12.json</c>, <c>components/schemas/transactions</c>: <c>"required": ["transactionAmount"]</c>);
/// <c>transactionId</c> and <c>entryReference</c> may both be missing. Leafy Bank still needs an
/// id that is the same on every sync, or each sync would store the line again.
/// </summary>
public sealed class BerlinGroupTransactionIdTests
{
    private const string Accounts = "/sandbox/bank/v1/accounts";

    private const string AccountList = """{"accounts":[{"resourceId":"a1","currency":"EUR","cashAccountType":"CACC"}]}""";

    private const string WithId = """{"transactionId":"t1","bookingDate":"2026-11-18","valueDate":"2026-11-18","transactionAmount":{"currency":"EUR","amount":"-40.00"},"creditorName":"Wien Energie"}""";

    private const string WithEntryReference = """{"entryReference":"E-2","bookingDate":"2026-11-19","valueDate":"2026-11-19","transactionAmount":{"currency":"EUR","amount":"-12.99"},"creditorName":"Netflix"}""";

    // Two coffees at the same café on the same day: the same content twice, two payments.
    private const string Coffee = """{"bookingDate":"2026-11-20","valueDate":"2026-11-20","transactionAmount":{"currency":"EUR","amount":"-3.20"},"creditorName":"Café Central","remittanceInformationUnstructured":"Card payment"}""";

    private const string PendingWithoutIds = """{"valueDate":"2026-11-29","transactionAmount":{"currency":"EUR","amount":"-18.50"},"creditorName":"Billa"}""";

    private const string NewerSalary = """{"bookingDate":"2026-11-25","valueDate":"2026-11-25","transactionAmount":{"currency":"EUR","amount":"3200.00"},"debtorName":"Atelier","remittanceInformationUnstructured":"Salary"}""";

    private static BankFetchRequest Request() =>
        new(new BankDirectoryEntry("bank", "Donau Bank", BankDialects.BerlinGroup, new Uri("https://bank.example/sandbox/bank"), new Uri($"https://bank.example{Accounts}")),
            BankAccessToken.Bearer("token"), "consent-1", new PartyReference { UserName = "claude", UserId = ObjectId.Parse("671ff0081ec726b417352702") },
            new HashSet<string> { ConsentPermissions.Accounts, ConsentPermissions.Transactions }, null, true);

    private static async Task<IReadOnlyList<ExternalTransaction>> FetchAsync(string booked, string pending)
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            Accounts => AccountList,
            $"{Accounts}/a1/transactions" => $$$"""{"transactions":{"booked":[{{{booked}}}],"pending":[{{{pending}}}]}}""",
            _ => null,
        });
        var snapshot = await new BerlinGroupConnector(new HttpClient(handler), TestTime.Frozen()).FetchAsync(Request(), TestContext.Current.CancellationToken);
        return snapshot.Transactions;
    }

    [Fact]
    public async Task Without_a_transactionId_the_entryReference_is_the_id_and_without_both_an_id_is_derived_from_the_content()
    {
        var transactions = await FetchAsync($"{WithId},{WithEntryReference},{Coffee},{Coffee}", PendingWithoutIds);

        Assert.Equal(5, transactions.Count);
        Assert.Equal("t1", transactions[0].TransactionId);
        Assert.Equal("E-2", transactions[1].TransactionId);
        var derived = transactions.Skip(2).Select(t => t.TransactionId).ToList();
        Assert.All(derived, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        // Both coffees are kept: the same content twice is two payments, not one repeated.
        Assert.Equal(derived.Count, derived.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(BookingStatuses.Pending, transactions[4].BookingStatus);
    }

    [Fact]
    public async Task A_derived_id_is_the_same_on_the_next_sync_even_when_newer_transactions_come_first()
    {
        var first = await FetchAsync($"{Coffee},{Coffee},{WithEntryReference}", PendingWithoutIds);
        var next = await FetchAsync($"{NewerSalary},{Coffee},{WithEntryReference},{Coffee}", PendingWithoutIds);

        var ids = first.Select(t => t.TransactionId).ToHashSet(StringComparer.Ordinal);
        var nextIds = next.Select(t => t.TransactionId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(4, ids.Count);
        Assert.Equal(5, nextIds.Count);
        Assert.Subset(nextIds, ids);
    }
}
