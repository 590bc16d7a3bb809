using LeafyBank.Tests.Sandbox.Dialects;

namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// Sandbox bank (TestServer, injected access) → Leafy Bank's connector, resolved through
/// AddBankConnectors and the registry → unified documents. The mapped values must be the bank's books.
/// </summary>
public sealed class ConnectorRoundTripTests : IAsyncLifetime
{
    private static readonly PartyReference Owner = new() { UserName = "fridaklo", UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e") };

    private DialectTestHost host = null!;
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        host = await DialectTestHost.StartAsync();
        services = new ServiceCollection()
            .AddSingleton<TimeProvider>(host.Clock)
            .AddBankConnectors()
            .ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(host.CreateHandler))
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await host.DisposeAsync();
    }

    /// <summary>The bank's connector as the sync picks it: the registered one that speaks the bank's dialect.</summary>
    private IBankConnector ConnectorFor(BankDirectoryEntry entry) => services.GetServices<IBankConnector>().Single(c => c.Dialect == entry.Dialect);

    public static TheoryData<string> BankIds => new() { "greenbank", "mongodbbank", "donaubank", "thamesbank" };

    private static BankDirectoryEntry Entry(string bankId)
    {
        var bank = DialectTestHost.Bank(bankId);
        var accountsPath = bank.Dialect switch
        {
            BankDialects.BerlinGroup => "v1/accounts",
            BankDialects.UkOpenBanking => "open-banking/v3.1/aisp/accounts",
            _ => "api/accounts",
        };
        return new BankDirectoryEntry(bank.Id, bank.Name, bank.Dialect,
            new Uri($"http://localhost/sandbox/{bank.Id}"), new Uri($"http://localhost/sandbox/{bank.Id}/{accountsPath}"));
    }

    private async Task<BankSnapshot> FetchAsync(string bankId, string customerId, params string[] permissions)
    {
        var access = host.Grant(bankId, customerId, permissions);
        var entry = Entry(bankId);
        var connector = ConnectorFor(entry);
        var request = new BankFetchRequest(entry, BankAccessToken.Bearer("test-access-token"), access.ConsentId, Owner, access.Permissions, TransactionsSince: null, Unattended: true);
        return await connector.FetchAsync(request, TestContext.Current.CancellationToken);
    }

    private int SandboxTransactionCount(string bankId, string customerId)
    {
        var bank = DialectTestHost.Bank(bankId);
        return host.Books.Customer(bank, customerId)!.Accounts.Sum(a => host.Books.Transactions(bank, customerId, a.Id).Count);
    }

    private string CustomerWith(string bankId, SandboxProductKind kind) =>
        SandboxBankData.Customers.Select(c => c.Id)
            .First(c => host.Books.Customer(DialectTestHost.Bank(bankId), c)!.Products.Any(p => p.Kind == kind));

    [Theory]
    [MemberData(nameof(BankIds))]
    public async Task Every_dialect_maps_every_account_balance_and_transaction_with_owner_bank_and_source(string bankId)
    {
        var bank = DialectTestHost.Bank(bankId);
        var books = host.Books.Customer(bank, "frida")!;

        var snapshot = await FetchAsync(bankId, "frida");

        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, snapshot.RetrievedAt);
        Assert.Equal(books.Accounts.Count, snapshot.Accounts.Count);
        foreach (var expected in books.Accounts)
        {
            var account = Assert.Single(snapshot.Accounts, a => a.AccountId == expected.Id);
            Assert.Equal(bank.Name, account.AccountBank);
            Assert.Equal(expected.Kind.ToString(), account.AccountType);
            Assert.Equal(expected.BookedBalance, account.AccountBalance);
            Assert.Equal(expected.Currency, account.AccountCurrency);
            Assert.Equal(AccountStatuses.Active, account.AccountStatus);
            Assert.Equal(expected.OpenedOn, DateOnly.FromDateTime(account.AccountDate.OpeningDate));
            Assert.Equal(DateTimeKind.Utc, account.AccountDate.OpeningDate.Kind);
            Assert.Equal(Owner.UserId, account.AccountUser.UserId);
            Assert.Equal(DataOrigins.BankApi, account.Source!.Origin);
            Assert.Equal($"consent-{bankId}-frida", account.Source.ConsentId);
        }
        Assert.Equal(books.Products.Count, snapshot.Products.Count);
        Assert.Equal(SandboxTransactionCount(bankId, "frida"), snapshot.Transactions.Count);
        Assert.Contains(snapshot.Transactions, t => t.BookingStatus == BookingStatuses.Pending);
        Assert.Contains(snapshot.Transactions, t => t.BookingStatus == BookingStatuses.Booked);
        Assert.Contains(snapshot.Transactions, t => t.Category == "Salary" && t.Amount > 0);
        Assert.Contains(snapshot.Transactions, t => t.Category == "Rent" && t.Amount < 0);
        Assert.All(snapshot.Transactions, t => Assert.Equal(DateTimeKind.Utc, t.BookingDate.Kind));
        Assert.All(snapshot.Transactions.Where(t => t.BookingStatus == BookingStatuses.Pending), t => Assert.Equal(t.ValueDate!.Value.Date, t.BookingDate.Date));
    }

    [Theory]
    [MemberData(nameof(BankIds))]
    public async Task Every_dialect_maps_loans_and_mortgages_with_their_status_amounts_rates_and_months(string bankId)
    {
        var bank = DialectTestHost.Bank(bankId);
        var books = host.Books.Customer(bank, "claude")!;

        var snapshot = await FetchAsync(bankId, "claude");

        foreach (var expected in books.Products)
        {
            var product = Assert.Single(snapshot.Products, p => p.ProductId == expected.Id);
            Assert.Equal(expected.Kind.ToString(), product.ProductType);
            Assert.Equal(expected.Outstanding, product.ProductAmount);
            // A loan repaid by the run's instant is closed with nothing owed; a running one owes something.
            Assert.Equal(expected.IsActive ? ProductStatuses.Active : ProductStatuses.Closed, product.ProductStatus);
            Assert.Equal(expected.IsActive, product.ProductAmount > 0);
            Assert.Equal(expected.InterestRate, product.ProductInterestRate);
            Assert.Equal(expected.TermMonths, product.RepaymentPeriod);
            Assert.Equal(expected.Currency, product.ProductCurrency);
            Assert.Equal(bank.Name, product.ProductBank);
            Assert.Equal(expected.OpenedOn, DateOnly.FromDateTime(product.ProductDate.OpeningDate));
            Assert.DoesNotContain(snapshot.Accounts, a => a.AccountId == expected.Id);
        }
    }

    [Fact]
    public async Task Thames_Bank_mortgage_becomes_a_Mortgage_product_with_positive_debt_and_months()
    {
        var customerId = CustomerWith("thamesbank", SandboxProductKind.Mortgage);
        var mortgage = host.Books.Customer(DialectTestHost.Bank("thamesbank"), customerId)!.Products.First(p => p.Kind == SandboxProductKind.Mortgage);

        var snapshot = await FetchAsync("thamesbank", customerId);

        var product = Assert.Single(snapshot.Products, p => p.ProductId == mortgage.Id);
        Assert.Equal(ProductTypes.Mortgage, product.ProductType);
        Assert.True(product.ProductAmount > 0);
        Assert.Equal(mortgage.TermMonths, product.RepaymentPeriod);
        Assert.Equal($"Property at {mortgage.PropertyAddress}", product.LoanCollateral);
        Assert.Equal("GBP", product.ProductCurrency);
        Assert.All(snapshot.Transactions.Where(t => t.Category == "Groceries"), t => Assert.True(t.Amount < 0));
    }

    [Fact]
    public async Task Donau_Bank_LOAN_account_becomes_a_product_and_the_dollar_account_stays_in_dollars()
    {
        var snapshot = await FetchAsync("donaubank", "grace");

        var loan = Assert.Single(snapshot.Products, p => p.ProductType == ProductTypes.Loan);
        Assert.Equal("None", loan.LoanCollateral);
        Assert.Equal("EUR", loan.ProductCurrency);
        Assert.StartsWith("AT", loan.BankExtras!["iban"].AsString);
        Assert.Contains(snapshot.Accounts, a => a.AccountCurrency == "USD");
        Assert.Contains(snapshot.Transactions, t => t.Currency == "USD");
        Assert.DoesNotContain(snapshot.Accounts, a => a.AccountId == loan.ProductId);
    }

    [Fact]
    public async Task MongoDB_Bank_mortgage_amortization_years_become_repayment_months_and_the_narrative_is_kept()
    {
        var customerId = CustomerWith("mongodbbank", SandboxProductKind.Mortgage);
        var mortgage = host.Books.Customer(DialectTestHost.Bank("mongodbbank"), customerId)!.Products.First(p => p.Kind == SandboxProductKind.Mortgage);

        var snapshot = await FetchAsync("mongodbbank", customerId);

        var product = Assert.Single(snapshot.Products, p => p.ProductId == mortgage.Id);
        Assert.Equal(mortgage.TermMonths / 12, product.BankExtras!["AmortizationPeriod"].AsInt32);
        Assert.Equal(mortgage.TermMonths, product.RepaymentPeriod);
        Assert.Equal("Mortgage product offered by MongoDB Bank with MongoDB's excellence", product.BankExtras["MDBProductNarrative"].AsString);
        Assert.Null(product.GreenProductNarrative);
    }

    [Fact]
    public async Task Green_Bank_narratives_land_in_the_unified_green_fields()
    {
        var snapshot = await FetchAsync("greenbank", "ada");

        Assert.All(snapshot.Accounts, a => Assert.EndsWith("focusing on sustainable banking at Green Bank", a.GreenAccountNarrative));
        Assert.All(snapshot.Products, p => Assert.EndsWith("tailored for sustainability at Green Bank", p.GreenProductNarrative));
    }

    [Theory]
    [MemberData(nameof(BankIds))]
    public async Task Only_what_the_consent_grants_is_fetched(string bankId)
    {
        var snapshot = await FetchAsync(bankId, "grace", BankPermissions.Accounts);

        Assert.NotEmpty(snapshot.Accounts);
        Assert.Empty(snapshot.Products);
        Assert.Empty(snapshot.Transactions);
        Assert.All(snapshot.Accounts, a => Assert.False(a.BankExtras!["BalanceShared"].AsBoolean));
    }

    [Theory]
    [MemberData(nameof(BankIds))]
    public async Task Pending_transactions_booked_later_under_new_ids_are_matched_to_their_pending_copies(string bankId)
    {
        var before = await FetchAsync(bankId, "frida");
        var pending = before.Transactions.Where(t => t.BookingStatus == BookingStatuses.Pending).ToList();
        Assert.NotEmpty(pending);

        host.Clock.Advance(TimeSpan.FromDays(3));
        var after = await FetchAsync(bankId, "frida");
        var replaced = PendingTransactionMatcher.LinkBooked(pending, after.Transactions);

        Assert.Equal(pending.Select(t => t.TransactionId).Order(), replaced.Select(t => t.TransactionId).Order());
        foreach (var old in pending)
        {
            var booked = Assert.Single(after.Transactions, t => t.PendingTransactionId == old.TransactionId);
            Assert.NotEqual(old.TransactionId, booked.TransactionId);
            Assert.Equal(BookingStatuses.Booked, booked.BookingStatus);
            Assert.Equal(old.Amount, booked.Amount);
            Assert.Equal(old.AccountId, booked.AccountId);
        }
    }

    [Fact]
    public async Task An_incremental_fetch_asks_only_for_recent_transactions()
    {
        var access = host.Grant("thamesbank", "frida");
        var entry = Entry("thamesbank");
        var since = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).AddDays(-10);
        var request = new BankFetchRequest(entry, BankAccessToken.Bearer("test-access-token"), access.ConsentId, Owner, access.Permissions, since, Unattended: true);

        var snapshot = await ConnectorFor(entry).FetchAsync(request, TestContext.Current.CancellationToken);

        Assert.NotEmpty(snapshot.Transactions);
        // Booked on or after the date (a pending line books on the day it was made): a payment made the
        // day before and booked since is in (uk-ob-3.1.11-account-info.json, FromBookingDateTimeParam).
        Assert.All(snapshot.Transactions, t => Assert.True(DateOnly.FromDateTime(t.BookingDate) >= since));
    }
}
