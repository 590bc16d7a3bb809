using LeafyBank.Web.Components.Formatting;
using LeafyBank.Web.Components.Layout;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using MudBlazor.Extensions;

namespace LeafyBank.Tests.Web.Components.Layout;

public sealed class MainLayoutTests : MudTestContext
{

    public MainLayoutTests()
    {
        // What the connection banner in the layout needs: a store (empty, no customers), the banks, the clock.
        var banks = new FixedBankDirectory();
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var tokens = new BankTokenService(Store, protector, new BankOAuthClient(new HttpClient(), new BankClientCredentials("leafybank", "secret")), TestTime.Frozen());
        Services.AddSingleton(new ConnectionOverview(Store, banks, TestTime.Frozen()));
        Services.AddSingleton(new SyncService(Store, banks, tokens, [], new SyncInstance("bunit"), TestTime.Frozen()));
        Services.AddScoped<ConnectionChanges>();
        Services.AddSingleton<TimeProvider>(TestTime.Frozen());
        Services.AddScoped<CustomerTimeZone>();
        Services.AddSingleton<IErrorBoundaryLogger>(errors);
    }

    private readonly RecordingErrorBoundaryLogger errors = new();

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(parameters => parameters.Add(layout => layout.Body,
            (RenderFragment)(builder => builder.AddMarkupContent(0, "<p data-testid=\"page-body\">page</p>"))));

    private IRenderedComponent<MainLayout> RenderLayoutAround<TPage>() where TPage : IComponent =>
        Render<MainLayout>(parameters => parameters.Add(layout => layout.Body,
            (RenderFragment)(builder =>
            {
                builder.OpenComponent<TPage>(0);
                builder.CloseComponent();
            })));

    private IRenderedComponent<MainLayout> RenderLayoutWithSavedTheme(ThemeChoice saved) =>
        Render<CascadingValue<ThemeChoice>>(parameters => parameters
                .Add(cascade => cascade.Value, saved)
                .Add(cascade => cascade.IsFixed, true)
                .AddChildContent<MainLayout>(layout => layout.Add(l => l.Body, (RenderFragment)(_ => { }))))
            .FindComponent<MainLayout>();

    /// <summary>The browser side of <c>wwwroot/js/preferences.js</c>, as the layout imports it.</summary>
    private BunitJSModuleInterop PreferencesModule() =>
        JSInterop.SetupModule(invocation => invocation.Arguments.Count == 1 && invocation.Arguments[0] is string path && path.EndsWith("preferences.js", StringComparison.Ordinal));

    private static IReadOnlyList<string> MenuLinks(IRenderedComponent<MainLayout> cut) =>
        cut.FindAll(".mud-navmenu a").Select(link => link.TextContent.Trim()).ToList();

