namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>The banks' books: the same on every run, different per customer, moving with the clock.</summary>
public sealed class SandboxBankDataTests
{
    private static readonly string[] CustomerIds = ["frida", "grace", "ada", "claude"];

    private static SandboxBankData BooksAt(DateTimeOffset now) => new(new FakeTimeProvider(now));

    private static string Snapshot(SandboxBankData books, SandboxBank bank, string customerId)
    {
        var data = books.Customer(bank, customerId)!;
        var transactions = data.Accounts.Select(a => books.Transactions(bank, customerId, a.Id)).ToList();
        return JsonSerializer.Serialize(new { data.Accounts, data.Products, transactions });
    }

    [Fact]
    public void The_same_bank_and_customer_give_the_same_books_in_separate_instances()
    {
        foreach (var bank in SandboxBankCatalog.All)
        {
            foreach (var customerId in CustomerIds)
            {
                Assert.Equal(Snapshot(BooksAt(DialectTestHost.Start), bank, customerId), Snapshot(BooksAt(DialectTestHost.Start), bank, customerId));
            }
        }
    }

    [Fact]
    public void Every_customer_has_their_own_accounts_at_every_bank()
    {
        var books = BooksAt(DialectTestHost.Start);
        foreach (var bank in SandboxBankCatalog.All)
        {
            var idSets = CustomerIds.Select(c => string.Join(",", books.Customer(bank, c)!.Accounts.Select(a => a.Id))).ToList();
            Assert.Equal(CustomerIds.Length, idSets.Distinct().Count());
            var balances = CustomerIds.Select(c => books.Customer(bank, c)!.Accounts[0].BookedBalance).ToList();
            Assert.Equal(CustomerIds.Length, balances.Distinct().Count());
        }
    }

    [Fact]
    public void Everyone_has_checking_and_savings_in_the_banks_home_currency_and_some_hold_dollars_in_Vienna()
    {
        var books = BooksAt(DialectTestHost.Start);
        foreach (var bank in SandboxBankCatalog.All)
        {
            foreach (var customerId in CustomerIds)
            {
                var accounts = books.Customer(bank, customerId)!.Accounts;
                Assert.Contains(accounts, a => a.Kind == SandboxAccountKind.Checking && a.Currency == bank.HomeCurrency);
                Assert.Contains(accounts, a => a.Kind == SandboxAccountKind.Savings && a.Currency == bank.HomeCurrency);
            }
        }
        Assert.Equal(["USD", "USD", "EUR", "GBP"], SandboxBankCatalog.All.Select(b => b.HomeCurrency));
        var donau = DialectTestHost.Bank("donaubank");
        var dollarHolders = CustomerIds.Where(c => books.Customer(donau, c)!.Accounts.Any(a => a.Currency == "USD")).ToList();
        Assert.NotEmpty(dollarHolders);
        Assert.NotEqual(CustomerIds.Length, dollarHolders.Count);
    }

    [Fact]
    public void Grace_pays_one_rent_a_month_from_Green_Bank_not_one_at_each_of_her_banks()
    {
        var books = BooksAt(DialectTestHost.Start);

        var rents = SandboxBankCatalog.All
            .SelectMany(bank => books.Customer(bank, "grace")!.Accounts
                .SelectMany(account => books.Transactions(bank, "grace", account.Id))
                .Where(t => t.Category == SandboxCategories.Rent)
                .Select(t => (Bank: bank.Id, Month: (t.TransactedAt.Year, t.TransactedAt.Month), t.Amount)))
            .ToList();

        Assert.NotEmpty(rents);
        Assert.All(rents, rent => Assert.Equal("greenbank", rent.Bank));
        Assert.All(rents.GroupBy(rent => rent.Month), month => Assert.Single(month));
        // Her pay and her other bills are where they were.
        var donau = DialectTestHost.Bank("donaubank");
        var everyday = books.Transactions(donau, "grace", books.Customer(donau, "grace")!.Accounts[0].Id);
        Assert.Contains(everyday, t => t.Category == SandboxCategories.Salary && t.Amount > 0);
        Assert.Contains(everyday, t => t.Category == SandboxCategories.Utilities && t.Amount < 0);
    }

