using LeafyBank.Tests.Web;
using LeafyBank.Web.Api;
using Microsoft.AspNetCore.Hosting;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The data API reference page (Scalar) in Development: it works offline and under the app's
/// script policy, every script from the app itself; outside Development it does not exist.
/// </summary>
public sealed partial class DataApiReferenceTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_development_the_reference_page_loads_only_scripts_from_the_app_and_its_inline_start_by_nonce()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(DataApiReference.Path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Cancellation);
        var page = response.RequestMessage!.RequestUri!;
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var scriptSources = ScriptSourcesDirective(policy);
        Assert.StartsWith("script-src 'self'", scriptSources, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", scriptSources, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", scriptSources, StringComparison.Ordinal);

        var scripts = ScriptTag().Matches(html).Select(match => match.Groups["attributes"].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var attributes in scripts)
        {
            if (Attribute(attributes, "src") is { } src)
            {
                var url = new Uri(page, src);
                Assert.True(url.GetLeftPart(UriPartial.Authority) == page.GetLeftPart(UriPartial.Authority), $"script from another origin: {src}");
                using var script = await client.GetAsync(url, Cancellation);
                Assert.True(script.StatusCode == HttpStatusCode.OK, $"{url} answered {script.StatusCode}");
            }
            else
            {
                // The one inline script (Scalar's start) runs only by the nonce the policy names for this response.
                var nonce = Attribute(attributes, "nonce");
                Assert.False(string.IsNullOrEmpty(nonce), "inline script without a nonce");
                Assert.Contains($"'nonce-{nonce}'", scriptSources, StringComparison.Ordinal);
            }
        }
        // Offline: no fonts or styles from a CDN either.
        Assert.DoesNotContain("https://", string.Join(' ', LinkTag().Matches(html).Select(match => match.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonce_is_never_reused_and_other_pages_get_neither_nonce_nor_eval()
    {
        using var client = factory.CreateClient();

        using var first = await client.GetAsync(DataApiReference.Path, Cancellation);
        using var second = await client.GetAsync(DataApiReference.Path, Cancellation);
        using var health = await client.GetAsync("/health", Cancellation);

        var firstPolicy = string.Join(' ', first.Headers.GetValues("Content-Security-Policy"));
        var secondPolicy = string.Join(' ', second.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("'nonce-", firstPolicy, StringComparison.Ordinal);
        Assert.NotEqual(firstPolicy, secondPolicy);
        var healthPolicy = string.Join(' ', health.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("'nonce-", healthPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", healthPolicy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_there_is_no_reference_page(string environment)
    {
        await using var outside = LeafyBankWebFactory.With(new Dictionary<string, string> { ["environment"] = environment, [SignInSettings.DevIdentityProviderKey] = "true" });
        using var client = outside.CreateClient();

        using var response = await client.GetAsync(DataApiReference.Path, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("scalar", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.OrdinalIgnoreCase);
    }

    private static string ScriptSourcesDirective(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(directive => directive.StartsWith("script-src ", StringComparison.Ordinal));

    private static string? Attribute(string attributes, string name) =>
        Regex.Match(attributes, $@"\b{name}=""(?<value>[^""]*)""") is { Success: true } match ? match.Groups["value"].Value : null;

    [GeneratedRegex(@"<script\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<link\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();
}
