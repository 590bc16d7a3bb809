using LeafyBank.Web.Components.Layout;
using LeafyBank.Web.Components.Pages;
using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Layout;

/// <summary>Staff who are not customers are sent from customer pages to the analytics (Routes wraps every page in the gate).</summary>
public sealed class CustomerPageGateTests : MudTestContext
{
    private IRenderedComponent<CustomerPageGate> RenderGate(Type pageType) =>
        Render<CustomerPageGate>(parameters => parameters
            .Add(gate => gate.PageType, pageType)
            .Add(gate => gate.ChildContent, (RenderFragment)(builder => builder.AddMarkupContent(0, "<p data-testid=\"page\">page</p>"))));

    [Fact]
    public void An_analyst_who_is_not_a_customer_is_sent_from_the_dashboard_to_the_analytics()
    {
        Authorization.SetAuthorized("analyst");
        Authorization.SetPolicies(AnalystPolicy.Name);
        var navigation = Services.GetRequiredService<NavigationManager>();

        var cut = RenderGate(typeof(DashboardPage));

        // Told to say why: without it the analyst lands on the analytics with no word on the page they asked for.
        cut.WaitForAssertion(() => Assert.Equal(navigation.BaseUri + "analytics?from=customer-page", navigation.Uri));
        Assert.Empty(cut.FindAll("[data-testid=page]"));
    }

    [Fact]
    public void An_analyst_may_open_the_home_page()
    {
        Authorization.SetAuthorized("analyst");
        Authorization.SetPolicies(AnalystPolicy.Name);

        var cut = RenderGate(typeof(Home));

        cut.WaitForElement("[data-testid=page]");
    }

    [Fact]
    public void A_customer_opens_the_dashboard()
    {
        SignInCustomer("fridaklo");
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;

        var cut = RenderGate(typeof(DashboardPage));

        cut.WaitForElement("[data-testid=page]");
        Assert.Equal(before, navigation.Uri);
    }

    [Fact]
    public void Customer_pages_are_those_for_any_signed_in_user()
    {
        Assert.True(CustomerPages.Includes(typeof(DashboardPage)));
        Assert.True(CustomerPages.Includes(typeof(LeafyBank.Web.Components.Pages.Transactions.Transactions)));
        Assert.False(CustomerPages.Includes(typeof(LeafyBank.Web.Components.Pages.Analytics.AnalyticsPage)));
        Assert.False(CustomerPages.Includes(typeof(Home)));
    }
}
