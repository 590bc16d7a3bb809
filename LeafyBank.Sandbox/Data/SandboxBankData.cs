using System.Globalization;
using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Data;

/// <summary>
/// The banks' books: accounts, loans, mortgages and transactions for every sandbox customer,
/// generated from a stable hash of (bank, customer) so every run shows the same data, and moved
/// forward by the injected clock: payments appear up to "now", the last <see cref="PendingDays"/>
/// days are pending, and an older payment is booked under a new id.
/// </summary>
public sealed class SandboxBankData(TimeProvider timeProvider) : ISandboxAccountDirectory
{
    /// <summary>How far back the transaction history reaches.</summary>
    public const int HistoryDays = 120;

    /// <summary>Payments younger than this are pending; older ones are booked.</summary>
    public const int PendingDays = 2;

    public static readonly IReadOnlyList<SandboxCustomer> Customers =
    [
        new("frida", "Frida Kahlo"),
        new("grace", "Grace Hopper"),
        new("ada", "Ada Lovelace"),
        new("claude", "Claude Monet"),
    ];

    // Opening dates count back from a fixed day, so they never move as the clock does.
    private static readonly DateOnly OpeningAnchor = new(2025, 6, 1);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>The customer's accounts and products at this bank, or null for someone the bank does not know.</summary>
    public SandboxCustomerData? Customer(SandboxBank bank, string customerId)
    {
        var customer = Customers.FirstOrDefault(c => c.Id == customerId);
        if (customer is null)
        {
            return null;
        }

        var random = new Random(StableSeed.Of(bank.Id, customer.Id));
        var ids = new BankIdentifiers(bank, random);
        var accounts = new List<SandboxAccount>
        {
            NewAccount(bank, ids, random, SandboxAccountKind.Checking, bank.HomeCurrency),
            NewAccount(bank, ids, random, SandboxAccountKind.Savings, bank.HomeCurrency),
        };
        // Grace (American) and Claude (who sells in New York) keep a dollar account in Vienna.
        if (bank.Dialect == SandboxDialects.BerlinGroup && customer.Id is "grace" or "claude")
        {
            accounts.Add(NewAccount(bank, ids, random, SandboxAccountKind.Checking, "USD"));
        }

        var products = new List<SandboxProduct>();
        foreach (var kind in ProductKindsAt(bank, random))
        {
            products.Add(NewProduct(bank, ids, random, kind));
        }
        return new SandboxCustomerData(customer, accounts, products);
    }

    public IReadOnlyList<SandboxAccountSummary> AccountsOf(SandboxBank bank, string customerId)
    {
        if (Customer(bank, customerId) is not { } data)
        {
            return [];
        }
        return
        [
            .. data.Accounts.Select(a => new SandboxAccountSummary(a.Id, $"{a.Name} ({a.Currency}) ···{Last4(a.Identification)}", SandboxAccountTypes.Of(a.Kind))),
            .. data.Products.Select(p => new SandboxAccountSummary(p.Id, $"{p.Name} ({p.Currency}) ···{Last4(p.Identification)}", SandboxAccountTypes.Loan)),
        ];
    }

