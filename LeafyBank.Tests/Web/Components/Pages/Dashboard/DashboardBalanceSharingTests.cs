using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard with a bank that does not share balances: "Accounts by bank" says "Balances not shared" instead of a
/// 0.00 that reads as empty accounts, the totals say what they leave out and link to changing what is shared, and a
/// green account without a shared balance shows no amount.
/// </summary>
public sealed class DashboardBalanceSharingTests : PersonasTestContext
{
    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>Leafy Bank's accounts, and Green Bank's loan and <paramref name="greenBank"/> as its accounts' figures.</summary>
    private GlobalPosition WithGreenBankAccounts(InstitutionPosition greenBank, bool greenBalanceShared = true)
    {
        var position = Positions.WithGreenBank(Now, TimeSpan.FromMinutes(5));
        return position with
        {
            ByInstitution = [position.ByInstitution[0], greenBank],
            Green = position.Green with
            {
                Narratives = [.. position.Green.Narratives.Select(n => n.Side == PositionSide.Balance
                    ? n with { AmountInBase = greenBalanceShared ? n.AmountInBase : 0m, BalanceShared = greenBalanceShared }
                    : n)],
                // As the position counts it: a balance not shared is 0.
                GreenBalance = greenBalanceShared ? position.Green.GreenBalance : 0m,
                BalanceShare = greenBalanceShared ? position.Green.BalanceShare : 0m,
            },
        };
    }

    private async Task<IRenderedComponent<DashboardPage>> RenderAsync(GlobalPosition position)
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-3), Now.AddDays(87), Now.AddDays(-3));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
        PositionService.Set(FridaId, position);
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=institution-row][data-bank='Green Bank']");
        return cut;
    }

    [Fact]
    public async Task A_bank_sharing_no_balance_says_so_instead_of_a_zero_and_the_totals_say_what_they_leave_out()
    {
        var cut = await RenderAsync(WithGreenBankAccounts(new InstitutionPosition("Green Bank", 0m, 10700m, false, 2, 1, BalancesNotShared: 2)));

        var row = cut.Find("[data-testid=institution-row][data-bank='Green Bank']");
        Assert.Equal("Balances not shared", Text(row.QuerySelector("[data-testid=institution-balance]")!));
        Assert.Equal("connections/new?bank=greenbank&share=balances", row.QuerySelector("[data-testid=institution-share-balances]")!.GetAttribute("href"));
        Assert.Equal("Leaves out balances not shared", Text(cut.Find("[data-testid=total-balance-not-shared]")));
        Assert.Equal("Not included: 2 accounts at Green Bank whose balances are not shared with Leafy Bank. To include them, change what you share with Green Bank.",
            Text(cut.Find("[data-testid=balances-not-shared]")));
        Assert.Equal("connections/new?bank=greenbank&share=balances", cut.Find("[data-testid=balances-not-shared] [data-testid=share-balances]").GetAttribute("href"));
        // Leafy Bank's own accounts are shared: their total stays a figure.
        Assert.Equal("4,625.00 USD", Text(cut.Find("[data-testid=institution-row][data-bank='Leafy Bank'] [data-testid=institution-balance]")));
    }

    [Fact]
    public async Task A_bank_sharing_some_balances_shows_its_total_and_how_many_are_not_shared()
    {
        var cut = await RenderAsync(WithGreenBankAccounts(new InstitutionPosition("Green Bank", 7825m, 10700m, false, 3, 1, BalancesNotShared: 2, LastSharedBalances: 1)));

        var row = cut.Find("[data-testid=institution-row][data-bank='Green Bank']");
        Assert.Equal("7,825.00 USD", Text(row.QuerySelector("[data-testid=institution-balance]")!));
        Assert.Equal("1 account's balance not shared; 1 account at its last shared balance · Change what you share",
            Text(row.QuerySelector("[data-testid=institution-not-shared]")!));
        Assert.Equal("Not included: 1 account at Green Bank whose balance is not shared with Leafy Bank. " +
                     "1 account at Green Bank counts at its last shared balance, which is no longer updated. " +
                     "To include them, change what you share with Green Bank.",
            Text(cut.Find("[data-testid=balances-not-shared]")));
    }

    [Fact]
    public async Task A_green_account_without_a_shared_balance_shows_no_amount()
    {
        var cut = await RenderAsync(WithGreenBankAccounts(new InstitutionPosition("Green Bank", 0m, 10700m, false, 1, 1, BalancesNotShared: 1), greenBalanceShared: false));

        Assert.Contains("Your savings account at Green Bank (balance not shared):", cut.Find("[data-testid=green]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("(0.00 USD)", cut.Find("[data-testid=green]").TextContent, StringComparison.Ordinal);
        // Not "0.0 % of your balances": the green savings may hold much of the customer's money, which Leafy Bank does not know.
        Assert.Equal("Not known: your green account's balance is not shared with Leafy Bank, so Leafy Bank cannot say how much of your money is green.",
            Text(cut.Find("[data-testid=green-balance-share]")));
    }

    [Fact]
    public async Task A_green_share_leaves_out_green_accounts_whose_balances_are_not_shared_and_says_so()
    {
        var position = Positions.WithGreenBank(Now, TimeSpan.FromMinutes(5));
        position = position with
        {
            Green = position.Green with
            {
                Narratives = [.. position.Green.Narratives, new GreenNarrative("Green Bank", PositionSide.Balance, "204515808", "Checking", "A green current account", 0m, BalanceShared: false)],
            },
        };

        var cut = await RenderAsync(position);

        Assert.Equal("62.9 % of your balances (7,825.00 USD) sit in accounts your banks describe as green, leaving out 1 green account whose balance is not shared.",
            Text(cut.Find("[data-testid=green-balance-share]")));
    }

    [Fact]
    public async Task Banks_that_share_balances_get_no_such_words()
    {
        var cut = await RenderAsync(Positions.WithGreenBank(Now, TimeSpan.FromMinutes(5)));

        Assert.Empty(cut.FindAll("[data-testid=balances-not-shared], [data-testid=total-balance-not-shared], [data-testid=institution-not-shared]"));
        Assert.Equal("7,825.00 USD", Text(cut.Find("[data-testid=institution-row][data-bank='Green Bank'] [data-testid=institution-balance]")));
    }
}
