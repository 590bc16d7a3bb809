using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// Issue 11: the Accounts page and an account's page read their data once per visit. The prerender
/// reads it and already shows the accounts (not a loading state), and hands it to the interactive
/// render, which takes it instead of reading again.
/// </summary>
public sealed class AccountsPrerenderTests : PersonasTestContext
{
    /// <summary>Renders as the server's prerender does, and hands over what it persisted as the page would carry it.</summary>
    private void HandOver<TState>(string key)
    {
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<TState>(key, out var handed), $"the prerender handed nothing over under '{key}'");
        PersistentState.Persist(key, handed!);
    }

    [Fact]
    public async Task The_accounts_page_prerenders_the_accounts_and_the_interactive_render_takes_them_without_reading_again()
    {
        await AddAsync(Account(Frida, "Donau Bank", "5367b38d-0021", AccountTypes.Checking, 1250.40m, "EUR", name: "Girokonto"));
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var prerendered = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();
        prerendered.WaitForElement("[data-testid=institution][data-bank='Donau Bank']");
        Assert.Empty(prerendered.FindAll("[data-testid=accounts-loading]"));
        Assert.Contains("Girokonto", prerendered.Markup, StringComparison.Ordinal);
        HandOver<AccountsPageState>("accounts-page");

        // Stored after the prerender: an interactive render that read again would show Thames Bank too.
        await AddAsync(Account(Frida, "Thames Bank", "40-00-12", AccountTypes.Savings, 10m, "GBP", name: "Instant Saver"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        interactive.WaitForElement("[data-testid=institution][data-bank='Donau Bank']");
        Assert.Empty(interactive.FindAll("[data-testid=institution][data-bank='Thames Bank']"));
        Assert.Equal(1, PositionService.Calls);
    }

    [Fact]
    public async Task The_accounts_page_does_not_take_what_was_prerendered_for_another_user()
    {
        await AddAsync(Account(Frida, "Donau Bank", "5367b38d-0021", AccountTypes.Checking, 1250.40m, "EUR", name: "Girokonto"));
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>().WaitForElement("[data-testid=institution][data-bank='Donau Bank']");
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<AccountsPageState>("accounts-page", out var handed));
        // The page the browser holds was prerendered for someone else (another sign-in since).
        PersistentState.Persist("accounts-page", handed! with { SignedInAs = "gracehop" });

        await AddAsync(Account(Frida, "Thames Bank", "40-00-12", AccountTypes.Savings, 10m, "GBP", name: "Instant Saver"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = Render<LeafyBank.Web.Components.Pages.Accounts.Accounts>();

        interactive.WaitForElement("[data-testid=institution][data-bank='Thames Bank']");
        Assert.Equal(2, PositionService.Calls);
    }

    [Fact]
    public async Task An_account_page_prerenders_the_account_and_the_interactive_render_takes_it_without_reading_again()
    {
        var giro = Account(Frida, "Donau Bank", "5367b38d-0021", AccountTypes.Checking, 1250.40m, "EUR", name: "Girokonto");
        await AddAsync(giro);
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var prerendered = OpenAccountPage(giro.Id);
        prerendered.WaitForElement("[data-testid=account-title]");
        Assert.Empty(prerendered.FindAll("[data-testid=account-loading]"));
        Assert.Equal("Girokonto", prerendered.Find("[data-testid=account-title]").TextContent.Trim());
        HandOver<AccountPageState>("account-page");

        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = OpenAccountPage(giro.Id);

        interactive.WaitForElement("[data-testid=account-title]");
        Assert.Equal("1,250.40 EUR", interactive.Find("[data-testid=account-balance]").TextContent.Trim());
        Assert.Equal(1, PositionService.Calls);
    }
}
