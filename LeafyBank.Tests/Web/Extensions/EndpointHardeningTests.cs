using Microsoft.AspNetCore.Mvc.Testing;

namespace LeafyBank.Tests.Web.Extensions;

/// <summary>Sign-out without its token, anonymous health probes and the request limits.</summary>
public sealed class EndpointHardeningTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_out_without_an_antiforgery_token_is_a_400_in_words_and_logs_no_error()
    {
        var logs = new CapturedLogs();
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var form = await client.PostAsync("/authentication/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }), Cancel);
        using var forged = await client.PostAsync("/authentication/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged", ["returnUrl"] = "/" }), Cancel);
        using var empty = await client.PostAsync("/authentication/logout", null, Cancel);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], [form.StatusCode, forged.StatusCode, empty.StatusCode]);
        Assert.Contains("Reload the page and choose Sign out again", await form.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Lines, line => line.Line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_health_probes_get_the_status_only()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", body);
        Assert.DoesNotContain(factory.DataDirectory, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_the_bank_callback_and_the_data_API_answer_429_with_Retry_After_over_their_limits()
    {
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting(HostingSecuritySettings.SignInPerMinuteKey, "2")
            .UseSetting(HostingSecuritySettings.CallbackPerMinuteKey, "2")
            .UseSetting(HostingSecuritySettings.DataApiPerMinuteKey, "3"));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var (path, limit) in new[] { ("/authentication/login", 2), ("/connections/callback?state=x&code=y", 2), ("/api/v1/position", 3) })
        {
            for (var i = 0; i < limit; i++)
            {
                using var allowed = await client.GetAsync(path, Cancel);
                Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
            }
            using var limited = await client.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var retryAfter = int.Parse(string.Join("", limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
            using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(Cancel));
            Assert.Contains("try again", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        // Other pages are not limited.
        using var health = await client.GetAsync("/health", Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
