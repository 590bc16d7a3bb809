using System.Buffers.Binary;
using System.Globalization;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Benchmarks;

/// <summary>
/// Generates the benchmark's customers deterministically from a seed: each ordinary customer
/// has one or two Leafy Bank accounts and about ten linked accounts and products at two or
/// three of the four sandbox banks (in their currencies, some closed, some green, loans and
/// mortgages with and without terms); "heavy" customers have twenty accounts and products and
/// 90 days of booked and pending transactions. Loaded in batches through the store contract.
/// </summary>
public sealed class DataGenerator(BenchmarkOptions options)
{
    private const int BatchSize = 5_000;

    private static readonly (string Name, string Currency)[] Banks =
    [
        ("Green Bank", "USD"), ("MongoDB Bank", "USD"), ("Donau Bank", "EUR"), ("Thames Bank", "GBP"),
    ];

    private static readonly string[] Categories =
        ["Groceries", "Restaurants", "Transport", "Utilities", "Shopping", "Health", "Travel", "Entertainment", "Rent"];

    private static readonly string[] Merchants =
        ["Green Grocer", "City Metro", "Power & Light", "Corner Café", "BookNook", "PharmaPlus", "SkyAir", "CineMax", "Home Lets"];

    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A stable id per customer, so a reused data set is found again without scanning.</summary>
    public static ObjectId UserId(int index)
    {
        var bytes = new byte[12];
        "LBBENCH"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), index);
        return new ObjectId(bytes);
    }

    public static string UserName(int index) => string.Create(CultureInfo.InvariantCulture, $"bench{index:D7}");

    /// <summary>Heavy customers are the first <see cref="BenchmarkOptions.HeavyUsers"/> indexes.</summary>
    public bool IsHeavy(int index) => index < options.HeavyUsers;

    public async Task<GenerationSummary> LoadAsync(IDocumentStore store, Action<string> progress, CancellationToken cancellationToken)
    {
        var users = new List<LeafyUser>(BatchSize);
        var internalAccounts = new List<InternalAccount>(BatchSize * 2);
        var accounts = new List<ExternalAccount>(BatchSize * 7);
        var products = new List<ExternalProduct>(BatchSize * 5);
        var syncStates = new List<SyncState>(BatchSize * 3);
        var transactions = new List<ExternalTransaction>(options.TransactionsPerHeavyUser * 10);
        var summary = new GenerationSummary();

        for (var index = 0; index < options.Users; index++)
        {
            Generate(index, users, internalAccounts, accounts, products, syncStates, transactions);
            if (users.Count >= BatchSize || index == options.Users - 1)
            {
                summary = summary.Add(users.Count, internalAccounts.Count, accounts.Count, products.Count, syncStates.Count, transactions.Count);
                await Flush(store, OpenFinanceCollections.Users, users, cancellationToken);
                await Flush(store, OpenFinanceCollections.InternalAccounts, internalAccounts, cancellationToken);
                await Flush(store, OpenFinanceCollections.ExternalAccounts, accounts, cancellationToken);
                await Flush(store, OpenFinanceCollections.ExternalProducts, products, cancellationToken);
                await Flush(store, OpenFinanceCollections.SyncStates, syncStates, cancellationToken);
                await Flush(store, OpenFinanceCollections.ExternalTransactions, transactions, cancellationToken);
                progress(string.Create(CultureInfo.InvariantCulture, $"{index + 1:N0} / {options.Users:N0} customers loaded"));
            }
        }
        return summary;
    }

    private static async Task Flush<TDocument>(IDocumentStore store, DocumentKind<TDocument> kind, List<TDocument> batch,
        CancellationToken cancellationToken) where TDocument : class
    {
        for (var start = 0; start < batch.Count; start += BatchSize)
        {
            await store.Collection(kind).InsertManyAsync(batch.GetRange(start, Math.Min(BatchSize, batch.Count - start)), cancellationToken);
        }
        batch.Clear();
    }

    private void Generate(int index, List<LeafyUser> users, List<InternalAccount> internalAccounts, List<ExternalAccount> accounts,
        List<ExternalProduct> products, List<SyncState> syncStates, List<ExternalTransaction> transactions)
    {
        // One random stream per customer: the data set does not depend on the batch size.
        var random = new Random(HashCode.Combine(options.Seed, index));
        var userId = UserId(index);
        var userName = UserName(index);
        var party = new PartyReference { UserId = userId, UserName = userName };
        users.Add(new LeafyUser
        {
            Id = userId, UserName = userName, FirstName = "Bench", LastName = index.ToString(CultureInfo.InvariantCulture),
            BaseCurrency = "USD", CreatedAt = Now.AddDays(-random.Next(30, 2000)),
        });

        for (var i = 0; i < random.Next(1, 3); i++)
        {
            internalAccounts.Add(new InternalAccount
            {
                AccountNumber = string.Create(CultureInfo.InvariantCulture, $"LB{index:D7}{i}"),
                AccountType = i == 0 ? AccountTypes.Checking : AccountTypes.Savings,
                AccountBalance = Money(random, 50, 25_000),
                AccountCurrency = "USD",
                AccountDate = new AccountDates { OpeningDate = Now.AddDays(-random.Next(100, 4000)) },
                AccountUser = party,
            });
        }

        var heavy = IsHeavy(index);
        var linkedBanks = Banks.OrderBy(_ => random.Next()).Take(heavy ? 4 : random.Next(2, 4)).ToArray();
        var accountCount = heavy ? 12 : random.Next(5, 8);
        var productCount = heavy ? 8 : random.Next(3, 6);
        var heavyAccounts = new List<ExternalAccount>();

        for (var i = 0; i < accountCount; i++)
        {
            var (bank, currency) = linkedBanks[i % linkedBanks.Length];
            var type = random.Next(3) == 0 ? AccountTypes.Savings : AccountTypes.Checking;
            var account = new ExternalAccount
            {
                AccountId = string.Create(CultureInfo.InvariantCulture, $"A{index:D7}-{i:D2}"),
                AccountBank = bank,
                AccountStatus = random.Next(10) == 0 ? AccountStatuses.Closed : AccountStatuses.Active,
                AccountType = type,
                AccountBalance = Money(random, 0, type == AccountTypes.Savings ? 60_000 : 12_000),
                AccountCurrency = currency,
                AccountDate = new AccountDates { OpeningDate = Now.AddDays(-random.Next(30, 5000)) },
                AccountUser = party,
                GreenAccountNarrative = bank == "Green Bank" && random.Next(5) < 2
                    ? "Deposits fund renewable-energy lending only." : null,
                Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddHours(-random.Next(0, 30)) },
            };
            accounts.Add(account);
            heavyAccounts.Add(account);
        }

        for (var i = 0; i < productCount; i++)
        {
            var (bank, currency) = linkedBanks[random.Next(linkedBanks.Length)];
            var type = random.Next(10) switch
            {
                < 5 => ProductTypes.Loan,
                < 8 => ProductTypes.Mortgage,
                _ => "Investment",
            };
            var debt = type != "Investment";
            products.Add(new ExternalProduct
            {
                ProductId = string.Create(CultureInfo.InvariantCulture, $"P{index:D7}-{i:D2}"),
                ProductBank = bank,
                ProductStatus = random.Next(12) == 0 ? ProductStatuses.Closed : ProductStatuses.Active,
                ProductType = type,
                ProductAmount = type == ProductTypes.Mortgage ? Money(random, 60_000, 600_000) : Money(random, 1_000, 40_000),
                ProductCurrency = currency,
                // Some banks do not report a rate or a term: the position must say so, not guess.
                ProductInterestRate = random.Next(20) == 0 ? null : Math.Round((decimal)(random.NextDouble() * 8 + 0.5), 2),
                RepaymentPeriod = !debt || random.Next(15) == 0 ? null : (type == ProductTypes.Mortgage ? 12 * random.Next(10, 31) : random.Next(12, 85)),
                ProductDate = new ProductDates { OpeningDate = Now.AddDays(-random.Next(30, 3000)) },
                ProductCustomer = party,
                GreenProductNarrative = random.Next(6) == 0 ? "Financing an energy-efficient home or vehicle." : null,
                LoanCollateral = type == ProductTypes.Mortgage ? "Residential property" : null,
                Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddHours(-random.Next(0, 30)) },
            });
        }

        foreach (var (bank, _) in linkedBanks)
        {
            var failing = random.Next(25) == 0;
            syncStates.Add(new SyncState
            {
                SyncUser = party,
                Bank = bank,
                LastSuccessAt = Now.AddHours(-random.Next(1, failing ? 72 : 24)),
                LastAttemptAt = Now.AddMinutes(-random.Next(1, 600)),
                LastError = failing ? "The bank did not answer in time." : null,
                ConsecutiveFailures = failing ? random.Next(1, 4) : 0,
                NextAllowedAt = Now.AddHours(random.Next(1, 6)),
            });
        }

        if (heavy)
        {
            for (var i = 0; i < options.TransactionsPerHeavyUser; i++)
            {
                var account = heavyAccounts[random.Next(heavyAccounts.Count)];
                var category = random.Next(Categories.Length);
                var booked = Now.AddDays(-random.NextDouble() * 90);
                var pending = booked > Now.AddDays(-2) && random.Next(2) == 0;
                transactions.Add(new ExternalTransaction
                {
                    TransactionId = string.Create(CultureInfo.InvariantCulture, $"T{index:D7}-{i:D5}"),
                    TransactionBank = account.AccountBank,
                    AccountId = account.AccountId,
                    TransactionUser = party,
                    BookingStatus = pending ? BookingStatuses.Pending : BookingStatuses.Booked,
                    Amount = random.Next(12) == 0 ? Money(random, 500, 4_000) : -Money(random, 2, 400),
                    Currency = account.AccountCurrency,
                    BookingDate = booked,
                    ValueDate = pending ? null : booked,
                    Description = $"{Merchants[category]} {Categories[category]}",
                    Merchant = Merchants[category],
                    Category = Categories[category],
                });
            }
        }
    }

    private static decimal Money(Random random, int min, int max) => Math.Round((decimal)(min + random.NextDouble() * (max - min)), 2);
}

public sealed record GenerationSummary(long Users = 0, long InternalAccounts = 0, long Accounts = 0, long Products = 0, long SyncStates = 0, long Transactions = 0)
{
    public GenerationSummary Add(long users, long internalAccounts, long accounts, long products, long syncStates, long transactions) =>
        new(Users + users, InternalAccounts + internalAccounts, Accounts + accounts, Products + products, SyncStates + syncStates, Transactions + transactions);
}
