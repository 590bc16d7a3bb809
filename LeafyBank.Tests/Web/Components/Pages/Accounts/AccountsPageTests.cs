using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>The Accounts page lists the customer's own accounts and loans by bank, each named, masked, valued twice and dated.</summary>
public sealed class AccountsPageTests : PersonasTestContext
{
    private async Task FridasBanksAsync()
    {
        await AddAsync(Account(Frida, "Donau Bank", "5367b38d-0021", AccountTypes.Checking, 1250.40m, "EUR", name: "Girokonto",
            identification: "DE89 3704 0044 0532 0130 00"));
        await AddAsync(Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 300m, "USD",
            narrative: "Savings account focusing on sustainable banking at Green Bank"));
        await AddAsync(Loan(Frida, "Donau Bank", "5367b38d-0099", ProductTypes.Mortgage, 120000m, "EUR", 3.1m, 240,
            DateOnly.FromDateTime(Now).AddYears(-3), name: "Wohnbaukredit"));
        // Grace's account at the same bank never shows on Frida's page.
        await AddAsync(Account(Grace, "Green Bank", "999000111", AccountTypes.Checking, 9999m, "USD", name: "Grace's Everyday"));
    }

    [Fact]
    public async Task A_customer_sees_every_account_and_loan_grouped_by_bank_with_names_masked_numbers_and_both_currencies()
    {
        await FridasBanksAsync();

        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        cut.WaitForElement("[data-testid=institution]");
        var banks = cut.FindAll("[data-testid=institution]").Select(s => s.GetAttribute("data-bank")).ToList();
        Assert.Equal(["Leafy Bank", "Donau Bank", "Green Bank"], banks);
        // With banks linked, connecting another is offered beside the title.
        Assert.Equal("connections/new", cut.Find("[data-testid=connect-bank]").GetAttribute("href"));

        var donau = cut.Find("[data-testid=institution][data-bank='Donau Bank']");
        var donauRows = donau.QuerySelectorAll("[data-testid=account-row]");
        Assert.Equal(["Girokonto", "Wohnbaukredit"], donauRows.Select(r => r.QuerySelector("[data-testid=account-name]")!.TextContent.Trim()));
        var giro = donauRows[0];
        Assert.Equal("•••• 3000", giro.QuerySelector("[data-testid=account-number]")!.TextContent.Trim());
        Assert.Equal("Current account", giro.QuerySelector("[data-testid=account-type]")!.TextContent.Trim());
        Assert.Equal("1,250.40 EUR", giro.QuerySelector("[data-testid=account-amount]")!.TextContent.Trim());
        var inUsd = decimal.Round(1250.40m * ExchangeRates.Default.RateBetween("EUR", "USD")!.Value, 2, MidpointRounding.AwayFromZero);
        Assert.Equal($"≈ {DashboardFormat.Money(inUsd, "USD")}", giro.QuerySelector("[data-testid=account-amount-base]")!.TextContent.Trim());
        Assert.Equal("Updated 5 minutes ago", giro.QuerySelector("[data-testid=account-freshness]")!.TextContent.Trim());
        var giroDocument = Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, a => a.AccountId == "5367b38d-0021", Cancel));
        Assert.Equal($"accounts/{giroDocument.Id}", giro.QuerySelector("a")!.GetAttribute("href"));
        // Every account's link is by its reference: none carries a bank's id for the account, which at Leafy Bank and
        // Green Bank is the full account number the page masks.
        var accountLinks = cut.FindAll("[data-testid=account-row] a").Select(link => link.GetAttribute("href")!).ToList();
        var leafyBankAccounts = await Store.Collection(OpenFinanceCollections.InternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel);
        Assert.Equal(leafyBankAccounts.Count + 3, accountLinks.Count);
        Assert.All(accountLinks, href => Assert.Matches("^accounts/[0-9a-f]{24}$", href));
        Assert.Equal("Mortgage", donauRows[1].QuerySelector("[data-testid=account-type]")!.TextContent.Trim());
        Assert.Equal("120,000.00 EUR owed", donauRows[1].QuerySelector("[data-testid=account-amount]")!.TextContent.Trim());

        // The bank sent no name: the type in words, never the id; only the green account is marked green.
        var green = cut.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=account-row]");
        Assert.Equal("Savings account", green.QuerySelector("[data-testid=account-name]")!.TextContent.Trim());
        Assert.Equal("•••• 5807", green.QuerySelector("[data-testid=account-number]")!.TextContent.Trim());
        Assert.Null(green.QuerySelector("[data-testid=account-type]"));
        Assert.NotNull(green.QuerySelector("[data-testid=green-mark]"));
        Assert.Null(green.QuerySelector("[data-testid=account-amount-base]"));
        Assert.Single(cut.FindAll("[data-testid=green-mark]"));

        // Leafy Bank's own accounts are live, and the linked banks are not an empty state.
        var own = cut.FindAll("[data-testid=institution][data-bank='Leafy Bank'] [data-testid=account-row]");
        Assert.Equal(3, own.Count);
        Assert.All(own, row => Assert.Equal("Live", row.QuerySelector("[data-testid=account-freshness]")!.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=accounts-empty]"));
        Assert.DoesNotContain("Grace", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("9,999", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_with_no_accounts_anywhere_is_invited_to_connect_a_bank()
    {
        SignInCustomer("adalove");

        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        var empty = cut.WaitForElement("[data-testid=accounts-empty]");
        Assert.Contains("No other banks linked yet", empty.TextContent, StringComparison.Ordinal);
        Assert.Equal("connections/new", cut.Find("[data-testid=connect-first-bank]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=institution]"));
        Assert.Contains("You have no accounts with us yet.", cut.Find("[data-testid=accounts-intro]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_with_only_leafy_bank_accounts_sees_them_and_the_invitation()
    {
        var cut = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        cut.WaitForElement("[data-testid=accounts-empty]");
        Assert.Equal(["Leafy Bank"], cut.FindAll("[data-testid=institution]").Select(s => s.GetAttribute("data-bank")));
        // One way to connect, in the invitation: not a second "Connect a bank" beside the title.
        Assert.Single(cut.FindAll("a[href='connections/new']"));
        Assert.Empty(cut.FindAll("[data-testid=connect-bank]"));
    }
}
