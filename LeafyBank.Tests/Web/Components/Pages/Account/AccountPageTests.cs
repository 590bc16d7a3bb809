using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Account;

/// <summary>The account page: the account's facts, its green narrative in words and its latest transactions; a loan's terms; nothing of anyone else's.</summary>
public sealed class AccountPageTests : PersonasTestContext
{
    private ExternalTransaction Payment(PartyReference owner, string bank, string account, string id, decimal amount, int daysAgo) => new()
    {
        TransactionId = id,
        TransactionBank = bank,
        AccountId = account,
        TransactionUser = owner,
        BookingStatus = BookingStatuses.Booked,
        Amount = amount,
        Currency = "EUR",
        BookingDate = Now.AddDays(-daysAgo),
        Description = $"Payment {id}",
        Category = "Groceries",
    };

    [Fact]
    public async Task An_account_page_shows_its_name_bank_type_number_balance_opening_date_narrative_and_latest_transactions()
    {
        var giro = Account(Frida, "Donau Bank", "5367b38d-0021", AccountTypes.Checking, 1250.40m, "EUR", name: "Girokonto",
            identification: "DE89370400440532013000");
        await AddAsync(giro);
        for (var i = 1; i <= 12; i++)
        {
            await AddAsync(Payment(Frida, "Donau Bank", "5367b38d-0021", $"D{i}", -i, i));
        }
        await AddAsync(Payment(Frida, "Green Bank", "204515807", "G1", -1m, 1));

        var cut = OpenAccountPage(giro.Id);

        cut.WaitForElement("[data-testid=account-title]");
        Assert.Equal("Girokonto", cut.Find("[data-testid=account-title]").TextContent.Trim());
        Assert.Equal("Current account at Donau Bank", cut.Find("[data-testid=account-subtitle]").TextContent.Trim());
        Assert.Equal("1,250.40 EUR", cut.Find("[data-testid=account-balance]").TextContent.Trim());
        var inUsd = decimal.Round(1250.40m * ExchangeRates.Default.RateBetween("EUR", "USD")!.Value, 2, MidpointRounding.AwayFromZero);
        Assert.StartsWith($"≈ {DashboardFormat.Money(inUsd, "USD")}", cut.Find("[data-testid=account-balance-base]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Donau Bank", cut.Find("[data-testid=fact-bank]").TextContent.Trim());
        Assert.Equal("•••• 3000", cut.Find("[data-testid=fact-number]").TextContent.Trim());
        Assert.Equal("EUR", cut.Find("[data-testid=fact-currency]").TextContent.Trim());
        Assert.Equal("1 Mar 2021", cut.Find("[data-testid=fact-opened]").TextContent.Trim());
        Assert.Contains("has not described this account as green", cut.Find("[data-testid=no-green-narrative]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("DE89370400440532013000", cut.Markup, StringComparison.Ordinal);

        // Its own latest ten, newest first, and a link to all of them on the transactions page.
        Assert.Equal(new TransactionFilter(Bank: "Donau Bank", AccountId: "5367b38d-0021", PageSize: AccountPage.LatestCount), TransactionQuery.Finds[^1].Filter);
        Assert.Equal(Frida.UserId, TransactionQuery.Finds[^1].Owner);
        Assert.Equal(10, cut.FindAll("[data-testid=account-transaction-list] tbody tr").Count);
        var all = cut.Find("[data-testid=all-transactions]");
        Assert.Equal($"transactions?bank=Donau%20Bank&account={giro.Id}", all.GetAttribute("href"));
        Assert.Contains("See all 12 transactions", all.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_green_account_says_what_its_bank_claims_in_words()
    {
        var savings = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 300m, "USD",
            narrative: "Savings account focusing on sustainable banking at Green Bank");
        await AddAsync(savings);

        var cut = OpenAccountPage(savings.Id);

        var narrative = cut.WaitForElement("[data-testid=green-narrative]");
        Assert.Equal("Green Bank describes this account as green: “Savings account focusing on sustainable banking at Green Bank”",
            narrative.TextContent.Trim());
        Assert.Equal("Savings account", cut.Find("[data-testid=account-title]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=account-balance-base]"));
    }

    [Fact]
    public async Task A_mortgage_page_shows_rate_monthly_payment_outstanding_and_payoff_as_the_dashboard_works_them_out()
    {
        var opened = DateOnly.FromDateTime(Now).AddYears(-3);
        var mortgage = Loan(Frida, "Donau Bank", "5367b38d-0099", ProductTypes.Mortgage, 120000m, "EUR", 3.1m, 240, opened, name: "Wohnbaukredit");
        await AddAsync(mortgage);
        var user = (await Store.Collection(LeafyBank.Core.Persistence.OpenFinanceCollections.Users).FindByKeyAsync(["fridaklo"], Cancel))!;
        var expected = Assert.Single((await new GlobalPositionService(Store, IPositionQuery.For(Store), ExchangeRates.Default, Clock).GetAsync(user, Cancel)).Loans);

        var cut = OpenAccountPage(mortgage.Id);

        cut.WaitForElement("[data-testid=account-title]");
        Assert.Equal("Wohnbaukredit", cut.Find("[data-testid=account-title]").TextContent.Trim());
        Assert.Equal("Mortgage at Donau Bank", cut.Find("[data-testid=account-subtitle]").TextContent.Trim());
        Assert.Equal("3.1 % a year", cut.Find("[data-testid=fact-rate]").TextContent.Trim());
        Assert.Equal($"{DashboardFormat.Money(expected.MonthlyPayment!.Value, "EUR")} (estimated)", cut.Find("[data-testid=fact-payment]").TextContent.Trim());
        Assert.Equal("120,000.00 EUR", cut.Find("[data-testid=account-balance]").TextContent.Trim());
        // Said once, at the top: not again among the facts.
        Assert.DoesNotContain(cut.FindAll("[data-testid=account-facts] dt"), term => term.TextContent == "Outstanding");
        // The formula waits behind its summary, beside the figures it explains, not under Sustainability.
        Assert.NotNull(cut.Find("[data-testid=account-facts] ~ details [data-testid=payment-method]"));
        Assert.Equal(DashboardFormat.Day(opened.AddMonths(240)), cut.Find("[data-testid=fact-payoff]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=account-transactions]"));
        Assert.Empty(TransactionQuery.Finds);
    }

    [Fact]
    public async Task Another_customers_account_is_not_found_and_nothing_of_it_shows()
    {
        var gracesAccount = Account(Grace, "Green Bank", "999000111", AccountTypes.Checking, 9999m, "USD", name: "Grace's Everyday");
        await AddAsync(gracesAccount);
        await AddAsync(Payment(Grace, "Green Bank", "999000111", "GR1", -77m, 1));

        // Grace's real reference, opened by Frida.
        var cut = OpenAccountPage(gracesAccount.Id);

        var notFound = cut.WaitForElement("[data-testid=account-not-found]");
        Assert.Contains("None of your accounts or loans matches this link.", notFound.TextContent, StringComparison.Ordinal);
        Assert.Equal("accounts", cut.Find("[data-testid=back-to-accounts]").GetAttribute("href"));
        Assert.DoesNotContain("Everyday", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("9,999", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(TransactionQuery.Finds);
    }

    [Fact]
    public void A_made_up_account_is_not_found_in_the_same_words()
    {
        var cut = OpenAccountPage(ObjectId.GenerateNewId());

        Assert.Contains("None of your accounts or loans matches this link.",
            cut.WaitForElement("[data-testid=account-not-found]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_link_by_bank_and_account_number_moves_to_the_address_without_the_number_and_replaces_it_in_history()
    {
        var savings = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 300m, "USD");
        await AddAsync(savings);
        var navigation = Services.GetRequiredService<BunitNavigationManager>();

        Render<AccountPage>(p => p.Add(c => c.Bank, "Green Bank").Add(c => c.AccountId, "204515807"));

        var moved = Assert.Single(navigation.History);
        Assert.Equal($"accounts/{savings.Id}", moved.Uri);
        Assert.True(moved.Options.ReplaceHistoryEntry);
        Assert.DoesNotContain("204515807", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_link_to_an_account_the_customer_does_not_have_is_not_found_and_goes_nowhere()
    {
        var navigation = Services.GetRequiredService<BunitNavigationManager>();

        var cut = Render<AccountPage>(p => p.Add(c => c.Bank, "Green Bank").Add(c => c.AccountId, "999000111"));

        cut.WaitForElement("[data-testid=account-not-found]");
        Assert.Empty(navigation.History);
    }
}