    /// <summary>A page with a button whose handler fails, as a page whose data load throws would.</summary>
    private sealed class BreakablePage : ComponentBase
    {
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "data-testid", "break-page");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => throw new InvalidOperationException("The page broke.")));
            builder.AddContent(3, "Break");
            builder.CloseElement();
        }
    }

    private sealed class RecordingErrorBoundaryLogger : IErrorBoundaryLogger
    {
        public List<Exception> Logged { get; } = [];

        public ValueTask LogErrorAsync(Exception exception)
        {
            Logged.Add(exception);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public void A_page_that_fails_shows_a_way_back_and_try_again_brings_the_page_back()
    {
        SignInCustomer("fridaklo");
        var cut = RenderLayoutAround<BreakablePage>();

        // Without the boundary this exception would escape and end the circuit.
        cut.Find("[data-testid=break-page]").Click();

        var panel = cut.Find("[data-testid=page-error]");
        Assert.Contains("Something went wrong on this page", panel.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", panel.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("The page broke", panel.TextContent, StringComparison.Ordinal);
        Assert.Equal("dashboard", cut.Find("[data-testid=page-error-back]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=break-page]"));
        // The layout around the page still works.
        Assert.NotNull(cut.Find("[data-testid=app-title]"));
        var logged = Assert.Single(errors.Logged);
        Assert.Equal("The page broke.", logged.Message);

        cut.Find("[data-testid=page-error-retry]").Click();

        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
        Assert.NotNull(cut.Find("[data-testid=break-page]"));
    }

    [Fact]
    public void Opening_another_page_after_a_failure_shows_that_page_not_the_error()
    {
        var cut = RenderLayoutAround<BreakablePage>();
        cut.Find("[data-testid=break-page]").Click();
        Assert.Equal("", cut.Find("[data-testid=page-error-back]").GetAttribute("href"));

        cut.Render(parameters => parameters.Add(layout => layout.Body,
            (RenderFragment)(builder => builder.AddMarkupContent(0, "<p data-testid=\"page-body\">next page</p>"))));

        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
        Assert.Equal("next page", cut.Find("[data-testid=page-body]").TextContent);
    }

    [Fact]
    public void An_analyst_who_is_not_a_customer_sees_the_analyst_menu_with_sign_out_everywhere_and_no_connection_banner()
    {
        Authorization.SetAuthorized("analyst");
        Authorization.SetPolicies(AnalystPolicy.Name);

        var cut = RenderLayout();

        // "Sign out everywhere" too: her sessions are hers by her identity at the provider, and she may end them all.
        cut.WaitForAssertion(() => Assert.Equal(["Home", "Analytics", "Sign out everywhere"], MenuLinks(cut)));
        Assert.Single(cut.FindAll("[data-testid=sign-out-everywhere]"));
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
    }

    [Fact]
    public void A_customer_sees_the_customer_menu_with_accounts_and_no_analytics()
    {
        SignInCustomer("fridaklo");

        var cut = RenderLayout();

        cut.WaitForAssertion(() => Assert.Equal(["Home", "Dashboard", "Accounts", "Transactions", "Connections", "Ledger", "Data API", "Sign out everywhere"], MenuLinks(cut)));
        Assert.Equal("accounts", cut.FindAll(".mud-navmenu a").Single(link => link.TextContent.Trim() == "Accounts").GetAttribute("href"));
    }

    [Fact]
    public async Task An_analyst_who_is_also_a_customer_sees_both_menus()
    {
        await Personas.EnsureSeededAsync(Store, TestTime.Frozen(), Xunit.TestContext.Current.CancellationToken);
        SignInCustomer(Personas.All[0].UserName);
        Authorization.SetPolicies(AnalystPolicy.Name);

        var cut = RenderLayout();

        cut.WaitForAssertion(() => Assert.Equal(["Home", "Dashboard", "Accounts", "Transactions", "Connections", "Ledger", "Data API", "Analytics", "Sign out everywhere"], MenuLinks(cut)));
    }

    [Fact]
    public async Task A_customers_time_zone_as_the_browser_reports_it_is_kept_with_the_customer_for_their_days()
    {
        await Personas.EnsureSeededAsync(Store, TestTime.Frozen(), Xunit.TestContext.Current.CancellationToken);
        SignInCustomer("fridaklo");
        var module = PreferencesModule();
        module.Setup<string?>("browserTimeZone").SetResult("Asia/Tokyo");
        module.SetupVoid("remember", _ => true).SetVoidResult();

        var cut = RenderLayout();
        cut.WaitForElement("[data-testid=circuit-ready]");

        var frida = await Store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["fridaklo"], Xunit.TestContext.Current.CancellationToken);
        Assert.Equal("Asia/Tokyo", frida!.TimeZone);
    }

    [Fact]
    public async Task A_browser_that_names_no_time_zone_leaves_the_customers_kept_zone_as_it_was()
    {
        await Personas.EnsureSeededAsync(Store, TestTime.Frozen(), Xunit.TestContext.Current.CancellationToken);
        var users = Store.Collection(OpenFinanceCollections.Users);
        var frida = (await users.FindByKeyAsync(["fridaklo"], Xunit.TestContext.Current.CancellationToken))!;
        frida.TimeZone = "America/New_York";
        await users.UpsertAsync(frida, Xunit.TestContext.Current.CancellationToken);
        SignInCustomer("fridaklo");
        var module = PreferencesModule();
        module.Setup<string?>("browserTimeZone").SetResult(null);

        var cut = RenderLayout();
        cut.WaitForElement("[data-testid=circuit-ready]");

        Assert.Equal("America/New_York", (await users.FindByKeyAsync(["fridaklo"], Xunit.TestContext.Current.CancellationToken))!.TimeZone);
    }

    [Fact]
    public void A_saved_dark_choice_renders_dark_from_the_first_render()
    {
        var cut = RenderLayoutWithSavedTheme(ThemeChoice.Chosen(dark: true));

        Assert.True(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        Assert.Equal("true", cut.Find("[data-testid=dark-mode-toggle]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Following_a_dark_system_the_page_is_dark_and_the_toggle_remembers_light()
    {
        var systemDark = JSInterop.Setup<bool>("mudThemeProvider.isDarkMode", _ => true);
        systemDark.SetResult(true);
        var module = PreferencesModule();
        module.Setup<string?>("browserTimeZone").SetResult("Europe/Berlin");
        module.SetupVoid("remember", _ => true).SetVoidResult();

        var cut = RenderLayout();
        cut.WaitForElement("[data-testid=circuit-ready]");

        Assert.True(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        cut.Find("[data-testid=dark-mode-toggle]").Click();

        Assert.False(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        var remembered = module.VerifyInvoke("remember", calledTimes: 3);
        Assert.Equal([ThemeChoice.CookieName, "system-dark"], remembered[0].Arguments);
        Assert.Equal([CustomerTimeZone.CookieName, "Europe/Berlin"], remembered[1].Arguments);
        Assert.Equal([ThemeChoice.CookieName, "light"], remembered[2].Arguments);
        Assert.Equal("Europe/Berlin", Services.GetRequiredService<CustomerTimeZone>().Zone.Id);
    }

    [Fact]
    public void Renders_the_app_bar_title_navigation_and_the_page_body()
    {
        var cut = RenderLayout();

        Assert.Equal("Leafy Bank", cut.Find("[data-testid=app-title]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=page-body]"));
        var links = cut.FindAll("nav a, .mud-navmenu a");
        Assert.Contains(links, link => link.TextContent.Contains("Home", StringComparison.Ordinal));
        // Only pages that exist: no disabled placeholders in the menu.
        Assert.Empty(cut.FindAll(".mud-nav-link-disabled, .mud-nav-link[aria-disabled=true]"));
    }

    [Fact]
    public void A_signed_in_customer_gets_dashboard_and_connections_in_the_menu()
    {
        SignInCustomer("fridaklo");

        var cut = RenderLayout();

        var links = cut.FindAll(".mud-navmenu a").Select(link => (link.TextContent.Trim(), link.GetAttribute("href"))).ToList();
        Assert.Contains(("Dashboard", "dashboard"), links);
        Assert.Contains(("Accounts", "accounts"), links);
        Assert.Contains(("Connections", "connections"), links);
        // A customer whose connections are all fine (here: none) gets no banner.
        cut.WaitForElement("[data-testid=circuit-ready]");
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
    }

    [Fact]
    public void Dark_mode_toggle_is_labelled_and_switches_the_theme()
    {
        var cut = RenderLayout();
        var toggle = cut.Find("[data-testid=dark-mode-toggle]");
        Assert.Equal("Dark mode", toggle.GetAttribute("aria-label"));
        Assert.Equal("false", toggle.GetAttribute("aria-pressed"));
        Assert.False(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));

        toggle.Click();

        Assert.True(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        Assert.Equal("true", cut.Find("[data-testid=dark-mode-toggle]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Menu_toggle_opens_and_closes_the_drawer()
    {
        var cut = RenderLayout();
        // Responsive drawer: its starting state depends on the viewport, so assert the flip.
        var initiallyOpen = cut.FindComponent<MudDrawer>().Instance.GetState(x => x.Open);

        cut.Find("[data-testid=menu-toggle]").Click();
        Assert.Equal(!initiallyOpen, cut.FindComponent<MudDrawer>().Instance.GetState(x => x.Open));
        Assert.Equal(initiallyOpen ? "false" : "true", cut.Find("[data-testid=menu-toggle]").GetAttribute("aria-expanded"));

        cut.Find("[data-testid=menu-toggle]").Click();
        Assert.Equal(initiallyOpen, cut.FindComponent<MudDrawer>().Instance.GetState(x => x.Open));
    }

    [Fact]
    public void Marks_the_circuit_ready_after_the_first_interactive_render()
    {
        var cut = RenderLayout();

        cut.WaitForElement("[data-testid=circuit-ready]");
    }

    [Fact]
    public void Uses_only_system_fonts_so_nothing_is_fetched_from_a_font_service()
    {
        var cut = RenderLayout();

        var theme = cut.FindComponent<MudThemeProvider>().Instance.Theme!;
        Assert.Equal("system-ui", theme.Typography.Default.FontFamily![0]);
        Assert.Equal("system-ui", theme.Typography.H1.FontFamily![0]);
        Assert.Equal("#00684a", theme.PaletteLight.Primary.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex).ToLowerInvariant());
    }
}
