using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// bUnit for the Accounts pages over <see cref="PersonasTestContext"/>, with the real global
/// position computed from the store (the pages' figures are the dashboard's) and an interactive renderer.
/// </summary>
public abstract class AccountsTestContext : PersonasTestContext
{
    protected AccountsTestContext()
    {
        // The Accounts page reads the connection states beside the position; the directory knows no bank, so names come from the sync states.
        Services.AddSingleton(new ConnectionOverview(Store, new FixedBankDirectory(), Clock));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>An account's page as every link opens it: by the reference of the stored document (its id, set as it was added).</summary>
    protected IRenderedComponent<AccountPage> OpenAccountPage(ObjectId reference) =>
        Render<AccountPage>(p => p.Add(c => c.Reference, reference.ToString()));

    protected ExternalAccount Account(PartyReference owner, string bank, string id, string type, decimal balance, string currency,
        string? name = null, string? identification = null, string? narrative = null) => new()
        {
            AccountId = id,
            AccountBank = bank,
            AccountType = type,
            AccountBalance = balance,
            AccountCurrency = currency,
            AccountDate = new AccountDates { OpeningDate = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
            AccountUser = owner,
            AccountName = name,
            AccountIdentification = identification,
            GreenAccountNarrative = narrative,
            Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddMinutes(-5) },
        };

    protected ExternalProduct Loan(PartyReference owner, string bank, string id, string type, decimal outstanding, string currency,
        decimal rate, int termMonths, DateOnly opened, string? name = null, string? narrative = null) => new()
        {
            ProductId = id,
            ProductBank = bank,
            ProductType = type,
            ProductAmount = outstanding,
            ProductCurrency = currency,
            ProductInterestRate = rate,
            RepaymentPeriod = termMonths,
            ProductDate = new ProductDates { OpeningDate = opened.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) },
            ProductCustomer = owner,
            ProductName = name,
            GreenProductNarrative = narrative,
            Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddMinutes(-5) },
        };
}
