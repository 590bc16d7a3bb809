using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Seeding;

/// <summary>
/// Generates a population of customers deterministically from a seed, for the benchmark and for
/// the <c>seed-demo</c> command: each ordinary customer has one or two Leafy Bank accounts and
/// about ten linked accounts and products at two or three of the four sandbox banks (in their
/// currencies, some closed, some green, loans and mortgages with and without terms), and a
/// consent and sync state per linked bank (most valid, some expiring soon, expired or revoked,
/// a few failing); "heavy" customers have twenty accounts and products and 90 days of booked and
/// pending transactions. Loaded in batches through the store contract, each batch's users last.
/// <para>
/// The customers hold no bank tokens, so their sync states carry no next sync time: the
/// scheduler leaves them alone instead of failing against the sandbox every round.
/// </para>
/// </summary>
public sealed class PopulationGenerator
{
    private const int BatchSize = 5_000;

    private static readonly (string Id, string Name, string Currency)[] Banks =
    [
        ("greenbank", "Green Bank", "USD"), ("mongodbbank", "MongoDB Bank", "USD"),
        ("donaubank", "Donau Bank", "EUR"), ("thamesbank", "Thames Bank", "GBP"),
    ];

    private static readonly string[] Permissions =
        [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products];

    private static readonly string[] Categories =
        ["Groceries", "Restaurants", "Transport", "Utilities", "Shopping", "Health", "Travel", "Entertainment", "Rent"];

    private static readonly string[] Merchants =
        ["Green Grocer", "City Metro", "Power & Light", "Corner Café", "BookNook", "PharmaPlus", "SkyAir", "CineMax", "Home Lets"];

    private readonly PopulationOptions options;

    public PopulationGenerator(PopulationOptions options)
    {
        if (options.Label.Length is 0 or > 5 || !options.Label.All(char.IsAsciiLetterLower))
        {
            throw new ArgumentException($"The label must be one to five lower-case letters, not '{options.Label}'.", nameof(options));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(options.Customers);
        ArgumentOutOfRangeException.ThrowIfNegative(options.HeavyCustomers);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TransactionsPerHeavyCustomer);
        this.options = options;
    }

    private DateTime Now => options.Now;