    /// <summary>
    /// The account's transactions made on or after <paramref name="from"/> (default: the whole
    /// history window), newest first.
    /// </summary>
    public IReadOnlyList<SandboxTransaction> Transactions(SandboxBank bank, string customerId, string accountId, DateOnly? from = null)
    {
        if (Customer(bank, customerId) is not { } data || data.Account(accountId) is not { } account)
        {
            return [];
        }

        var now = Now;
        var today = Today;
        var first = Max(Max(today.AddDays(-HistoryDays), account.OpenedOn), from ?? DateOnly.MinValue);
        var transactions = new List<SandboxTransaction>();
        for (var day = today; day >= first; day = day.AddDays(-1))
        {
            var pending = today.DayNumber - day.DayNumber < PendingDays;
            var payments = PaymentsOn(bank, data, account, day);
            for (var index = 0; index < payments.Count; index++)
            {
                var payment = payments[index];
                var at = new DateTimeOffset(day.ToDateTime(payment.Time), TimeSpan.Zero);
                if (at > now)
                {
                    continue;
                }
                // The booked copy gets a fresh id, as real banks do: the connector has to match them.
                var id = StableSeed.Hex(20, bank.Id, customerId, account.Id, day.DayNumber, index, pending ? "pending" : "booked");
                DateOnly? bookingDate = pending ? null : Min(day.AddDays(PendingDays), today);
                transactions.Add(new SandboxTransaction(id, account.Id, at, bookingDate, payment.Amount, account.Currency,
                    payment.Description, payment.Counterparty, payment.Category));
            }
        }
        return [.. transactions.OrderByDescending(t => t.TransactedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }

    private sealed record Payment(TimeOnly Time, decimal Amount, string Counterparty, string Category, string Description);

    private static List<Payment> PaymentsOn(SandboxBank bank, SandboxCustomerData data, SandboxAccount account, DateOnly day)
    {
        var random = new Random(StableSeed.Of(bank.Id, data.Customer.Id, account.Id, day.DayNumber));
        var merchants = Merchants.For(account.Currency);
        var payments = new List<Payment>();
        var month = day.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var isHomeChecking = account.Kind == SandboxAccountKind.Checking && account.Currency == bank.HomeCurrency;

        if (account.Kind == SandboxAccountKind.Savings)
        {
            if (day.Day == 26)
            {
                payments.Add(new(new(9, 0), MonthlySaving(bank, data, day), "Own account", SandboxCategories.Transfer, $"Transfer from checking {month}"));
            }
            if (day.AddDays(1).Day == 1)
            {
                payments.Add(new(new(23, 0), Money(random, 1.5, 18), bank.Name, SandboxCategories.Interest, $"Interest {month}"));
            }
            return payments;
        }

        if (isHomeChecking)
        {
            var profile = new Random(StableSeed.Of(bank.Id, data.Customer.Id, "profile"));
            var salary = Math.Round((decimal)(3200 + profile.NextDouble() * 2600), 0);
            var rent = Math.Round((decimal)(1100 + profile.NextDouble() * 900), 0);
            if (day.Day == PayDay(day))
            {
                payments.Add(new(new(6, 0), salary, EmployerOf(data.Customer.Id), SandboxCategories.Salary, $"Salary {month}"));
            }
            if (day.Day == 1 && PaysRentAt(bank, data.Customer.Id))
            {
                payments.Add(new(new(7, 30), -rent, merchants.Landlord, SandboxCategories.Rent, $"Rent {month}"));
            }
            if (day.Day == 3)
            {
                // Whether the loan ran on that day, not whether it runs today: a payment once made
                // stays in the history after the loan is paid off.
                foreach (var product in data.Products.Where(p => p.OpenedOn < day && day <= p.MaturityDate))
                {
                    payments.Add(new(new(8, 0), -product.MonthlyPayment, bank.Name, SandboxCategories.LoanRepayment, $"{product.Name} instalment {month}"));
                }
            }
            if (day.Day == 5)
            {
                payments.Add(new(new(8, 15), -Money(random, 55, 140), merchants.Energy, SandboxCategories.Utilities, "Electricity direct debit"));
            }
            if (day.Day == 8)
            {
                payments.Add(new(new(10, 0), -12.99m, merchants.Streaming, SandboxCategories.Subscriptions, "Monthly subscription"));
            }
            if (day.Day == 12)
            {
                payments.Add(new(new(8, 30), -Money(random, 25, 45), merchants.Phone, SandboxCategories.Utilities, "Mobile phone bill"));
            }
            if (day.Day == 15)
            {
                payments.Add(new(new(7, 0), -49.00m, merchants.Gym, SandboxCategories.Subscriptions, "Membership"));
            }
            if (day.Day == 26)
            {
                payments.Add(new(new(9, 0), -MonthlySaving(bank, data, day), "Own account", SandboxCategories.Transfer, $"Transfer to savings {month}"));
            }
            AddCardPayment(payments, random, 0.45, merchants.Groceries, SandboxCategories.Groceries, 18, 140);
            AddCardPayment(payments, random, 0.35, merchants.Dining, SandboxCategories.Dining, 4, 65);
            AddCardPayment(payments, random, 0.30, merchants.Transport, SandboxCategories.Transport, 2.5, 45);
            AddCardPayment(payments, random, 0.12, merchants.Shopping, SandboxCategories.Shopping, 15, 180);
            AddCardPayment(payments, random, 0.05, merchants.Health, SandboxCategories.Health, 6, 60);
        }
        else
        {
            // A foreign-currency account: travel and online shopping, topped up once a month.
            if (day.Day == 10)
            {
                payments.Add(new(new(9, 0), Money(random, 300, 600), "Own account", SandboxCategories.Transfer, $"Top-up {month}"));
            }
            AddCardPayment(payments, random, 0.15, merchants.Dining, SandboxCategories.Dining, 5, 80);
            AddCardPayment(payments, random, 0.10, merchants.Shopping, SandboxCategories.Shopping, 20, 160);
            AddCardPayment(payments, random, 0.10, merchants.Transport, SandboxCategories.Transport, 3, 50);
        }
        return payments;
    }

    private static void AddCardPayment(List<Payment> payments, Random random, double chance, string[] merchants, string category, double min, double max)
    {
        // Always draw, so one category's chance never shifts another's amounts.
        var roll = random.NextDouble();
        var merchant = merchants[random.Next(merchants.Length)];
        var amount = Money(random, min, max);
        var time = new TimeOnly(8 + random.Next(13), random.Next(60));
        if (roll < chance)
        {
            payments.Add(new(time, -amount, merchant, category, $"Card payment {merchant}"));
        }
    }

    private static decimal MonthlySaving(SandboxBank bank, SandboxCustomerData data, DateOnly day) =>
        Money(new Random(StableSeed.Of(bank.Id, data.Customer.Id, day.Year, day.Month, "saving")), 150, 650);

    /// <summary>Salary arrives on the 25th, or the Friday before when the 25th is a weekend.</summary>
    private static int PayDay(DateOnly day)
    {
        var payDay = new DateOnly(day.Year, day.Month, 25);
        while (payDay.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            payDay = payDay.AddDays(-1);
        }
        return payDay.Day;
    }

    /// <summary>
    /// Whether the customer's rent leaves from this bank. Grace (American, paid in dollars) rents one home and pays for it from
    /// her current account at Green Bank, not once more from each bank she holds an account at: linked together, her banks
    /// would otherwise show a second rent. The other customers still pay one at every bank.
    /// </summary>
    private static bool PaysRentAt(SandboxBank bank, string customerId) =>
        RentBankOf(customerId) is not { } home || home == bank.Id;

    /// <summary>The one bank a customer pays rent from, or null where each bank's books carry a rent of their own.</summary>
    public static string? RentBankOf(string customerId) => customerId switch
    {
        "grace" => "greenbank",
        _ => null,
    };

    private static string EmployerOf(string customerId) => customerId switch
    {
        "frida" => "Casa Azul Studio",
        "grace" => "Naval Research Laboratory",
        "ada" => "Analytical Engine Society",
        "claude" => "Atelier de Giverny",
        _ => "Employer",
    };

    private static IEnumerable<SandboxProductKind> ProductKindsAt(SandboxBank bank, Random random)
    {
        // Every customer owes something at every bank; Donau always lends, Thames always holds the home loan.
        var first = bank.Dialect switch
        {
            SandboxDialects.BerlinGroup => SandboxProductKind.Loan,
            SandboxDialects.UkOpenBanking => SandboxProductKind.Mortgage,
            _ => random.Next(2) == 0 ? SandboxProductKind.Loan : SandboxProductKind.Mortgage,
        };
        yield return first;
        if (random.NextDouble() < 0.4)
        {
            yield return first == SandboxProductKind.Loan ? SandboxProductKind.Mortgage : SandboxProductKind.Loan;
        }
    }

    private static SandboxAccount NewAccount(SandboxBank bank, BankIdentifiers ids, Random random, SandboxAccountKind kind, string currency)
    {
        var (id, identification) = ids.NextAccount();
        var balance = kind == SandboxAccountKind.Savings ? Money(random, 2000, 25000) : Money(random, 1500, 9000);
        if (currency != bank.HomeCurrency)
        {
            balance = Money(random, 300, 2500);
        }
        var openedOn = OpeningAnchor.AddDays(-random.Next(365, 365 * 8));
        var name = AccountName(bank, kind, currency);
        return new SandboxAccount(id, identification, kind, currency, name, balance, openedOn, Narrative(bank, kind.ToString(), isProduct: false));
    }

    private SandboxProduct NewProduct(SandboxBank bank, BankIdentifiers ids, Random random, SandboxProductKind kind)
    {
        var (id, identification) = ids.NextProduct();
        var mortgage = kind == SandboxProductKind.Mortgage;
        decimal principal = mortgage ? 1000m * random.Next(120, 421) : 100m * random.Next(50, 301);
        var rate = Math.Round((decimal)(mortgage ? 2.1 + random.NextDouble() * 2.8 : 3.5 + random.NextDouble() * 5.4), 2);
        int[] terms = mortgage ? [180, 240, 300, 360] : [48, 60, 72, 84, 96];
        var termMonths = terms[random.Next(terms.Length)];
        var openedOn = OpeningAnchor.AddDays(-random.Next(mortgage ? 200 : 30, mortgage ? 3000 : 900));
        var monthlyRate = (double)rate / 1200;
        var payment = (double)principal * monthlyRate / (1 - Math.Pow(1 + monthlyRate, -termMonths));

        var monthsPaid = Math.Clamp(MonthsBetween(openedOn, Today), 0, termMonths);
        var growth = Math.Pow(1 + monthlyRate, monthsPaid);
        var outstanding = Math.Max(0, (double)principal * growth - payment * (growth - 1) / monthlyRate);

        var propertyValue = mortgage ? 1000m * Math.Round(principal / (decimal)(0.55 + random.NextDouble() * 0.3) / 1000m) : (decimal?)null;
        var address = mortgage ? Merchants.For(bank.HomeCurrency).Streets[random.Next(3)] : null;
        return new SandboxProduct(id, identification, kind, bank.HomeCurrency, ProductName(bank, kind),
            principal, Math.Round((decimal)outstanding, 2), rate, termMonths, Math.Round((decimal)payment, 2),
            openedOn, openedOn.AddMonths(termMonths), monthsPaid < termMonths,
            Narrative(bank, kind.ToString(), isProduct: true), propertyValue, address);
    }

    /// <summary>The reference demo's narrative strings, verbatim, at the two banks that have them.</summary>
    private static string? Narrative(SandboxBank bank, string type, bool isProduct) => (bank.Dialect, isProduct) switch
    {
        (SandboxDialects.GreenBank, false) => $"{type} account focusing on sustainable banking at Green Bank",
        (SandboxDialects.GreenBank, true) => $"{type} tailored for sustainability at Green Bank",
        (SandboxDialects.MongoDbBank, false) => $"{type} account powered by MongoDB at MongoDB Bank",
        (SandboxDialects.MongoDbBank, true) => $"{type} product offered by MongoDB Bank with MongoDB's excellence",
        _ => null,
    };

    private static string AccountName(SandboxBank bank, SandboxAccountKind kind, string currency) => (bank.Dialect, kind) switch
    {
        (SandboxDialects.BerlinGroup, SandboxAccountKind.Checking) when currency != bank.HomeCurrency => "Fremdwährungskonto USD",
        (SandboxDialects.BerlinGroup, SandboxAccountKind.Checking) => "Girokonto",
        (SandboxDialects.BerlinGroup, SandboxAccountKind.Savings) => "Sparkonto",
        (SandboxDialects.UkOpenBanking, SandboxAccountKind.Checking) => "Classic Current Account",
        (SandboxDialects.UkOpenBanking, SandboxAccountKind.Savings) => "Instant Saver",
        (_, SandboxAccountKind.Checking) => $"{bank.Name} Checking",
        _ => $"{bank.Name} Savings",
    };

    private static string ProductName(SandboxBank bank, SandboxProductKind kind) => (bank.Dialect, kind) switch
    {
        (SandboxDialects.BerlinGroup, SandboxProductKind.Loan) => "Privatkredit",
        (SandboxDialects.BerlinGroup, SandboxProductKind.Mortgage) => "Wohnbaukredit",
        (SandboxDialects.UkOpenBanking, SandboxProductKind.Loan) => "Personal Loan",
        (SandboxDialects.UkOpenBanking, SandboxProductKind.Mortgage) => "Fixed Rate Mortgage",
        (_, SandboxProductKind.Loan) => $"{bank.Name} Personal Loan",
        _ => $"{bank.Name} Home Mortgage",
    };

    private static decimal Money(Random random, double min, double max) => Math.Round((decimal)(min + random.NextDouble() * (max - min)), 2);

    private static int MonthsBetween(DateOnly from, DateOnly to) =>
        (to.Year - from.Year) * 12 + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);

    private static string Last4(string identification) => identification[^4..];

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
