using LeafyBank.Web.Components.Pages;

namespace LeafyBank.Tests.Web.Components.Pages;

public sealed class HomePageTests : MudTestContext
{
    [Fact]
    public void Lists_every_demo_persona_with_display_name_and_user_name()
    {
        var cut = Render<Home>();

        var personas = cut.FindAll("[data-testid=persona]");
        Assert.Equal(Personas.All.Count, personas.Count);
        foreach (var (persona, element) in Personas.All.Zip(personas))
        {
            Assert.Equal(persona.DisplayName, element.QuerySelector("[data-testid=persona-name]")?.TextContent.Trim());
            Assert.Equal(persona.UserName, element.QuerySelector("[data-testid=persona-username]")?.TextContent.Trim());
        }
    }

    [Fact]
    public void A_visitor_signs_in_as_a_persona_or_the_analyst_with_one_click_at_the_development_provider()
    {
        var cut = Render<Home>();

        Assert.Equal(Personas.All.Select(persona => $"authentication/login?loginHint={persona.UserName}"),
            cut.FindAll("[data-testid=persona-name]").Select(link => link.GetAttribute("href")));
        Assert.Equal("authentication/login?loginHint=analyst", cut.Find("[data-testid=staff-persona] a").GetAttribute("href"));
        Assert.Contains("fills in the user name", cut.Find("[data-testid=personas]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_in_customer_sees_the_personas_as_names_not_as_sign_in_links()
    {
        SignInCustomer("fridaklo");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=go-to-dashboard]")));
        Assert.All(cut.FindAll("[data-testid=persona-name]"), name => Assert.Null(name.GetAttribute("href")));
        Assert.Empty(cut.FindAll("[data-testid=staff-persona]"));
        // Signed in already: trying another customer starts with signing out, not with "sign in".
        Assert.Contains("To try another of them, sign out, then sign in with their user name", cut.Find("[data-testid=personas]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Explains_the_product_and_consent_in_a_customers_words_without_operator_details()
    {
        var cut = Render<Home>();

        Assert.Equal("Leafy Bank Open Finance", cut.Find("h1").TextContent.Trim());
        var intro = cut.Find("[data-testid=intro]").TextContent;
        Assert.Contains("permission", intro, StringComparison.Ordinal);
        Assert.Equal(4, cut.FindAll("[data-testid=benefit]").Count);
        // Storage engines, probes and timings are for operators (/health), not for customers.
        foreach (var operatorWord in new[] { "MongoDB", "embedded", "Data store", "Engine", "answered in", " ms", "document model" })
        {
            Assert.DoesNotContain(operatorWord, cut.Markup, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Empty(cut.FindAll("[data-testid=store-status]"));
    }

    [Fact]
    public void Describes_linked_banks_as_shown_in_leafy_bank_never_beside_leafy_bank_accounts_a_customer_may_not_hold()
    {
        var cut = Render<Home>();

        var intro = string.Join(' ', cut.Find("[data-testid=intro]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("see them in Leafy Bank, alongside the rest of your finances", intro, StringComparison.Ordinal);
        Assert.DoesNotContain("Leafy Bank accounts", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visitor_is_offered_sign_in()
    {
        var cut = Render<Home>();

        Assert.Equal("authentication/login", cut.Find("[data-testid=landing-sign-in]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=go-to-dashboard]"));
    }

    [Fact]
    public void A_signed_in_customer_is_offered_the_dashboard()
    {
        SignInCustomer("fridaklo");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("dashboard", cut.Find("[data-testid=go-to-dashboard]").GetAttribute("href")));
        Assert.Empty(cut.FindAll("[data-testid=landing-sign-in]"));
    }

    [Fact]
    public void An_analyst_who_is_not_a_customer_is_offered_the_analytics_not_a_dashboard()
    {
        Authorization.SetAuthorized("analyst");
        Authorization.SetPolicies(AnalystPolicy.Name);

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("analytics", cut.Find("[data-testid=go-to-analytics]").GetAttribute("href")));
        Assert.Empty(cut.FindAll("[data-testid=go-to-dashboard]"));
    }

    [Fact]
    public void An_analyst_who_is_not_a_customer_reads_what_the_analytics_offer_them_not_the_customers_promise()
    {
        Authorization.SetAuthorized("analyst");
        Authorization.SetPolicies(AnalystPolicy.Name);

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("You are signed in as an analyst.", cut.Find("[data-testid=analyst-intro]").TextContent.Trim()));
        var intro = cut.Find("[data-testid=intro]").TextContent;
        Assert.Contains("never a customer, a user name or an account", intro, StringComparison.Ordinal);
        Assert.DoesNotContain("All your money in one place", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Link the current accounts", cut.Markup, StringComparison.Ordinal);
        var uses = cut.FindAll("[data-testid=benefit] h3").Select(title => title.TextContent.Trim()).ToList();
        Assert.Equal(["See deposits and debt across customers", "Follow the product mix and the green share", "Watch connection health", "Privacy first"], uses);
    }

    [Fact]
    public void A_customer_still_reads_the_customers_promise_and_benefits()
    {
        SignInCustomer("fridaklo");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=go-to-dashboard]")));
        Assert.Empty(cut.FindAll("[data-testid=analyst-intro]"));
        Assert.Contains("All your money in one place", cut.Find("[data-testid=intro]").TextContent, StringComparison.Ordinal);
        Assert.Equal("See every account together", cut.FindAll("[data-testid=benefit] h3")[0].TextContent.Trim());
    }

    [Theory]
    [InlineData("done", "You are signed out of Leafy Bank. Signing in again asks for your password. On a shared computer, close the browser as well.")]
    [InlineData("everywhere", "You are signed out of Leafy Bank on every browser and device. Signing in again, on any of them, asks for your password. On a shared computer, close the browser as well.")]
    public void After_signing_out_the_banner_says_so_in_plain_words(string outcome, string expected)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"?signout={outcome}");

        var cut = Render<Home>();

        var banner = string.Join(' ', cut.Find("[data-testid=signed-out]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expected, banner);
        Assert.DoesNotContain("sign-in service", banner, StringComparison.Ordinal);
    }
}
