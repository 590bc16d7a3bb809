namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// The same randomised data written to both engines must give the same global position for
/// every user, to the character (serialised JSON; ComputedAt aside, though the clock is fixed).
/// Runs wherever MongoDB is available to the tests; skipped, with the reason, otherwise.
/// </summary>
public sealed class EngineDifferentialTests(EmbeddedStoreFixture embedded, MongoStoreFixture mongo)
    : IClassFixture<EmbeddedStoreFixture>, IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(20261102)]
    [InlineData(4242)]
    [InlineData(7)]
    public async Task Both_engines_compute_identical_positions_from_the_same_random_data(int seed)
    {
        var data = RandomPositionData.Generate(seed, users: 8);
        await using var embeddedStore = await embedded.CreateStoreAsync();
        await using var mongoStore = await mongo.CreateStoreAsync();
        await data.WriteAsync(embeddedStore, Cancel);
        await data.WriteAsync(mongoStore, Cancel);

        var compared = 0;
        foreach (var user in data.Users)
        {
            var fromEmbedded = await JsonOfAsync(embeddedStore, user);
            var fromMongo = await JsonOfAsync(mongoStore, user);
            Assert.Equal(fromEmbedded, fromMongo);
            // Not in the JSON (the API leaves them out): the accounts and loans counted, which the position history compares.
            Assert.Equal((await PositionScenario.Service(embeddedStore).GetAsync(user, Cancel)).Holdings,
                (await PositionScenario.Service(mongoStore).GetAsync(user, Cancel)).Holdings);
            compared += fromEmbedded.Length > 0 ? 1 : 0;
        }
        Assert.Equal(data.Users.Count, compared);
        // The data must exercise what it is meant to (loans, green items, sync states, unknown currencies, items no longer shared).
        Assert.Contains(data.Products, p => p.ProductStatus == "Active" && p.ProductType is "Loan" or "Mortgage");
        Assert.Contains(data.ExternalAccounts, a => a.AccountStatus != "Closed" && a.NoLongerSharedSince is not null);
        Assert.NotEmpty(data.SyncStates);
    }

    internal static async Task<string> JsonOfAsync(IDocumentStore store, LeafyUser user)
    {
        var position = await PositionScenario.Service(store).GetAsync(user, Cancel);
        return PositionJson.Serialize(position with { ComputedAt = default });
    }
}

