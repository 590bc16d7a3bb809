using LeafyBank.Web.Components;
using LeafyBank.Web.Components.Layout;

namespace LeafyBank.Tests.Web.Components;

public sealed class SignInComponentTests : MudTestContext
{
    [Fact]
    public void RedirectToLogin_forces_a_full_load_of_the_login_endpoint_with_the_current_page_as_return_url()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("dashboard?tab=2");

        Render<RedirectToLogin>();

        Assert.Equal("http://localhost/authentication/login?returnUrl=%2Fdashboard%3Ftab%3D2", navigation.Uri);
        var last = Services.GetRequiredService<BunitNavigationManager>().History.First();
        Assert.True(last.Options.ForceLoad);
    }

    [Fact]
    public void App_bar_shows_the_signed_in_customer_and_a_sign_out_form_post()
    {
        Authorization.SetAuthorized("Frida Kahlo");

        var cut = Render<UserMenu>();

        Assert.Equal("Frida Kahlo", cut.Find("[data-testid=user-name]").TextContent.Trim());
        var form = cut.Find("[data-testid=sign-out-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("authentication/logout", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
        Assert.Empty(cut.FindAll("[data-testid=sign-in]"));
    }

    [Fact]
    public void App_bar_offers_sign_in_to_an_anonymous_visitor()
    {
        var cut = Render<UserMenu>();

        Assert.Equal("authentication/login", cut.Find("[data-testid=sign-in]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=user-name]"));
        Assert.Empty(cut.FindAll("[data-testid=sign-out-form]"));
    }
}
