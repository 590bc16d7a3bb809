using Bunit;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using LeafyBank.Core.Security;
using LeafyBank.Tests.Web;
using LeafyBank.Web.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using LeafyBank.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace LeafyBank.Tests.Components;

public sealed class MainLayoutTests : MudTestContext, IAsyncLifetime
{
    private readonly TempDataDirectory directory = new();
    private readonly SqliteDocumentStore store;

    public MainLayoutTests()
    {
        // What the connection banner in the layout needs: a store (empty, no customers), the banks, the clock.
        store = new SqliteDocumentStore(directory.Path);
        var banks = new NoBanks();
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var tokens = new BankTokenService(store, protector, new BankOAuthClient(new HttpClient(), new BankClientCredentials("leafybank", "secret")), TestTime.Frozen());
        Services.AddSingleton<IDocumentStore>(store);
        Services.AddSingleton(new ConnectionOverview(store, banks, TestTime.Frozen()));
        Services.AddSingleton(new SyncService(store, banks, tokens, [], new SyncInstance("bunit"), TestTime.Frozen()));
        Services.AddScoped<ConnectionChanges>();
        Services.AddScoped<CurrentCustomer>();
    }

    public async ValueTask InitializeAsync() => await store.InitializeAsync(Xunit.TestContext.Current.CancellationToken);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await store.DisposeAsync();
        directory.Dispose();
    }

    private sealed class NoBanks : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<BankDirectoryEntry>>([]);
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(parameters => parameters.Add(layout => layout.Body,
            (RenderFragment)(builder => builder.AddMarkupContent(0, "<p data-testid=\"page-body\">page</p>"))));

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
        Authorization.SetAuthorized("fridaklo");

        var cut = RenderLayout();

        var links = cut.FindAll(".mud-navmenu a").Select(link => (link.TextContent.Trim(), link.GetAttribute("href"))).ToList();
        Assert.Contains(("Dashboard", "dashboard"), links);
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
