using LeafyBank.Core.Accounts;

namespace LeafyBank.Tests.Core.Accounts;

/// <summary>
/// The accounts the pages and the data API list, on every engine: the customer's own documents
/// only, Leafy Bank's by number and the linked ones by bank then id.
/// </summary>
public abstract class AccountsQueryContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly PartyReference Ada = new() { UserName = "adalove", UserId = ObjectId.GenerateNewId() };
    private static readonly PartyReference Grace = new() { UserName = "gracehop", UserId = ObjectId.GenerateNewId() };

    private Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    private static async Task AddAsync(IDocumentStore store, params object[] documents)
    {
        foreach (var document in documents)
        {
            switch (document)
            {
                case InternalAccount account:
                    await store.Collection(OpenFinanceCollections.InternalAccounts).UpsertAsync(account, Cancel);
                    break;
                case ExternalAccount account:
                    await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(account, Cancel);
                    break;
                case ExternalProduct product:
                    await store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(product, Cancel);
                    break;
                default:
                    throw new ArgumentException($"Not an account or product: {document.GetType().Name}", nameof(documents));
            }
        }
    }

    private static InternalAccount Own(PartyReference owner, string number, decimal balance) => new()
    {
        AccountNumber = number,
        AccountType = "Checking",
        AccountBalance = balance,
        AccountCurrency = "USD",
        AccountDate = new AccountDates { OpeningDate = new DateTime(2020, 1, 15, 0, 0, 0, DateTimeKind.Utc) },
        AccountUser = owner,
    };

    private static ExternalAccount Linked(PartyReference owner, string bank, string id, decimal balance = 100m) => new()
    {
        AccountId = id,
        AccountBank = bank,
        AccountType = "Savings",
        AccountBalance = balance,
        AccountCurrency = "EUR",
        AccountDate = new AccountDates { OpeningDate = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
        AccountUser = owner,
    };

    private static ExternalProduct Loan(PartyReference owner, string bank, string id, string type = ProductTypes.Loan, decimal amount = 5000m) => new()
    {
        ProductId = id,
        ProductBank = bank,
        ProductType = type,
        ProductAmount = amount,
        ProductCurrency = "EUR",
        ProductInterestRate = 3.5m,
        ProductDate = new ProductDates { OpeningDate = new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc) },
        ProductCustomer = owner,
    };

    [Fact]
    public async Task Lists_the_customers_own_accounts_by_number_and_linked_accounts_and_loans_by_bank_then_id()
    {
        await using var store = await NewStoreAsync();
        await AddAsync(store,
            Own(Ada, "LB-2", 20m), Own(Ada, "LB-1", 10m),
            Linked(Ada, "MongoDB Bank", "A-1"), Linked(Ada, "Green Bank", "B-2"), Linked(Ada, "Green Bank", "B-10"),
            Loan(Ada, "MongoDB Bank", "M-1", ProductTypes.Mortgage), Loan(Ada, "Green Bank", "L-2"), Loan(Ada, "Green Bank", "L-1"));

        var held = await new AccountsQuery(store).GetAsync(Ada.UserId, Cancel);

        Assert.Equal(["LB-1", "LB-2"], held.LeafyBank.Select(a => a.AccountNumber));
        Assert.Equal([("Green Bank", "B-10"), ("Green Bank", "B-2"), ("MongoDB Bank", "A-1")], held.Linked.Select(a => (a.AccountBank, a.AccountId)));
        Assert.Equal([("Green Bank", "L-1"), ("Green Bank", "L-2"), ("MongoDB Bank", "M-1")], held.Products.Select(p => (p.ProductBank, p.ProductId)));
        Assert.Equal(ProductTypes.Mortgage, held.Products[2].ProductType);
        Assert.Equal(10m, held.LeafyBank[0].AccountBalance);
    }

    [Fact]
    public async Task The_single_lists_are_the_same_as_the_whole()
    {
        await using var store = await NewStoreAsync();
        await AddAsync(store, Own(Ada, "LB-1", 10m), Linked(Ada, "Green Bank", "B-1"), Loan(Ada, "Green Bank", "L-1"));
        var query = new AccountsQuery(store);

        var held = await query.GetAsync(Ada.UserId, Cancel);

        Assert.Equal(held.LeafyBank.Select(a => a.Id), (await query.GetLeafyBankAccountsAsync(Ada.UserId, Cancel)).Select(a => a.Id));
        Assert.Equal(held.Linked.Select(a => a.Id), (await query.GetLinkedAccountsAsync(Ada.UserId, Cancel)).Select(a => a.Id));
        Assert.Equal(held.Products.Select(p => p.Id), (await query.GetProductsAsync(Ada.UserId, Cancel)).Select(p => p.Id));
    }

    [Fact]
    public async Task Customer_B_never_sees_customer_As_accounts_or_loans()
    {
        await using var store = await NewStoreAsync();
        await AddAsync(store,
            Own(Ada, "LB-A", 10m), Linked(Ada, "Green Bank", "SHARED-ID", 111m), Linked(Ada, "Green Bank", "ADA-ONLY"), Loan(Ada, "Green Bank", "LOAN-A"),
            // The same bank and account id under another customer: a different document, never Ada's.
            Own(Grace, "LB-G", 20m), Linked(Grace, "Green Bank", "SHARED-ID", 222m), Loan(Grace, "MongoDB Bank", "LOAN-G"));
        var query = new AccountsQuery(store);

        var grace = await query.GetAsync(Grace.UserId, Cancel);
        var ada = await query.GetAsync(Ada.UserId, Cancel);

        Assert.Equal(["LB-G"], grace.LeafyBank.Select(a => a.AccountNumber));
        Assert.Equal([222m], grace.Linked.Select(a => a.AccountBalance));
        Assert.Equal(["LOAN-G"], grace.Products.Select(p => p.ProductId));
        Assert.All(grace.LeafyBank, a => Assert.Equal(Grace.UserId, a.AccountUser.UserId));
        Assert.All(grace.Linked, a => Assert.Equal(Grace.UserId, a.AccountUser.UserId));
        Assert.All(grace.Products, p => Assert.Equal(Grace.UserId, p.ProductCustomer.UserId));
        Assert.Equal(["ADA-ONLY", "SHARED-ID"], ada.Linked.Select(a => a.AccountId));
        Assert.False(await query.HasLinkedAccountAsync(Grace.UserId, null, "ADA-ONLY", Cancel));
        Assert.False(await query.HasLinkedAccountAsync(Grace.UserId, "Green Bank", "ADA-ONLY", Cancel));
    }

    [Fact]
    public async Task A_customer_with_nothing_stored_gets_empty_lists()
    {
        await using var store = await NewStoreAsync();
        await AddAsync(store, Own(Ada, "LB-A", 10m), Linked(Ada, "Green Bank", "A-1"), Loan(Ada, "Green Bank", "L-1"));

        var held = await new AccountsQuery(store).GetAsync(ObjectId.GenerateNewId(), Cancel);

        Assert.Empty(held.LeafyBank);
        Assert.Empty(held.Linked);
        Assert.Empty(held.Products);
    }

    [Fact]
    public async Task A_linked_account_is_found_by_its_id_with_spaces_ignored_and_at_the_bank_when_one_is_named()
    {
        await using var store = await NewStoreAsync();
        await AddAsync(store, Linked(Ada, "Green Bank", "GB-1"), Loan(Ada, "MongoDB Bank", "MB-LOAN"));
        var query = new AccountsQuery(store);

        Assert.True(await query.HasLinkedAccountAsync(Ada.UserId, null, " GB-1 ", Cancel));
        Assert.True(await query.HasLinkedAccountAsync(Ada.UserId, " Green Bank ", "GB-1", Cancel));
        Assert.False(await query.HasLinkedAccountAsync(Ada.UserId, "MongoDB Bank", "GB-1", Cancel));
        // A loan is not an account: the transaction filter's account id names accounts only.
        Assert.False(await query.HasLinkedAccountAsync(Ada.UserId, null, "MB-LOAN", Cancel));
    }
}

public sealed class EmbeddedAccountsQueryContractTests(EmbeddedStoreFixture fixture)
    : AccountsQueryContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoAccountsQueryContractTests(MongoStoreFixture fixture)
    : AccountsQueryContractTests(fixture), IClassFixture<MongoStoreFixture>;