    /// <summary>A stable id per customer ("LB", the label, then the index), so a generated data set is found again without scanning.</summary>
    public static ObjectId UserId(string label, int index)
    {
        var bytes = new byte[12];
        Encoding.ASCII.GetBytes("LB" + label.ToUpperInvariant()).CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), index);
        return new ObjectId(bytes);
    }

    public static string UserName(string label, int index) => string.Create(CultureInfo.InvariantCulture, $"{label}{index:D7}");

    /// <summary>Heavy customers are the first <see cref="PopulationOptions.HeavyCustomers"/> indexes.</summary>
    public bool IsHeavy(int index) => index < options.HeavyCustomers;

    public async Task<GenerationSummary> LoadAsync(IDocumentStore store, Action<string> progress, CancellationToken cancellationToken)
    {
        var users = new List<LeafyUser>(BatchSize);
        var internalAccounts = new List<InternalAccount>(BatchSize * 2);
        var accounts = new List<ExternalAccount>(BatchSize * 7);
        var products = new List<ExternalProduct>(BatchSize * 5);
        var consents = new List<Consent>(BatchSize * 3);
        var syncStates = new List<SyncState>(BatchSize * 3);
        var transactions = new List<ExternalTransaction>(options.TransactionsPerHeavyCustomer * 10);
        var summary = new GenerationSummary();

        for (var index = 0; index < options.Customers; index++)
        {
            Generate(index, users, internalAccounts, accounts, products, consents, syncStates, transactions);
            if (users.Count >= BatchSize || index == options.Customers - 1)
            {
                summary = summary.Add(new GenerationSummary(users.Count, internalAccounts.Count, accounts.Count, products.Count, consents.Count, syncStates.Count, transactions.Count));
                // Internal accounts first and the users last: a batch's users are in the store only once all
                // of its data is, so "the last customer exists" means the whole population does, and "the first
                // customer's internal accounts exist" means a load started (seed-demo relies on both).
                await Flush(store, OpenFinanceCollections.InternalAccounts, internalAccounts, cancellationToken);
                await Flush(store, OpenFinanceCollections.ExternalAccounts, accounts, cancellationToken);
                await Flush(store, OpenFinanceCollections.ExternalProducts, products, cancellationToken);
                await Flush(store, OpenFinanceCollections.Consents, consents, cancellationToken);
                await Flush(store, OpenFinanceCollections.SyncStates, syncStates, cancellationToken);
                await Flush(store, OpenFinanceCollections.ExternalTransactions, transactions, cancellationToken);
                await Flush(store, OpenFinanceCollections.Users, users, cancellationToken);
                progress(string.Create(CultureInfo.InvariantCulture, $"{index + 1:N0} / {options.Customers:N0} customers loaded"));
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
        List<ExternalProduct> products, List<Consent> consents, List<SyncState> syncStates, List<ExternalTransaction> transactions)
    {
        // One random stream per customer: the data set does not depend on the batch size.
        var random = new Random(HashCode.Combine(options.Seed, index));
        var userId = UserId(options.Label, index);
        var userName = UserName(options.Label, index);
        var party = new PartyReference { UserId = userId, UserName = userName };
        users.Add(new LeafyUser
        {
            Id = userId,
            UserName = userName,
            FirstName = char.ToUpperInvariant(options.Label[0]) + options.Label[1..],
            LastName = index.ToString(CultureInfo.InvariantCulture),
            BaseCurrency = "USD",
            CreatedAt = Now.AddDays(-random.Next(30, 2000)),
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
        var bankAccounts = new List<ExternalAccount>();

        for (var i = 0; i < accountCount; i++)
        {
            var (_, bank, currency) = linkedBanks[i % linkedBanks.Length];
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
            bankAccounts.Add(account);
        }

        for (var i = 0; i < productCount; i++)
        {
            var (_, bank, currency) = linkedBanks[random.Next(linkedBanks.Length)];
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

        foreach (var (bankId, bankName, _) in linkedBanks)
        {
            var consentId = string.Create(CultureInfo.InvariantCulture, $"{options.Label}-{index:D7}-{bankId}");
            var granted = Now.AddDays(-random.Next(1, 170));
            var validUntil = granted.AddDays(180);
            var status = ConsentStatuses.Valid;
            // Enough of each state that a few hundred customers fill every connection-health column.
            switch (random.Next(25))
            {
                case < 3:
                    validUntil = Now.AddDays(random.Next(1, 7));
                    break;
                case < 5:
                    validUntil = Now.AddDays(-random.Next(1, 30));
                    status = ConsentStatuses.Expired;
                    break;
                case < 6:
                    status = ConsentStatuses.RevokedByPsu;
                    break;
            }
            consents.Add(new Consent
            {
                ConsentId = consentId,
                Bank = bankId,
                ConsentUser = party,
                Status = status,
                Permissions = [.. Permissions],
                AccountIds = [.. bankAccounts.Where(a => a.AccountBank == bankName).Select(a => a.AccountId)],
                CreatedAt = granted,
                ValidUntil = validUntil,
                FrequencyPerDay = 4,
                StatusChangedAt = status == ConsentStatuses.Valid ? granted : Now.AddDays(-random.Next(0, 20)),
            });

            var failing = random.Next(12) == 0;
            syncStates.Add(new SyncState
            {
                SyncUser = party,
                Bank = bankId,
                BankName = bankName,
                ConsentId = consentId,
                LastSuccessAt = Now.AddHours(-random.Next(1, failing ? 72 : 24)),
                LastAttemptAt = Now.AddMinutes(-random.Next(1, 600)),
                LastError = failing ? "The bank did not answer in time." : null,
                ConsecutiveFailures = failing ? random.Next(1, 4) : 0,
            });
        }

        if (heavy)
        {
            for (var i = 0; i < options.TransactionsPerHeavyCustomer; i++)
            {
                var account = bankAccounts[random.Next(bankAccounts.Count)];
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