/// <summary>
/// The embedded engine against an independent, naive LINQ reading of the same documents (no
/// shared rules, expressions or Compute), so a mistake shared by both engines is still caught.
/// </summary>
public sealed class EmbeddedOracleTests(EmbeddedStoreFixture embedded) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(20261102)]
    [InlineData(99)]
    public async Task The_embedded_position_agrees_with_a_naive_reading_of_the_documents(int seed)
    {
        var data = RandomPositionData.Generate(seed, users: 12);
        await using var store = await embedded.CreateStoreAsync();
        await data.WriteAsync(store, Cancel);
        var rates = ExchangeRates.Default;

        foreach (var user in data.Users)
        {
            var position = await PositionScenario.Service(store).GetAsync(user, Cancel);

            var held = data.InternalAccounts.Where(a => a.AccountUser.UserId == user.Id && a.AccountStatus != "Closed")
                .Select(a => (Bank: "Leafy Bank", Internal: true, a.AccountType, Currency: a.AccountCurrency, Amount: a.AccountBalance, Narrative: (string?)null))
                .Concat(data.ExternalAccounts.Where(a => a.AccountUser.UserId == user.Id && a.AccountStatus != "Closed")
                    .Select(a => (Bank: a.AccountBank, Internal: false, a.AccountType, Currency: a.AccountCurrency, Amount: a.AccountBalance, Narrative: a.GreenAccountNarrative)))
                .ToList();
            var owed = data.Products
                .Where(p => p.ProductCustomer.UserId == user.Id && p.ProductStatus == "Active" && (p.ProductType == "Loan" || p.ProductType == "Mortgage"))
                .ToList();
            decimal InBase(string currency, decimal amount) => rates.RateBetween(currency, user.BaseCurrency) is { } rate ? amount * rate : 0m;

            // Every counted account and loan, by the key its document is written under.
            var counted = data.InternalAccounts.Where(a => a.AccountUser.UserId == user.Id && a.AccountStatus != "Closed")
                .Select(a => new CountedHolding(PositionItemKinds.Internal, "Leafy Bank", a.AccountNumber))
                .Concat(data.ExternalAccounts.Where(a => a.AccountUser.UserId == user.Id && a.AccountStatus != "Closed")
                    .Select(a => new CountedHolding(PositionItemKinds.Account, a.AccountBank, a.AccountId)))
                .Concat(owed.Select(p => new CountedHolding(PositionItemKinds.Product, p.ProductBank, p.ProductId)));
            Assert.Equal(counted.OrderBy(h => h.Kind, StringComparer.Ordinal).ThenBy(h => h.Bank, StringComparer.Ordinal).ThenBy(h => h.Id, StringComparer.Ordinal),
                position.Holdings);

            var totalBalance = held.Sum(a => InBase(a.Currency, a.Amount));
            var totalDebt = owed.Sum(p => InBase(p.ProductCurrency, p.ProductAmount));
            AssertMoney(totalBalance, position.TotalBalance);
            AssertMoney(totalDebt, position.TotalDebt);

            var banks = held.Select(a => (a.Bank, a.Internal)).Concat(owed.Select(p => (Bank: p.ProductBank, Internal: false))).Distinct().ToList();
            Assert.Equal(banks.Count, position.ByInstitution.Count);
            foreach (var institution in position.ByInstitution)
            {
                var accounts = held.Where(a => a.Bank == institution.Bank && a.Internal == institution.Internal).ToList();
                var products = institution.Internal ? [] : owed.Where(p => p.ProductBank == institution.Bank).ToList();
                Assert.Equal((accounts.Count, products.Count), (institution.Accounts, institution.Products));
                AssertMoney(accounts.Sum(a => InBase(a.Currency, a.Amount)), institution.Balance);
                AssertMoney(products.Sum(p => InBase(p.ProductCurrency, p.ProductAmount)), institution.Debt);
            }
            foreach (var type in position.ByType)
            {
                var expected = type.Side == PositionSide.Balance
                    ? held.Where(a => a.AccountType == type.Type).Select(a => InBase(a.Currency, a.Amount)).ToList()
                    : owed.Where(p => p.ProductType == type.Type).Select(p => InBase(p.ProductCurrency, p.ProductAmount)).ToList();
                Assert.Equal(expected.Count, type.Count);
                AssertMoney(expected.Sum(), type.Amount);
            }

            AssertMoney(held.Where(a => !string.IsNullOrEmpty(a.Narrative)).Sum(a => InBase(a.Currency, a.Amount)), position.Green.GreenBalance);
            AssertMoney(owed.Where(p => !string.IsNullOrEmpty(p.GreenProductNarrative)).Sum(p => InBase(p.ProductCurrency, p.ProductAmount)), position.Green.GreenDebt);

            Assert.Equal(owed.Select(p => p.ProductId).Order(StringComparer.Ordinal), position.Loans.Select(l => l.ProductId).Order(StringComparer.Ordinal));
            foreach (var loan in position.Loans)
            {
                var product = owed.Single(p => p.ProductId == loan.ProductId);
                var missing = new List<string>();
                if (product.ProductInterestRate is null) missing.Add("InterestRate");
                if (product.RepaymentPeriod is null or <= 0) missing.Add("TermMonths");
                if (product.ProductDate.OpeningDate == DateTime.MinValue) missing.Add("OpeningDate");
                Assert.Equal(missing, loan.NotReported);
                Assert.Equal(missing.Count == 0, loan.MonthlyPayment is not null);
            }

            // Counted and no longer shared, named by hand: the bank's name else the type, the last four of the number else of the id.
            static string Masked(string number) => "•••• " + new string([.. number.Where(char.IsLetterOrDigit).TakeLast(4).Select(char.ToUpperInvariant)]);
            var unshared = data.ExternalAccounts
                .Where(a => a.AccountUser.UserId == user.Id && a.AccountStatus != "Closed" && a.NoLongerSharedSince is not null)
                .Select(a => (a.AccountBank, PositionSide.Balance, string.IsNullOrEmpty(a.AccountName) ? AccountWords.Type(a.AccountType) : a.AccountName,
                    Masked(string.IsNullOrEmpty(a.AccountIdentification) ? a.AccountId : a.AccountIdentification), a.NoLongerSharedSince!.Value, a.Source?.RetrievedAt))
                .Concat(owed.Where(p => p.NoLongerSharedSince is not null)
                    .Select(p => (p.ProductBank, PositionSide.Debt, string.IsNullOrEmpty(p.ProductName) ? AccountWords.Type(p.ProductType) : p.ProductName,
                        Masked(string.IsNullOrEmpty(p.ProductIdentification) ? p.ProductId : p.ProductIdentification), p.NoLongerSharedSince!.Value, p.Source?.RetrievedAt)))
                .Order();
            Assert.Equal(unshared, position.NoLongerShared.Select(h => (h.Bank, h.Side, h.Name, h.MaskedNumber, h.Since, h.LastReadAt)).Order());

            var unknown = held.Select(a => a.Currency).Concat(owed.Select(p => p.ProductCurrency))
                .Where(c => !rates.Knows(c)).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(unknown, position.UnconvertedCurrencies);
        }
    }

    private static void AssertMoney(decimal expectedUnrounded, decimal actual) =>
        Assert.InRange(actual, expectedUnrounded - 0.0051m, expectedUnrounded + 0.0051m);
}
