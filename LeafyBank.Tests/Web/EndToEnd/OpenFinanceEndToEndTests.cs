using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LeafyBank.Tests.Web.EndToEnd;

/// <summary>
/// The whole of open finance over real HTTP on a loopback port: the app with its in-process bank
/// sandbox, Leafy Bank's consent-and-connect (code + PKCE), the customer approving at the bank,
/// sync through each bank's own dialect into the unified store, and revocation at the bank.
/// </summary>
public abstract class OpenFinanceEndToEndTests : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory factory;

    /// <param name="storeSettings">Settings that choose the store engine for this run (none: the embedded default).</param>
    protected OpenFinanceEndToEndTests(IReadOnlyDictionary<string, string>? storeSettings = null) =>
        factory = LeafyBankWebFactory.With(storeSettings ?? new Dictionary<string, string>());

    /// <summary>Null when the engine is available; otherwise why these tests are skipped.</summary>
    protected virtual string? SkipReason => null;
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private Uri baseAddress = null!;

    public ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return ValueTask.CompletedTask;
        }
        baseAddress = factory.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return factory.DisposeAsync();
    }

    private T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    /// <summary>How many of Frida's payments the bank's own books show as pending at this instant.</summary>
    private int PendingInBooks(string bankId)
    {
        var books = Service<SandboxBankData>();
        var bank = SandboxBankCatalog.Find(bankId)!;
        return books.Customer(bank, "frida")!.Accounts
            .Sum(account => books.Transactions(bank, "frida", account.Id).Count(t => t.IsPending));
    }

    [Theory]
    [InlineData("greenbank", "Green Bank", "USD")]
    [InlineData("mongodbbank", "MongoDB Bank", "USD")]
    [InlineData("donaubank", "Donau Bank", "EUR")]
    [InlineData("thamesbank", "Thames Bank", "GBP")]
    public async Task A_customer_connects_a_bank_its_data_lands_mapped_once_and_revoking_at_the_bank_stops_access(string bankId, string bankName, string currency)
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        var connections = Service<ConnectionService>();
        var sync = Service<SyncService>();
        var store = Service<IDocumentStore>();
        using var http = BankBrowser.CreateClient(baseAddress);
        var browser = new BankBrowser(http);

        // Consent at Leafy Bank, approval at the bank, the callback back at Leafy Bank.
        var start = await connections.StartAsync(frida,
            new ConnectionRequest(bankId, ["accounts", "balances", "transactions", "products"], 90, new Uri(baseAddress, "connections/callback")), Cancel);
        Assert.StartsWith(new Uri(baseAddress, $"sandbox/{bankId}/").ToString(), start.AuthorizeUrl.ToString(), StringComparison.Ordinal);
        var callback = await browser.AuthorizeAsync(start.AuthorizeUrl.ToString(), "frida");
        Assert.Equal("/connections/callback", callback.AbsolutePath);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        var connected = await connections.CompleteAsync(frida, query["state"], query["code"], query.TryGetValue("error", out var error) ? error.ToString() : null, query["iss"], Cancel);
        Assert.True(connected.Outcome == ConnectionOutcome.Connected, connected.Message);

        // First sync: the bank's dialect, mapped into the unified model.
        var pendingBefore = PendingInBooks(bankId);
        var first = await sync.SyncAsync(frida, bankId, unattended: false, Cancel);
        var pendingAfter = PendingInBooks(bankId);
        Assert.True(first.Outcome == SyncOutcome.Succeeded, first.Message);
        var accounts = await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, a => a.AccountBank == bankName, Cancel);
        var products = await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(frida.UserId, p => p.ProductBank == bankName, Cancel);
        var transactions = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, t => t.TransactionBank == bankName, Cancel);
        Assert.NotEmpty(accounts);
        Assert.Contains(accounts, a => a.AccountCurrency == currency);
        Assert.All(accounts, a => Assert.Equal(("fridaklo", DataOrigins.BankApi, start.ConsentId), (a.AccountUser.UserName, a.Source!.Origin, a.Source.ConsentId)));
        Assert.NotEmpty(products);
        // Loans run out as the clock moves: a running one owes something, a repaid one is closed and owes nothing.
        Assert.All(products, p => Assert.True(p.ProductType is ProductTypes.Loan or ProductTypes.Mortgage
            && (p.ProductStatus == ProductStatuses.Active ? p.ProductAmount > 0 : p.ProductAmount == 0), $"{p.ProductType} {p.ProductStatus} {p.ProductAmount}"));
        Assert.Contains(transactions, t => t.BookingStatus == BookingStatuses.Booked);
        // Whether a payment is still pending depends on the instant (the books move with the clock):
        // the store holds exactly the pending payments the bank's books had while it was read.
        var pendingStored = transactions.Count(t => t.BookingStatus == BookingStatuses.Pending);
        Assert.True(pendingStored == pendingBefore || pendingStored == pendingAfter,
            $"{pendingStored} pending stored; the books had {pendingBefore} before the sync and {pendingAfter} after it");
        Assert.True(transactions.Min(t => t.BookingDate) <= Service<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-89), "at least 90 days of history");

        // The token is stored encrypted and was used.
        var token = await store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, bankId], Cancel);
        Assert.NotNull(token);
        Assert.StartsWith("dp1:", token.BearerToken, StringComparison.Ordinal);
        Assert.NotNull(token.TokenDates.LastUseDate);
        // Every bank offers DPoP (RFC 9449), so the token is bound to Leafy Bank's key and each call carried a proof.
        Assert.Equal("DPoP", token.TokenType);

        // The position counts the bank (converted to USD where needed).
        var position = await Service<GlobalPositionService>().GetForUserNameAsync("fridaklo", Cancel);
        var owes = products.Any(p => p.ProductStatus == ProductStatuses.Active);
        Assert.Contains(position!.ByInstitution, i => i.Bank == bankName && i.Balance > 0 && (i.Debt > 0) == owes);
        Assert.Contains(position.ByCurrency, c => c.Currency == currency);

        // Second sync: nothing is duplicated and identities are stable.
        var second = await sync.SyncAsync(frida, bankId, unattended: false, Cancel);
        Assert.True(second.Outcome == SyncOutcome.Succeeded, second.Message);
        var accountsAgain = await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, a => a.AccountBank == bankName, Cancel);
        Assert.Equal(accounts.Select(a => a.Id).Order(), accountsAgain.Select(a => a.Id).Order());
        Assert.Equal(products.Count, (await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(frida.UserId, p => p.ProductBank == bankName, Cancel)).Count);
        Assert.Equal(transactions.Count, (await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, t => t.TransactionBank == bankName, Cancel)).Count);

        // No token, code, verifier or client secret ever reaches a log line, at any level.
        var plainAccessToken = Service<LeafyBank.Core.Security.TokenProtector>().Unprotect(token.BearerToken);
        var plainRefreshToken = Service<LeafyBank.Core.Security.TokenProtector>().Unprotect(token.RefreshToken!);
        var clientSecret = await File.ReadAllTextAsync(Path.Combine(factory.DataDirectory, "bank-client-secret"), Cancel);
        var logs = factory.Logs.All;
        Assert.True(logs.Length > 1000, "the app logged at trace level during the journey");
        Assert.DoesNotContain(plainAccessToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(plainRefreshToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(clientSecret.Trim(), logs, StringComparison.Ordinal);
        Assert.DoesNotContain(query["code"].ToString(), logs, StringComparison.Ordinal);

        // The customer revokes at the bank: the next call is refused, Leafy Bank asks the bank, records the consent as
        // revoked (the connection then offers Reconnect, not Sync now), and nothing stored is lost.
        Assert.Equal(1, await browser.RevokeAllAtBankAsync(bankId));
        var afterRevoke = await sync.SyncAsync(frida, bankId, unattended: false, Cancel);
        Assert.Equal(SyncOutcome.NotConnected, afterRevoke.Outcome);
        Assert.Contains("reconnect", afterRevoke.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(accounts.Count, (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, a => a.AccountBank == bankName, Cancel)).Count);
        var revoked = await Service<ConnectionOverview>().FindAsync(frida.UserId, bankId, Cancel);
        Assert.Equal((ConnectionStatus.Revoked, ConnectionAction.Reconnect, accounts.Count), (revoked!.Status, revoked.Action, revoked.Accounts.Count));
        Assert.False(revoked.IsLive);

        var ledger = (await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Bank == bankId, Cancel))
            .OrderBy(e => e.At).Select(e => (e.Kind, e.Outcome)).ToList();
        Assert.Equal(
            [
                (AuditKinds.ConsentRequested, AuditOutcomes.Succeeded), (AuditKinds.ConsentGranted, AuditOutcomes.Succeeded),
                (AuditKinds.DataPulled, AuditOutcomes.Succeeded), (AuditKinds.DataPulled, AuditOutcomes.Succeeded),
                // After the revocation the bank refuses the token, then its refresh.
                (AuditKinds.AccessRefreshed, AuditOutcomes.Failed), (AuditKinds.DataPulled, AuditOutcomes.Failed),
                (AuditKinds.ConsentRevoked, AuditOutcomes.Succeeded),
            ],
            ledger);
    }

    [Fact]
    public async Task The_bank_directory_lists_every_bank_with_its_issuer_on_this_origin()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        using var http = new HttpClient { BaseAddress = baseAddress };
        var banks = await Service<LeafyBank.Core.Banking.IBankDirectory>().ListAsync(Cancel);

        Assert.Equal(["donaubank", "greenbank", "mongodbbank", "thamesbank"], banks.Select(b => b.Id).Order());
        foreach (var bank in banks)
        {
            Assert.StartsWith(baseAddress.ToString(), bank.Issuer.ToString(), StringComparison.Ordinal);
            using var metadata = await http.GetAsync(new Uri(bank.Issuer + "/.well-known/openid-configuration"), Cancel);
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
            // With the X-Request-ID Berlin Group requires on every request, so only the missing token is wrong.
            using var anonymousRequest = new HttpRequestMessage(HttpMethod.Get, bank.AccountsEndpoint);
            anonymousRequest.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
            using var anonymous = await http.SendAsync(anonymousRequest, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }
}

public sealed class EmbeddedOpenFinanceEndToEndTests : OpenFinanceEndToEndTests;

/// <summary>The same journey on MongoDB, when <c>LEAFYBANK_TEST_MONGODB_URI</c> names a server (a fresh database per class).</summary>
public sealed class MongoOpenFinanceEndToEndTests() : OpenFinanceEndToEndTests(Settings())
{
    private static readonly string? Uri = Environment.GetEnvironmentVariable(MongoStoreFixture.UriVariable);

    protected override string? SkipReason =>
        string.IsNullOrWhiteSpace(Uri) ? $"The MongoDB journey needs {MongoStoreFixture.UriVariable}." : null;

    private static Dictionary<string, string> Settings() => string.IsNullOrWhiteSpace(Uri)
        ? []
        : MongoStoreFixture.AppSettings(Uri, "lb_e2e_");
}
