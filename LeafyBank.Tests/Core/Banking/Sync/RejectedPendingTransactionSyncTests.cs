using LeafyBank.Tests.Core.Banking.Connectors;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// On every engine, through the UK Open Banking connector and the sync: a payment stored as pending that the bank
/// then reports as Rejected (<c>OBEntryStatus1Code</c>) leaves the customer's transactions at that sync, as a
/// declined payment leaves their banking app, not a week later. Only that customer's pending entry at that bank goes.
/// </summary>
public abstract class RejectedPendingTransactionSyncTests(IStoreFixture fixture)
{
    private const string Accounts = "/sandbox/thamesbank/api/accounts";

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>What Thames Bank lists for Frida's current account now: (id, status), each a day old.</summary>
    private (string Id, string Status)[] entries = [];

    /// <summary>Each entry its own payment (amount and payee), so none passes for another's booked copy (<see cref="PendingTransactionMatcher"/>).</summary>
    private static readonly Dictionary<string, (string Amount, string Payee)> Payments = new()
    {
        ["b1"] = ("40.00", "Rent share"),
        ["b2"] = ("9.99", "Music"),
        ["p1"] = ("12.50", "Corner Shop"),
        ["p2"] = ("3.20", "Bus"),
    };

    private string TransactionsJson()
    {
        var day = Now.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var rows = entries.Select(e =>
            $$"""{"TransactionId":"{{e.Id}}","Amount":{"Amount":"{{Payments[e.Id].Amount}}","Currency":"GBP"},"CreditDebitIndicator":"Debit","Status":"{{e.Status}}","BookingDateTime":"{{day}}","TransactionInformation":"{{Payments[e.Id].Payee}}"}""");
        return $$$"""{"Data":{"Transaction":[{{{string.Join(",", rows)}}}]}}""";
    }

    [Fact]
    public async Task A_pending_payment_the_bank_then_rejects_is_gone_after_the_next_sync_and_nothing_else_is()
    {
        var store = await fixture.CreateStoreAsync();
        await using var _ = store;
        var handler = StubBankHandler.Json(path => path switch
        {
            Accounts => """{"Data":{"Account":[{"AccountId":"c1","Currency":"GBP","AccountSubType":"CurrentAccount","Status":"Enabled","OpeningDate":"2024-03-01T00:00:00+00:00"}]}}""",
            $"{Accounts}/c1/transactions" => TransactionsJson(),
            _ => null,
        });
        var tokens = new BankTokenService(store, new TokenProtector(new EphemeralDataProtectionProvider()),
            new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret")), clock);
        var sync = new SyncService(store, new FixedBankDirectory(TestBanks.ThamesBank), tokens, [new UkOpenBankingConnector(new HttpClient(handler), clock)],
            new SyncInstance("test-instance"), clock);
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, TestBanks.ThamesBank.Id, "consent-1", Now, Now.AddDays(90),
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Transactions]), Cancel);
        await tokens.SaveAsync(frida, TestBanks.ThamesBank, "consent-1", new BankTokenResponse("access-token-value", "Bearer", 400 * 86_400, "refresh-token-value", "accounts"), Cancel);
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        // The same id elsewhere: Grace's pending payment at Thames Bank, and Frida's at Green Bank.
        await transactions.UpsertAsync(TestDocuments.Transaction(grace.UserId, "p1", Now.AddDays(-1), -12.50m, TestBanks.ThamesBank.Name, "c1",
            BookingStatuses.Pending, "GBP"), Cancel);
        await transactions.UpsertAsync(TestDocuments.Transaction(frida.UserId, "p1", Now.AddDays(-1), -12.50m, status: BookingStatuses.Pending), Cancel);

        entries = [("b1", "Booked"), ("b2", "Booked"), ("p1", "Pending"), ("p2", "Pending")];
        var first = await sync.SyncAsync(frida, TestBanks.ThamesBank.Id, unattended: false, Cancel);
        Assert.True(first.Outcome == SyncOutcome.Succeeded, first.Message);

        clock.Advance(TimeSpan.FromHours(1));
        // p1 is declined; b2, already booked, is reported as rejected too (a bank's mistake): money that moved stays.
        entries = [("b1", "Booked"), ("b2", "Rejected"), ("p1", "Rejected"), ("p2", "Pending")];
        var second = await sync.SyncAsync(frida, TestBanks.ThamesBank.Id, unattended: false, Cancel);
        Assert.True(second.Outcome == SyncOutcome.Succeeded, second.Message);

        var thames = await transactions.FindAsync(frida.UserId, t => t.TransactionBank == TestBanks.ThamesBank.Name, Cancel);
        Assert.Equal([("b1", BookingStatuses.Booked), ("b2", BookingStatuses.Booked), ("p2", BookingStatuses.Pending)],
            thames.Select(t => (t.TransactionId, t.BookingStatus)).Order());
        Assert.Single(await transactions.FindAsync(frida.UserId, t => t.TransactionBank == TestBanks.GreenBank.Name, Cancel));
        Assert.Single(await transactions.FindAsync(grace.UserId, cancellationToken: Cancel));
    }
}

public sealed class EmbeddedRejectedPendingTransactionSyncTests(EmbeddedStoreFixture fixture) : RejectedPendingTransactionSyncTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoRejectedPendingTransactionSyncTests(MongoStoreFixture fixture) : RejectedPendingTransactionSyncTests(fixture), IClassFixture<MongoStoreFixture>;