    [Fact]
    public void History_reaches_back_at_least_90_days_and_never_past_now()
    {
        var books = BooksAt(DialectTestHost.Start);
        var bank = DialectTestHost.Bank("thamesbank");
        var checking = books.Customer(bank, "ada")!.Accounts[0];
        var transactions = books.Transactions(bank, "ada", checking.Id);

        Assert.True(transactions.Count > 150, $"only {transactions.Count} transactions");
        Assert.True(DialectTestHost.Start - transactions.Min(t => t.TransactedAt) >= TimeSpan.FromDays(90));
        Assert.All(transactions, t => Assert.True(t.TransactedAt <= DialectTestHost.Start));
        Assert.All(transactions, t => Assert.Equal("GBP", t.Currency));
        Assert.Contains(transactions, t => t.Category == SandboxCategories.Salary && t.Amount > 0);
        Assert.Contains(transactions, t => t.Category == SandboxCategories.Rent && t.Amount < 0);
        Assert.Contains(transactions, t => t.Category == SandboxCategories.Groceries && t.Counterparty is "Tesco" or "Sainsbury's" or "Waitrose" or "Marks & Spencer Food");
        Assert.Equal(transactions.Count, transactions.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void The_last_two_days_are_pending_and_older_payments_booked()
    {
        var books = BooksAt(DialectTestHost.Start);
        var bank = DialectTestHost.Bank("greenbank");
        var checking = books.Customer(bank, "frida")!.Accounts[0];
        var transactions = books.Transactions(bank, "frida", checking.Id);
        var today = DateOnly.FromDateTime(DialectTestHost.Start.UtcDateTime);

        Assert.Contains(transactions, t => t.IsPending);
        Assert.All(transactions, t =>
            Assert.Equal(today.DayNumber - DateOnly.FromDateTime(t.TransactedAt.UtcDateTime).DayNumber < SandboxBankData.PendingDays, t.IsPending));
        Assert.All(transactions.Where(t => !t.IsPending), t => Assert.True(t.BookingDate <= today));
    }

    [Fact]
    public void A_pending_payment_is_booked_under_a_new_id_once_it_is_older_than_two_days()
    {
        var clock = new FakeTimeProvider(DialectTestHost.Start);
        var books = new SandboxBankData(clock);
        var bank = DialectTestHost.Bank("donaubank");
        var checking = books.Customer(bank, "claude")!.Accounts[0];
        var pending = books.Transactions(bank, "claude", checking.Id).Where(t => t.IsPending).ToList();
        Assert.NotEmpty(pending);

        clock.Advance(TimeSpan.FromDays(3));
        var later = books.Transactions(bank, "claude", checking.Id);

        foreach (var payment in pending)
        {
            Assert.DoesNotContain(later, t => t.Id == payment.Id);
            var booked = Assert.Single(later, t => t.TransactedAt == payment.TransactedAt && t.Amount == payment.Amount && t.Counterparty == payment.Counterparty);
            Assert.False(booked.IsPending);
            Assert.NotEqual(payment.Id, booked.Id);
            Assert.Equal(payment.AccountId, booked.AccountId);
        }
    }

    [Fact]
    public void Green_and_MongoDB_banks_use_the_reference_demos_narratives()
    {
        var books = BooksAt(DialectTestHost.Start);
        var green = books.Customer(DialectTestHost.Bank("greenbank"), "grace")!;
        var mongo = books.Customer(DialectTestHost.Bank("mongodbbank"), "grace")!;
        var donau = books.Customer(DialectTestHost.Bank("donaubank"), "grace")!;

        Assert.Equal("Savings account focusing on sustainable banking at Green Bank", green.Accounts.Single(a => a.Kind == SandboxAccountKind.Savings).Narrative);
        Assert.Equal("Checking account powered by MongoDB at MongoDB Bank", mongo.Accounts.First(a => a.Kind == SandboxAccountKind.Checking).Narrative);
        Assert.All(green.Products, p => Assert.Equal($"{p.Kind} tailored for sustainability at Green Bank", p.Narrative));
        Assert.All(mongo.Products, p => Assert.Equal($"{p.Kind} product offered by MongoDB Bank with MongoDB's excellence", p.Narrative));
        Assert.All(donau.Accounts, a => Assert.Null(a.Narrative));
    }

    [Fact]
    public void Loans_and_mortgages_carry_rate_term_opening_date_and_what_is_still_owed()
    {
        var books = BooksAt(DialectTestHost.Start);
        var products = SandboxBankCatalog.All.SelectMany(bank => CustomerIds.SelectMany(c => books.Customer(bank, c)!.Products)).ToList();

        Assert.Contains(products, p => p.Kind == SandboxProductKind.Loan);
        Assert.Contains(products, p => p.Kind == SandboxProductKind.Mortgage);
        Assert.All(products, p =>
        {
            Assert.InRange(p.InterestRate, 2m, 9m);
            Assert.True(p.TermMonths >= 48);
            Assert.True(p.Outstanding <= p.OriginalAmount);
            Assert.True(p.OpenedOn < DateOnly.FromDateTime(DialectTestHost.Start.UtcDateTime));
            Assert.Equal(p.Kind == SandboxProductKind.Mortgage, p.PropertyValue is not null);
        });
        Assert.All(CustomerIds, c => Assert.Contains(books.Customer(DialectTestHost.Bank("thamesbank"), c)!.Products, p => p.Kind == SandboxProductKind.Mortgage));
    }

    [Fact]
    public void The_registered_account_directory_lists_accounts_and_products_and_nothing_for_strangers()
    {
        using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(DialectTestHost.Start))
            .AddSandboxBankData()
            .BuildServiceProvider();
        var directory = services.GetRequiredService<ISandboxAccountDirectory>();
        var books = services.GetRequiredService<SandboxBankData>();
        var bank = DialectTestHost.Bank("thamesbank");
        var data = books.Customer(bank, "frida")!;

        var listed = directory.AccountsOf(bank, "frida");

        Assert.Equal(data.Accounts.Select(a => a.Id).Concat(data.Products.Select(p => p.Id)), listed.Select(a => a.Id));
        Assert.All(listed, a => Assert.Contains("(GBP) ···", a.Name));
        Assert.Empty(directory.AccountsOf(bank, "mallory"));
    }
}
