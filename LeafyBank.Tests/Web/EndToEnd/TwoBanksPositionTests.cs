using System.Text.Json.Serialization;
using LeafyBank.Tests.Sandbox.Data;
using LeafyBank.Tests.Web.Api;

namespace LeafyBank.Tests.Web.EndToEnd;

/// <summary>
/// Issue 5's "done when", over real HTTP: Grace signs in, links Green Bank (USD, green narratives)
/// and Donau Bank (EUR and a USD account, Berlin Group) through the consent flow at the sandbox,
/// the first sync of each runs, and then her position — from the data API with her bearer token,
/// from <see cref="GlobalPositionService"/> and on the dashboard page — is checked against figures
/// worked out here from the banks' own books and Leafy Bank's stored accounts at the rates this
/// app is configured with (deliberately not the built-in table).
/// </summary>
public abstract class TwoBanksPositionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : TwoBanksFixture
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static JsonSerializerOptions Web => TwoBanksFixture.Json;

    private TwoBanksFixture Linked
    {
        get
        {
            if (fixture.SkipReason is { } reason)
            {
                Assert.Skip(reason);
            }
            return fixture;
        }
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static decimal Rounded(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static void AssertClose(decimal expected, decimal actual, decimal tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected} ± {tolerance}, got {actual}");

    [Fact]
    public async Task The_api_the_position_service_and_the_dashboard_show_the_same_figures()
    {
        var linked = Linked;
        using var api = linked.ApiClient(linked.GraceToken);

        var served = await GetJsonAsync(api, "/api/v1/position");
        var computed = JsonSerializer.SerializeToNode(await linked.Service<GlobalPositionService>().GetForUserNameAsync("gracehop", Cancel), Web)!;

        // Read a moment apart: everything but the moment of computation is equal.
        served.AsObject().Remove("computedAt");
        computed.AsObject().Remove("computedAt");
        Assert.True(JsonNode.DeepEquals(computed, served), $"service {computed.ToJsonString()}\napi     {served.ToJsonString()}");

        // The dashboard (its server render, with Grace's cookie) states the same three totals.
        var dashboard = WebUtility.HtmlDecode(await linked.Browser.App.GetStringAsync("/dashboard", Cancel));
        foreach (var total in new[] { "totalBalance", "totalDebt", "netWorth" })
        {
            var text = DashboardFormat.Money(served[total]!.GetValue<decimal>(), "USD");
            Assert.True(dashboard.Contains(text, StringComparison.Ordinal), $"the dashboard shows {total} {text}");
        }
        Assert.Contains("Green Bank", dashboard, StringComparison.Ordinal);
        Assert.Contains("Donau Bank", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_are_leafy_banks_accounts_plus_both_banks_books_at_the_configured_rates()
    {
        var linked = Linked;
        var position = await linked.PositionFromApiAsync();

        // Leafy Bank's own accounts, as stored; the two banks' figures, as their books hold them.
        var internalAccounts = (await linked.Store.Collection(OpenFinanceCollections.InternalAccounts).FindAsync(TwoBanksFixture.Grace.UserId, cancellationToken: Cancel))
            .Where(a => a.AccountStatus != AccountStatuses.Closed)
            .ToList();
        Assert.NotEmpty(internalAccounts);
        var leafyBalance = internalAccounts.Sum(a => a.AccountBalance * TwoBanksFixture.UsdValueOf(a.AccountCurrency));
        var green = linked.Books["greenbank"];
        var donau = linked.Books["donaubank"];
        decimal Balance(SandboxCustomerData books) => books.Accounts.Sum(a => a.BookedBalance * TwoBanksFixture.UsdValueOf(a.Currency));
        decimal Debt(SandboxCustomerData books) => books.Products.Where(p => p.IsActive).Sum(p => p.Outstanding * TwoBanksFixture.UsdValueOf(p.Currency));

        Assert.Equal("USD", position.Currency);
        Assert.Equal(Rounded(leafyBalance + Balance(green) + Balance(donau)), position.TotalBalance);
        Assert.Equal(Rounded(Debt(green) + Debt(donau)), position.TotalDebt);
        Assert.Equal(position.TotalBalance - position.TotalDebt, position.NetWorth);

        Assert.Equal(["Leafy Bank", "Donau Bank", "Green Bank"], position.ByInstitution.Select(i => i.Bank));
        var byBank = position.ByInstitution.ToDictionary(i => i.Bank);
        Assert.Equal((Rounded(leafyBalance), 0m, internalAccounts.Count, 0), (byBank["Leafy Bank"].Balance, byBank["Leafy Bank"].Debt, byBank["Leafy Bank"].Accounts, byBank["Leafy Bank"].Products));
        Assert.Equal((Rounded(Balance(green)), Rounded(Debt(green)), green.Accounts.Count, green.Products.Count(p => p.IsActive)),
            (byBank["Green Bank"].Balance, byBank["Green Bank"].Debt, byBank["Green Bank"].Accounts, byBank["Green Bank"].Products));
        Assert.Equal((Rounded(Balance(donau)), Rounded(Debt(donau)), donau.Accounts.Count, donau.Products.Count(p => p.IsActive)),
            (byBank["Donau Bank"].Balance, byBank["Donau Bank"].Debt, byBank["Donau Bank"].Accounts, byBank["Donau Bank"].Products));

        // Each original currency, with the configured rate and table date (not the built-in table's).
        var eur = Assert.Single(position.ByCurrency, c => c.Currency == "EUR");
        Assert.Equal(TwoBanksFixture.EurInUsd, eur.RateToBase);
        Assert.Equal(donau.Accounts.Where(a => a.Currency == "EUR").Sum(a => a.BookedBalance), eur.Balance);
        Assert.Equal(donau.Products.Where(p => p.IsActive).Sum(p => p.Outstanding), eur.Debt);
        Assert.Contains(position.Rates.RatesUsed, r => r.Currency == "EUR" && r.RateToBase == TwoBanksFixture.EurInUsd);
        Assert.Equal(TwoBanksFixture.RatesAsOf, position.Rates.AsOf);
        Assert.Empty(position.UnconvertedCurrencies);
        // The types add up to the totals, side by side.
        AssertClose(position.TotalBalance, position.ByType.Where(t => t.Side == PositionSide.Balance).Sum(t => t.Amount), 0.02m, "balance by type");
        AssertClose(position.TotalDebt, position.ByType.Where(t => t.Side == PositionSide.Debt).Sum(t => t.Amount), 0.02m, "debt by type");
    }

    [Fact]
    public async Task Every_active_loan_of_both_banks_is_listed_with_the_terms_the_bank_reported_and_a_monthly_payment()
    {
        var linked = Linked;
        var position = await linked.PositionFromApiAsync();
        var expected = linked.Books
            .SelectMany(entry => entry.Value.Products.Where(p => p.IsActive).Select(p => (Bank: SandboxBankCatalog.Find(entry.Key)!.Name, Product: p)))
            .ToList();
        Assert.Contains(expected, e => e.Bank == "Green Bank");
        Assert.Contains(expected, e => e.Bank == "Donau Bank");
        Assert.Equal(expected.Count, position.Loans.Count);

        foreach (var (bank, product) in expected)
        {
            var loan = Assert.Single(position.Loans, l => l.Bank == bank && (l.ProductId == product.Id || l.ProductId == product.Identification));
            Assert.Equal(product.Kind == SandboxProductKind.Mortgage ? ProductTypes.Mortgage : ProductTypes.Loan, loan.ProductType);
            Assert.Equal((product.Currency, product.Outstanding, product.InterestRate, product.TermMonths, product.OpenedOn),
                (loan.Currency, loan.Outstanding, loan.InterestRate, loan.TermMonths, loan.OpeningDate));
            Assert.Empty(loan.NotReported);
            Assert.Equal(product.OpenedOn.AddMonths(product.TermMonths), loan.PayoffDate);
            Assert.NotNull(loan.MonthlyPayment);
            // The bank's own instalment follows the same amortisation; the two agree except when the
            // opening day does not exist in every month (the two count elapsed months differently then).
            if (product.OpenedOn.Day <= 28)
            {
                Assert.True(Math.Abs(loan.MonthlyPayment.Value - product.MonthlyPayment) <= product.MonthlyPayment * 0.005m,
                    $"{bank} {product.Id}: estimated {loan.MonthlyPayment} a month, the bank's instalment is {product.MonthlyPayment}");
            }
            Assert.Equal(Rounded(product.Outstanding * TwoBanksFixture.UsdValueOf(product.Currency)), loan.OutstandingInBase);
        }
        AssertClose(1m, position.Loans.Sum(l => l.ShareOfDebt!.Value), 0.001m, "the loans' shares of the debt");
    }

    [Fact]
    public async Task Green_banks_narratives_are_shown_with_their_items_and_count_towards_the_green_share()
    {
        var linked = Linked;
        var position = await linked.PositionFromApiAsync();
        var green = linked.Books["greenbank"];

        var narratives = position.Green.Narratives;
        Assert.Equal(green.Accounts.Count(a => a.Narrative is not null) + green.Products.Count(p => p.IsActive && p.Narrative is not null), narratives.Count);
        Assert.All(narratives, n => Assert.Equal("Green Bank", n.Bank));
        foreach (var account in green.Accounts)
        {
            Assert.Contains(narratives, n => n.Side == PositionSide.Balance && n.Narrative == account.Narrative && n.AmountInBase == Rounded(account.BookedBalance));
        }
        var greenBalance = green.Accounts.Sum(a => a.BookedBalance);
        var greenDebt = green.Products.Where(p => p.IsActive).Sum(p => p.Outstanding);
        Assert.Equal(Rounded(greenBalance), position.Green.GreenBalance);
        Assert.Equal(Rounded(greenDebt), position.Green.GreenDebt);
        AssertClose(greenBalance / position.TotalBalance, position.Green.BalanceShare!.Value, 0.0002m, "green balance share");
        AssertClose(greenDebt / position.TotalDebt, position.Green.DebtShare!.Value, 0.0002m, "green debt share");
        Assert.False(string.IsNullOrWhiteSpace(position.Green.Method));
        // Only Green Bank's products carry one: Donau Bank's loans are not green.
        Assert.All(position.Loans, l => Assert.Equal(l.Bank == "Green Bank", l.GreenNarrative is not null));
    }

    [Fact]
    public async Task Freshness_lists_both_banks_as_of_their_first_sync_and_the_connections_agree()
    {
        var linked = Linked;
        var position = await linked.PositionFromApiAsync();
        var states = await linked.Store.Collection(OpenFinanceCollections.SyncStates).FindAsync(TwoBanksFixture.Grace.UserId, cancellationToken: Cancel);

        Assert.Equal(["Leafy Bank", "Donau Bank", "Green Bank"], position.Freshness.Select(f => f.Bank));
        Assert.True(position.Freshness[0].Internal);
        foreach (var (bankId, name) in new[] { ("donaubank", "Donau Bank"), ("greenbank", "Green Bank") })
        {
            var state = Assert.Single(states, s => s.Bank == bankId);
            var row = Assert.Single(position.Freshness, f => f.Bank == name);
            Assert.NotNull(row.LastSyncedAt);
            Assert.Equal(state.LastSuccessAt!.Value, row.LastSyncedAt!.Value, TimeSpan.FromMilliseconds(1));
            Assert.Null(row.LastError);
            Assert.InRange(row.LastSyncedAt.Value, linked.StartedAt, linked.Now);
        }

        using var api = linked.ApiClient(linked.GraceToken);
        var connections = await GetJsonAsync(api, "/api/v1/connections");
        Assert.Equal(["donaubank", "greenbank"], connections["items"]!.AsArray().Select(c => c!["bank"]!.GetValue<string>()).Order());
        Assert.All(connections["items"]!.AsArray(), c =>
        {
            Assert.Equal("Active", c!["status"]!.GetValue<string>());
            Assert.NotNull(c["lastSyncedAt"]);
        });
    }

    [Fact]
    public async Task The_transactions_api_pages_through_exactly_the_synced_transactions_newest_first()
    {
        var linked = Linked;
        var stored = await linked.Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(TwoBanksFixture.Grace.UserId, cancellationToken: Cancel);
        Assert.Contains(stored, t => t.TransactionBank == "Green Bank");
        Assert.Contains(stored, t => t.TransactionBank == "Donau Bank");
        Assert.Contains(stored, t => t.BookingStatus == BookingStatuses.Pending);
        using var api = linked.ApiClient(linked.GraceToken);

        const int PageSize = 200;
        var seen = new List<JsonNode>();
        string? next = $"/api/v1/transactions?pageSize={PageSize}";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJsonAsync(api, next);
            pages++;
            Assert.Equal(stored.Count, page["total"]!.GetValue<long>());
            seen.AddRange(page["items"]!.AsArray().Select(item => item!));
            next = page["links"]!["next"]?.GetValue<string>();
            Assert.True(pages <= stored.Count / PageSize + 1, "links.next ends");
        }
        Assert.Equal((stored.Count + PageSize - 1) / PageSize, pages);
        Assert.True(pages > 1, $"{stored.Count} transactions fill more than one page of {PageSize}");
        Assert.Equal(
            stored.Select(t => $"{t.TransactionBank}|{t.TransactionId}").Order(StringComparer.Ordinal),
            seen.Select(t => $"{t["bank"]!.GetValue<string>()}|{t["transactionId"]!.GetValue<string>()}").Order(StringComparer.Ordinal));
        var dates = seen.Select(t => t["bookingDate"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
        Assert.Equal(stored.Count(t => t.BookingStatus == BookingStatuses.Pending), seen.Count(t => t["status"]!.GetValue<string>() == BookingStatuses.Pending));

        // Filters reach the same documents: one bank's, and the pending ones.
        var donau = await GetJsonAsync(api, "/api/v1/transactions?bank=Donau%20Bank&pageSize=1");
        Assert.Equal(stored.Count(t => t.TransactionBank == "Donau Bank"), donau["total"]!.GetValue<long>());
        var pending = await GetJsonAsync(api, "/api/v1/transactions?status=pending&pageSize=1");
        Assert.Equal(stored.Count(t => t.BookingStatus == BookingStatuses.Pending), pending["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Another_customers_token_sees_none_of_graces_banks()
    {
        var linked = Linked;
        using var frida = linked.ApiClient(linked.FridaToken);

        var position = (await GetJsonAsync(frida, "/api/v1/position")).Deserialize<GlobalPosition>(Web)!;
        Assert.Equal("fridaklo", position.UserName);
        Assert.Equal(["Leafy Bank"], position.ByInstitution.Select(i => i.Bank));
        Assert.Empty(position.Loans);
        Assert.Empty(position.Green.Narratives);
        Assert.All(position.Freshness, f => Assert.True(f.Internal));

        Assert.Equal(0, (await GetJsonAsync(frida, "/api/v1/transactions"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await GetJsonAsync(frida, "/api/v1/products"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await GetJsonAsync(frida, "/api/v1/connections"))["total"]!.GetValue<long>());
        var accounts = await GetJsonAsync(frida, "/api/v1/accounts");
        Assert.All(accounts["items"]!.AsArray(), a => Assert.True(a!["internal"]!.GetValue<bool>()));

        // Grace's linked account ids are unknown to Frida, not forbidden.
        var graceAccount = (await linked.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(TwoBanksFixture.Grace.UserId, cancellationToken: Cancel))[0];
        using var probe = await frida.GetAsync($"/api/v1/accounts/{graceAccount.Id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        using var graceTransactions = await frida.GetAsync($"/api/v1/transactions?bank=Green%20Bank&accountId={Uri.EscapeDataString(graceAccount.AccountId)}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, graceTransactions.StatusCode);
    }
}

/// <summary>
/// The app on a real port with its own exchange-rate table, Grace signed in with a cookie, Green
/// Bank and Donau Bank linked through the consent flow and synced once, and API tokens for Grace
/// and Frida. Built once per test class: connecting is the slow part.
/// </summary>
public abstract class TwoBanksFixture : IAsyncLifetime
{
    public static readonly PartyReference Grace = new() { UserId = MongoDB.Bson.ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };

    /// <summary>The configured table: deliberately not the built-in rates, so a test sees which table was used.</summary>
    public const decimal EurInUsd = 1.1111m;
    public const decimal GbpInUsd = 1.2525m;
    public static readonly DateOnly RatesAsOf = new(2026, 1, 15);

    /// <summary>How the API writes JSON (web defaults, enums as names).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly string[] LinkedBanks = ["greenbank", "donaubank"];

    private readonly Dictionary<string, string> settings;
    private LeafyBankWebFactory? factory;

    protected TwoBanksFixture(Dictionary<string, string>? storeSettings = null)
    {
        settings = new Dictionary<string, string>(storeSettings ?? [])
        {
            ["LeafyBank:ExchangeRates:ReferenceCurrency"] = "USD",
            ["LeafyBank:ExchangeRates:AsOf"] = RatesAsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["LeafyBank:ExchangeRates:Rates:EUR"] = EurInUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LeafyBank:ExchangeRates:Rates:GBP"] = GbpInUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Null when the engine is available; otherwise why the tests are skipped.</summary>
    public virtual string? SkipReason => null;

    public Uri BaseAddress { get; private set; } = null!;
    public SignInDriver Browser { get; private set; } = null!;
    public string GraceToken { get; private set; } = "";
    public string FridaToken { get; private set; } = "";
    public DateTime StartedAt { get; private set; }

    /// <summary>The app's "now" (the suite's instant, running).</summary>
    public DateTime Now => factory!.Clock.GetUtcNow().UtcDateTime;

    /// <summary>Grace's books at each linked bank, read from the sandbox right after her first sync.</summary>
    public IReadOnlyDictionary<string, SandboxCustomerData> Books { get; private set; } = new Dictionary<string, SandboxCustomerData>();

    public IDocumentStore Store => Service<IDocumentStore>();

    public T Service<T>() where T : notnull => factory!.Services.GetRequiredService<T>();

    /// <summary>What one unit of a currency is worth in USD under the configured table.</summary>
    public static decimal UsdValueOf(string currency) => currency switch
    {
        "USD" => 1m,
        "EUR" => EurInUsd,
        "GBP" => GbpInUsd,
        _ => throw new ArgumentOutOfRangeException(nameof(currency), currency, "not in the test's rate table"),
    };

    public HttpClient ApiClient(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<GlobalPosition> PositionFromApiAsync()
    {
        using var api = ApiClient(GraceToken);
        using var response = await api.GetAsync("/api/v1/position", Xunit.TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<GlobalPosition>(body, Json)!;
    }

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }
        // Grace's books must show pending payments (the API's pending filter is checked on them).
        factory = LeafyBankWebFactory.With(settings, SandboxInstants.FirstWithPending(TestTime.Now, TimeSpan.FromMinutes(30), ("greenbank", "grace"), ("donaubank", "grace")));
        StartedAt = factory.Clock.GetUtcNow().UtcDateTime;
        BaseAddress = factory.Start();

        Browser = new SignInDriver(factory, BaseAddress);
        Assert.Equal("/dashboard", await Browser.SignInAsync(Grace.UserName));
        var grace = await factory.CustomerAsync(Grace.UserName);
        Assert.Equal(Grace.UserId, grace.UserId);

        var books = new Dictionary<string, SandboxCustomerData>();
        foreach (var bankId in LinkedBanks)
        {
            // As the Connect page does, with the bank's redirect landing in Grace's signed-in browser.
            var (start, result) = await factory.LinkBankAsync(Browser, grace, bankId, bankCustomer: "grace");
            Assert.Equal("connected", QueryHelpers.ParseQuery(result.Query)["outcome"].ToString());

            // The first sync, which the callback started in the background.
            var firstSync = await factory.FirstSyncAsync(grace.UserId, bankId, start.ConsentId);
            Assert.True(firstSync.Outcome == AuditOutcomes.Succeeded, firstSync.Message);
            books[bankId] = Service<SandboxBankData>().Customer(SandboxBankCatalog.Find(bankId)!, "grace")!;
        }
        Books = books;

        var tokens = new ApiTokenDriver(factory);
        GraceToken = await tokens.AccessTokenAsync(Grace.UserName);
        FridaToken = await tokens.AccessTokenAsync("fridaklo");
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (factory is not null)
        {
            Browser?.Dispose();
            await factory.DisposeAsync();
        }
    }
}

public sealed class EmbeddedTwoBanksFixture : TwoBanksFixture;

/// <summary>The same on MongoDB when <c>LEAFYBANK_TEST_MONGODB_URI</c> names a server (a fresh database per class).</summary>
public sealed class MongoTwoBanksFixture() : TwoBanksFixture(Settings())
{
    private static readonly string? Uri = Environment.GetEnvironmentVariable(MongoStoreFixture.UriVariable);

    public override string? SkipReason =>
        string.IsNullOrWhiteSpace(Uri) ? $"The MongoDB two-bank journey needs {MongoStoreFixture.UriVariable}." : null;

    private static Dictionary<string, string> Settings() => string.IsNullOrWhiteSpace(Uri)
        ? []
        : MongoStoreFixture.AppSettings(Uri, "lb_2banks_");
}

public sealed class EmbeddedTwoBanksPositionTests(EmbeddedTwoBanksFixture fixture) : TwoBanksPositionTests<EmbeddedTwoBanksFixture>(fixture);

public sealed class MongoTwoBanksPositionTests(MongoTwoBanksFixture fixture) : TwoBanksPositionTests<MongoTwoBanksFixture>(fixture);
