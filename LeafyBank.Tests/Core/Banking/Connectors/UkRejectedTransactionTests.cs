namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// UK Open Banking 3.1.11 lets a transaction's Status be Rejected as well as Booked or Pending
/// (<c>uk-ob-3.1.11-account-info.json</c>, <c>components/schemas/OBEntryStatus1Code</c>:
/// <c>["Booked","Pending","Rejected"]</c>). A rejected entry is no money that moved; its id tells the
/// sync to take away a pending entry stored under it earlier.
/// </summary>
public sealed class UkRejectedTransactionTests
{
    private const string Accounts = "/sandbox/bank/open-banking/v3.1/aisp/accounts";

    private static BankFetchRequest Request() =>
        new(new BankDirectoryEntry("bank", "Thames Bank", BankDialects.UkOpenBanking, new Uri("https://bank.example/sandbox/bank"),
                new Uri($"https://bank.example{Accounts}")),
            BankAccessToken.Bearer("token"), "consent-1", new PartyReference { UserName = "adalove", UserId = ObjectId.Parse("671ff0081ec726b417352702") },
            new HashSet<string> { ConsentPermissions.Accounts, ConsentPermissions.Transactions }, null, true);

    [Fact]
    public async Task A_rejected_transaction_is_left_out_named_as_withdrawn_and_the_rest_of_the_history_is_read()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            Accounts => """{"Data":{"Account":[{"AccountId":"c1","Currency":"GBP","AccountSubType":"CurrentAccount","Status":"Enabled"}]}}""",
            $"{Accounts}/c1/transactions" => """
                {"Data":{"Transaction":[
                  {"TransactionId":"b1","Amount":{"Amount":"9.99","Currency":"GBP"},"CreditDebitIndicator":"Debit","Status":"Booked","BookingDateTime":"2026-11-20T08:00:00+00:00"},
                  {"TransactionId":"r1","Amount":{"Amount":"450.00","Currency":"GBP"},"CreditDebitIndicator":"Debit","Status":"Rejected","BookingDateTime":"2026-11-21T08:00:00+00:00"},
                  {"TransactionId":"p1","Amount":{"Amount":"3.20","Currency":"GBP"},"CreditDebitIndicator":"Debit","Status":"Pending","BookingDateTime":"2026-11-22T08:00:00+00:00"}
                ]}}
                """,
            _ => null,
        });

        var snapshot = await new UkOpenBankingConnector(new HttpClient(handler), TestTime.Frozen()).FetchAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(["b1", "p1"], snapshot.Transactions.Select(t => t.TransactionId));
        Assert.Equal([BookingStatuses.Booked, BookingStatuses.Pending], snapshot.Transactions.Select(t => t.BookingStatus));
        Assert.Equal(["r1"], snapshot.WithdrawnTransactionIds);
    }

    [Fact]
    public async Task A_status_outside_the_standard_is_still_a_malformed_answer()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            Accounts => """{"Data":{"Account":[{"AccountId":"c1","Currency":"GBP","AccountSubType":"CurrentAccount","Status":"Enabled"}]}}""",
            $"{Accounts}/c1/transactions" => """
                {"Data":{"Transaction":[
                  {"TransactionId":"x1","Amount":{"Amount":"9.99","Currency":"GBP"},"CreditDebitIndicator":"Debit","Status":"Mislaid","BookingDateTime":"2026-11-20T08:00:00+00:00"}
                ]}}
                """,
            _ => null,
        });

        var failure = await Assert.ThrowsAsync<BankApiException>(() =>
            new UkOpenBankingConnector(new HttpClient(handler), TestTime.Frozen()).FetchAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Equal(BankFailureKind.MalformedResponse, failure.Kind);
    }
}
