using LeafyBank.DevIdentityProvider;
using LeafyBank.Tests.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>The sign-in cookie names a session kept in the store: signing out (here or everywhere) ends it for every copy of the cookie.</summary>
public sealed class ServerSessionTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId FridaId = ObjectId.Parse(Personas.All.Single(p => p.UserName == "fridaklo").UserId);

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_anonymous()
    {
        var cookies = new CookieRecorder();
        using var browser = new SignInDriver(factory, observer: cookies);
        await browser.SignInAsync("fridaklo");
        var dashboard = await browser.App.GetStringAsync("/dashboard", Cancellation);
        var saved = cookies.LastSent!;
        // Only a key travels: the sign-in (claims, the provider's id token) stays on the server.
        Assert.Contains(".LeafyBank.Session=", saved, StringComparison.Ordinal);
        Assert.DoesNotContain(".LeafyBank.SessionC1=", saved, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await DashboardStatusWithAsync(saved));

        using var signOut = await browser.App.PostAsync("/authentication/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInDriver.HiddenField(dashboard, "__RequestVerificationToken"),
            ["returnUrl"] = "/",
        }), Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await DashboardStatusWithAsync(saved));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_customers_other_browsers_and_no_one_elses()
    {
        using var laptop = new SignInDriver(factory);
        using var phone = new SignInDriver(factory);
        using var grace = new SignInDriver(factory);
        await laptop.SignInAsync("fridaklo");
        await phone.SignInAsync("fridaklo");
        await grace.SignInAsync("gracehop");
        Assert.True(await StoredSessionsAsync(FridaId) >= 2);

        var confirmation = await laptop.App.GetStringAsync("/account/sessions", Cancellation);
        Assert.Contains("every browser and on every device", confirmation, StringComparison.Ordinal);
        using var forged = await laptop.App.PostAsync("/authentication/logout-everywhere", new FormUrlEncodedContent([]), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.App.GetAsync("/dashboard", Cancellation)).StatusCode);

        using var everywhere = await SignOutEverywhereAsync(laptop, confirmation);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.StartsWith(new Uri(laptop.Provider.Address, "connect/endsession").ToString(), everywhere.Headers.Location!.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await StoredSessionsAsync(FridaId));
        var home = await laptop.FollowSignOutAsync(everywhere.Headers.Location!);
        Assert.Equal(AuthenticationExtensions.SignedOutEverywherePath, home);
        Assert.Contains("You are signed out of Leafy Bank on every browser and device. Signing in again, on any of them, asks for your password.",
            await laptop.App.GetStringAsync(home, Cancellation), StringComparison.Ordinal);
        // The same address opened by someone signed in says nothing of the kind.
        Assert.DoesNotContain("You are signed out", await grace.App.GetStringAsync(home, Cancellation), StringComparison.Ordinal);
        using var phoneAfter = await phone.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        using var laptopAfter = await laptop.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, laptopAfter.StatusCode);
        using var graceAfter = await grace.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.OK, graceAfter.StatusCode);

        // The phone still holds the provider's session (only the laptop ended it there), as a lost phone would: signing in
        // again from it asks for the password instead of going straight back in. (It first hears why it was signed out, on the
        // home page, which lets its dead cookie go.)
        await phone.App.GetStringAsync("/", Cancellation);
        using var phoneLogin = await phone.App.GetAsync("/authentication/login", Cancellation);
        var (page, _) = await phone.OpenSignInPageAsync(phoneLogin.Headers.Location!);
        Assert.Equal(DevIdentityEndpoints.SignInPath, page.AbsolutePath);
    }

    /// <summary>The home page's notice to a browser whose session "Sign out everywhere" ended, with the time it names (UTC).</summary>
    private static readonly Regex SignedOutElsewhere = new(
        @"You were signed out because “Sign out everywhere” was used on (?<at>\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}) UTC\. Sign in again to continue\.");

    [Fact]
    public async Task The_other_browser_is_told_once_when_sign_out_everywhere_ended_its_session_whether_it_opens_a_page_or_its_open_page_asks_to_sign_in()
    {
        using var laptop = new SignInDriver(factory);
        using var phone = new SignInDriver(factory);
        using var stranger = new SignInDriver(factory);
        await laptop.SignInAsync("fridaklo");
        await phone.SignInAsync("fridaklo");
        var confirmation = await laptop.App.GetStringAsync("/account/sessions", Cancellation);
        var clock = factory.Services.GetRequiredService<TimeProvider>();
        var before = clock.GetUtcNow().UtcDateTime;
        using var everywhere = await SignOutEverywhereAsync(laptop, confirmation);
        var after = clock.GetUtcNow().UtcDateTime;

        // A page the phone opens next goes to the home page, not straight to the provider's sign-in with no reason given…
        // (carrying the page, so that signing in again returns there)…
        using var next = await phone.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/?returnUrl=%2Fdashboard", next.Headers.Location!.OriginalString);
        // …and so does the sign-in a page left open there asks for once its circuit finds the session gone (RedirectToLogin).
        using var fromOpenPage = await phone.App.GetAsync("/authentication/login?returnUrl=%2Fdashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, fromOpenPage.StatusCode);
        Assert.Equal("/?returnUrl=%2Fdashboard", fromOpenPage.Headers.Location!.OriginalString);

        using var home = await phone.App.GetAsync("/", Cancellation);
        var said = SignedOutElsewhere.Match(WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync(Cancellation)));
        Assert.True(said.Success, "The home page does not say why the phone is signed out.");
        var at = DateTime.ParseExact(said.Groups["at"].Value, "d MMM yyyy, HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange(at, before.AddTicks(-(before.Ticks % TimeSpan.TicksPerMinute)), after);
        // Said once: the dead cookie goes with it, so the next visit is a plain one, and signing in goes to the provider again.
        Assert.Contains(home.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".LeafyBank.Session=;", StringComparison.Ordinal));
        Assert.DoesNotMatch(SignedOutElsewhere, WebUtility.HtmlDecode(await phone.App.GetStringAsync("/", Cancellation)));
        using var signIn = await phone.App.GetAsync("/authentication/login", Cancellation);
        Assert.StartsWith(phone.Provider.Address.ToString(), signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        // A browser that never held that session is told nothing, whatever it opens.
        Assert.DoesNotMatch(SignedOutElsewhere, WebUtility.HtmlDecode(await stranger.App.GetStringAsync("/", Cancellation)));
        using var strangersPage = await stranger.App.GetAsync("/dashboard", Cancellation);
        Assert.StartsWith(stranger.Provider.Address.ToString(), strangersPage.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_again_after_sign_out_everywhere_returns_to_the_page_that_was_open_and_never_to_another_host()
    {
        using var laptop = new SignInDriver(factory);
        using var phone = new SignInDriver(factory);
        await laptop.SignInAsync("gracehop");
        await phone.SignInAsync("gracehop");
        using var everywhere = await SignOutEverywhereAsync(laptop, await laptop.App.GetStringAsync("/account/sessions", Cancellation));
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);

        // An open page's sign-in that names another host (an edited or planted link) goes home with nothing to return to.
        foreach (var elsewhere in new[] { "https://evil.example/transactions", "//evil.example/transactions", "/\\evil.example" })
        {
            using var refused = await phone.App.GetAsync("/authentication/login?returnUrl=" + Uri.EscapeDataString(elsewhere), Cancellation);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/", refused.Headers.Location!.OriginalString);
        }
        // The phone had the transactions open, searched: it goes home to hear why it was signed out…
        using var next = await phone.App.GetAsync("/transactions?q=rent&page=2", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        var home = WebUtility.HtmlDecode(await phone.App.GetStringAsync(next.Headers.Location!.OriginalString, Cancellation));
        Assert.Matches(SignedOutElsewhere, home);
        // …and signing in again from there, by the button or as the demo customer, comes back to that page, not the start page.
        Assert.Contains("authentication/login?loginHint=gracehop&returnUrl=%2Ftransactions%3Fq%3Drent%26page%3D2", home, StringComparison.Ordinal);
        Assert.Equal("authentication/login?returnUrl=%2Ftransactions%3Fq%3Drent%26page%3D2", LinkOf(home, "sign-in"));
        Assert.Equal("/transactions?q=rent&page=2", await phone.SignInAsync("gracehop", "/" + LinkOf(home, "landing-sign-in")));

        // A home page address naming another host to return to signs in to the start page, whoever opens it.
        using var stranger = new SignInDriver(factory);
        foreach (var elsewhere in new[] { "https://evil.example/", "//evil.example", "/\\evil.example", "/authentication/logout" })
        {
            var planted = WebUtility.HtmlDecode(await stranger.App.GetStringAsync("/?returnUrl=" + Uri.EscapeDataString(elsewhere), Cancellation));
            Assert.Equal("authentication/login", LinkOf(planted, "landing-sign-in"));
            Assert.Equal("authentication/login", LinkOf(planted, "sign-in"));
            Assert.DoesNotContain("evil.example", planted, StringComparison.Ordinal);
        }
    }

    /// <summary>Where a link or button of the page goes, by its test id (the page's HTML, already decoded): the home page's Sign in, or the app bar's.</summary>
    private static string LinkOf(string page, string testId)
    {
        var button = Regex.Match(page, $"<a [^>]*data-testid=\"{testId}\"[^>]*>");
        Assert.True(button.Success, $"The page has no {testId} link.");
        return Regex.Match(button.Value, "href=\"(?<href>[^\"]*)\"").Groups["href"].Value;
    }

    [Fact]
    public async Task An_analyst_who_is_not_a_customer_signs_out_everywhere_too_and_only_her_own_sessions_end()
    {
        using var laptop = new SignInDriver(factory);
        using var phone = new SignInDriver(factory);
        using var frida = new SignInDriver(factory);
        await laptop.SignInAsync("analyst");
        await phone.SignInAsync("analyst");
        await frida.SignInAsync("fridaklo");

        // Her page, not a customer page the gate would send her away from; Cancel takes her back to the analytics.
        using var page = await laptop.App.GetAsync("/account/sessions", Cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var confirmation = await page.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("every browser and on every device", confirmation, StringComparison.Ordinal);
        Assert.Contains("signing in again on any of them asks for your password", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("connected banks", confirmation, StringComparison.Ordinal);
        Assert.Contains("href=\"analytics\"", confirmation, StringComparison.Ordinal);

        using var everywhere = await SignOutEverywhereAsync(laptop, confirmation);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);

        using var phoneAfter = await phone.App.GetAsync("/analytics", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        using var laptopAfter = await laptop.App.GetAsync("/analytics", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, laptopAfter.StatusCode);
        using var fridaAfter = await frida.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.OK, fridaAfter.StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_data_api_tokens_the_customer_gave_to_tools_and_no_one_elses()
    {
        var tokens = new ApiTokenDriver(factory);
        // Ada and Claude: the class's other tests sign Frida and Grace out everywhere, and a token issued in the same second as
        // that would be refused (see below), whichever test ran first.
        var adasTool = await tokens.AccessTokenAsync("adalove");
        var claudesTool = await tokens.AccessTokenAsync("claumon");
        Assert.Equal(HttpStatusCode.OK, (await CallApiAsync(adasTool)).StatusCode);
        using var laptop = new SignInDriver(factory);
        await laptop.SignInAsync("adalove");
        var confirmation = await laptop.App.GetStringAsync("/account/sessions", Cancellation);
        Assert.Contains("its access ends too, and it must sign in again", confirmation, StringComparison.Ordinal);

        using var everywhere = await SignOutEverywhereAsync(laptop, confirmation);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);

        // The tool's token is still within its hour and correctly signed: refused as RFC 6750 says of an ended token, saying why.
        using var refused = await CallApiAsync(adasTool);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var challenge = refused.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("issued before 'Sign out everywhere' was used on", challenge, StringComparison.Ordinal);
        Assert.Contains("Get a new token", await refused.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        // Another customer's tool goes on.
        Assert.Equal(HttpStatusCode.OK, (await CallApiAsync(claudesTool)).StatusCode);
        // A token issued after it works: the tool signs in again. Tokens carry their issue time in whole seconds, and one issued
        // in the same second as the sign-out cannot be told from one issued before it (so it is refused): ask in the next second.
        await Task.Delay(TimeSpan.FromMilliseconds(1100), Cancellation);
        Assert.Equal(HttpStatusCode.OK, (await CallApiAsync(await tokens.AccessTokenAsync("adalove"))).StatusCode);
    }

    private async Task<HttpResponseMessage> CallApiAsync(string token)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/api/v1/connections", Cancellation);
    }

    /// <summary>"Sign out everywhere" as the confirmation page's button sends it, with that page's antiforgery token.</summary>
    private static Task<HttpResponseMessage> SignOutEverywhereAsync(SignInDriver browser, string confirmationPage) =>
        browser.App.PostAsync("/authentication/logout-everywhere", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInDriver.HiddenField(confirmationPage, "__RequestVerificationToken"),
        }), Cancellation);

    private async Task<HttpStatusCode> DashboardStatusWithAsync(string cookieHeader)
    {
        using var replay = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await replay.SendAsync(request, Cancellation);
        return response.StatusCode;
    }

    private async Task<int> StoredSessionsAsync(ObjectId owner) =>
        (await factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.Sessions).FindAsync(owner, cancellationToken: Cancellation)).Count;

    /// <summary>Remembers the cookies of the last request the app received from this browser.</summary>
    private sealed class CookieRecorder : DelegatingHandler
    {
        public string? LastSent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("Cookie", out var values))
            {
                LastSent = string.Join("; ", values);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
