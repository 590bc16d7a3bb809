using LeafyBank.Web.Authentication;
using LeafyBank.Web.Components.Pages.DataApi;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Tests.Web.Components.Pages.DataApi;

/// <summary>
/// The page that tells a customer about the data API: its addresses are this app's own (from the request) and the
/// sign-in service's (from the API's bearer settings), never fixed ones; the reference link exists only where the reference does.
/// </summary>
public sealed class DataApiPageTests : MudTestContext
{
    private const string Provider = "https://login.example.test/tenant/v2.0";
    private const string AppBase = "https://bank.example.test/leafy/";

    public DataApiPageTests()
    {
        SignInCustomer("fridaklo");
        Services.AddOptions();
        Services.Configure<JwtBearerOptions>(DataApiAuthentication.Scheme, options => options.Authority = Provider + "/");
        // The app as a customer reaches it, under a path of its own: never bUnit's (or a developer's) localhost.
        Services.AddSingleton<NavigationManager>(new ReachedAt(AppBase));
    }

    private IRenderedComponent<DataApiPage> RenderIn(string environment)
    {
        Services.AddSingleton<IHostEnvironment>(new Environment(environment));
        return Render<DataApiPage>();
    }

    [Fact]
    public void Lists_every_route_at_this_apps_own_address()
    {
        var cut = RenderIn(Environments.Production);

        var addresses = cut.FindAll("[data-testid=data-api-route] code").Select(code => code.TextContent).ToList();
        var api = AppBase + "api/v1";
        Assert.Equal([$"{api}/position", $"{api}/accounts", $"{api}/accounts/{{id}}", $"{api}/products", $"{api}/transactions", $"{api}/connections"], addresses);
        Assert.Equal(AppBase + "openapi/v1.json", cut.Find("[data-testid=data-api-openapi]").GetAttribute("href"));
        Assert.Contains($"{api}/position", cut.Find("[data-testid=data-api-example]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_address_wraps_on_a_phone_between_its_parts_never_inside_a_word()
    {
        var cut = RenderIn(Environments.Production);

        // A line-break opportunity after each path separator (none inside "//"), and no other: the text, as copied, is unchanged.
        var transactions = cut.FindAll("[data-testid=data-api-route] code")[4];
        Assert.Equal($"{AppBase}api/v1/transactions", transactions.TextContent);
        var parts = transactions.InnerHtml.Split("<wbr>");
        Assert.Equal(["api/", "v1/", "transactions"], parts[^3..]);
        Assert.Equal(AppBase.TrimEnd('/'), string.Concat(parts[..^3]).TrimEnd('/'));
        Assert.DoesNotContain("//<wbr>", transactions.InnerHtml, StringComparison.Ordinal);
        Assert.EndsWith("/<wbr>.well-known/<wbr>openid-configuration", cut.Find("[data-testid=data-api-discovery]").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_it_returns_only_the_customers_own_data_and_only_reads()
    {
        var cut = RenderIn(Environments.Production);

        Assert.Contains("It only ever returns your own data.", cut.Find("[data-testid=data-api-own-data]").TextContent, StringComparison.Ordinal);
        Assert.Contains("cannot move money", cut.Find("[data-testid=data-api-intro]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_sign_in_service_the_API_trusts_and_the_scope_with_no_secret()
    {
        var cut = RenderIn(Environments.Production);

        Assert.Equal(Provider, cut.Find("[data-testid=data-api-issuer]").TextContent);
        Assert.Equal(Provider + "/.well-known/openid-configuration", cut.Find("[data-testid=data-api-discovery]").TextContent);
        Assert.Equal("openid leafybank.api", cut.Find("[data-testid=data-api-scope]").TextContent);
        Assert.DoesNotContain("localhost", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", cut.Find("[data-testid=data-api-settings]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void At_the_development_provider_it_names_the_public_client_for_tools()
    {
        var cut = RenderIn(Environments.Development);

        Assert.Equal("leafybank-api-client", cut.Find("[data-testid=data-api-client] code").TextContent);
    }

    [Fact]
    public void At_the_development_provider_the_steps_say_the_customer_is_asked_to_allow_the_tool()
    {
        var cut = RenderIn(Environments.Development);

        var step = cut.Find("[data-testid=data-api-consent-step]").TextContent;
        Assert.Contains("asks whether to let the tool read your data", step, StringComparison.Ordinal);
        Assert.Contains("Allow", step, StringComparison.Ordinal);
        Assert.Contains("Deny", step, StringComparison.Ordinal);
        // No step promises that a sign-out stops a tool: the data API checks only a token's signature and expiry.
        Assert.Contains("signing out of Leafy Bank does not end it sooner, but Sign out everywhere does.", cut.Find("[data-testid=data-api-access]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void With_another_provider_the_consent_step_promises_no_question_the_app_does_not_control()
    {
        Services.AddSingleton(new SignInSettings { Authority = new Uri(Provider) });

        var cut = RenderIn(Environments.Production);

        var step = cut.Find("[data-testid=data-api-consent-step]").TextContent;
        Assert.Contains("may ask", step, StringComparison.Ordinal);
        Assert.DoesNotContain("Allow", step, StringComparison.Ordinal);
    }

    [Fact]
    public void With_another_provider_it_says_where_the_client_id_comes_from_instead_of_the_demo_one()
    {
        Services.AddSingleton(new SignInSettings { Authority = new Uri(Provider) });

        var cut = RenderIn(Environments.Production);

        var client = cut.Find("[data-testid=data-api-client]").TextContent;
        Assert.DoesNotContain("leafybank-api-client", client, StringComparison.Ordinal);
        Assert.Contains("registered for tools at your sign-in service", client, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browsable_reference_is_linked_in_Development_where_it_exists()
    {
        var cut = RenderIn(Environments.Development);

        Assert.Equal(AppBase + "scalar", cut.Find("[data-testid=data-api-scalar]").GetAttribute("href"));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_there_is_no_link_to_a_reference_that_is_not_served(string environment)
    {
        var cut = RenderIn(environment);

        Assert.Empty(cut.FindAll("[data-testid=data-api-scalar]"));
        Assert.DoesNotContain("/scalar", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=data-api-openapi]"));
    }

    private sealed class ReachedAt : NavigationManager
    {
        public ReachedAt(string baseUri) => Initialize(baseUri, baseUri + "data-api");

        protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "LeafyBank.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
