namespace LeafyBank.Tests.Web;

public sealed class PageTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    [Fact]
    public async Task Landing_page_is_served_anonymously_with_the_product_name_and_personas()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/", Xunit.TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Leafy Bank", html, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", html, StringComparison.Ordinal);
        // Self-hosted MudBlazor assets, nothing from the internet.
        Assert.Contains("_content/MudBlazor/MudBlazor.min.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.googleapis.com", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Landing_page_prerenders_for_a_customer_without_operator_details_or_the_circuit_marker()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/", Xunit.TestContext.Current.CancellationToken);

        // A visitor reads what Leafy Bank does and how to sign in; which store answers, and how fast, is for operators (/health).
        Assert.Contains("data-testid=\"landing-sign-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"store-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("answered in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"circuit-ready\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_address_answers_404_with_the_styled_not_found_page()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/no-such-page", Xunit.TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("mud-layout", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_page_renders_statically_without_starting_a_circuit()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/Error", Xunit.TestContext.Current.CancellationToken);

        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MudBlazor_assets_are_served_by_the_app_outside_Development_too()
    {
        await using var production = factory.WithWebHostBuilder(builder => builder.UseEnvironment("Production").UseSetting(SignInSettings.DevIdentityProviderKey, "true"));
        using var client = production.CreateClient();

        using var css = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css", Xunit.TestContext.Current.CancellationToken);
        using var script = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.js", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
