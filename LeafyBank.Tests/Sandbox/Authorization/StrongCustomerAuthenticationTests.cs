using LeafyBank.Sandbox.Customers;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// Strong customer authentication at the bank for every consent (issue 12): a fresh sign-in with
/// password and one-time code per authorization request, "Not you?", and Cancel answering the
/// third party with access_denied (RFC 6749 §4.1.2.1, with state and the RFC 9207 issuer).
/// </summary>
public sealed class StrongCustomerAuthenticationTests : IAsyncLifetime
{
    private SandboxTestHost host = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private BankBrowser Browser => new(host.Browser);

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_bank_session_from_an_earlier_consent_is_not_reused_the_next_consent_asks_for_a_fresh_sign_in()
    {
        await host.ConnectAsync("greenbank");

        // Same browser, a new consent: the bank does not say "Signed in as Frida", it asks who is there.
        var consentId = await host.CreateConsentAsync("greenbank");
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Contains("/sandbox/greenbank/signin?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var callback = await Browser.AuthorizeAsync(await host.PushAsync(AuthorizeUrl(consentId)), "grace");
        Assert.NotNull(SandboxTestHost.QueryValue(callback, "code"));
    }

    [Fact]
    public async Task A_customer_whose_second_sign_in_is_another_person_shares_only_that_persons_accounts()
    {
        await host.ConnectAsync("greenbank");
        var consentId = await host.CreateConsentAsync("greenbank");

        var consentPage = await SignInAndOpenConsentPageAsync(consentId, "grace");

        Assert.Contains("Signed in as <strong>Grace Hopper</strong>", consentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Frida", consentPage, StringComparison.Ordinal);
        Assert.Equal(["GB-grace-001", "GB-grace-002", "GB-grace-L01"], SandboxTestHost.AccountCheckboxes(consentPage));
    }

    [Fact]
    public async Task The_password_alone_does_not_open_the_consent_page()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var codePageUrl = await SubmitPasswordAsync(consentId, "frida");
        Assert.Contains("/signin/code", codePageUrl.OriginalString, StringComparison.Ordinal);

        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Contains("/sandbox/greenbank/signin?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_customer_on_the_code_page_with_the_tries_left_and_the_right_code_then_works()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var codePageUrl = await SubmitPasswordAsync(consentId, "frida");
        var codePage = await host.Browser.GetStringAsync(codePageUrl, Ct);

        using var wrong = await PostCodeAsync(codePage, WrongCodeFor(codePage));

        // Post/Redirect/Get: back to the code page, which reads the tries left at the bank.
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        var page = await host.Browser.GetStringAsync(wrong.Headers.Location, Ct);
        Assert.Contains("That code is not right. You have 2 more tries.", page, StringComparison.Ordinal);
        using var right = await PostCodeAsync(page, BankBrowser.SandboxCode(codePage));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("/connect/authorize?", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_three_wrong_codes_even_the_right_code_is_refused_and_the_customer_must_sign_in_again()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var codePage = await host.Browser.GetStringAsync(await SubmitPasswordAsync(consentId, "frida"), Ct);
        var code = BankBrowser.SandboxCode(codePage);

        var page = codePage;
        for (var attempt = 0; attempt < SecondFactorCodes.MaxAttempts; attempt++)
        {
            using var wrong = await PostCodeAsync(page, WrongCodeFor(codePage));
            page = await host.Browser.GetStringAsync(wrong.Headers.Location, Ct);
        }

        Assert.Contains("That was the last try for this code. Sign in again to get a new one.", page, StringComparison.Ordinal);
        Assert.Contains("id=\"password\"", page, StringComparison.Ordinal);
        // The old page's form belonged to the ended session: refused, never a way to the consent page.
        using var late = await PostCodeAsync(codePage, code);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId)), Ct);
        Assert.Contains("/signin?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_the_customer_is_asked_to_sign_in_again()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var codePage = await host.Browser.GetStringAsync(await SubmitPasswordAsync(consentId, "frida"), Ct);

        host.Clock.Advance(SecondFactorCodes.Lifetime + TimeSpan.FromSeconds(1));
        using var response = await PostCodeAsync(codePage, BankBrowser.SandboxCode(codePage));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("That code has expired (codes last 5 minutes). Sign in again to get a new one.",
            await host.Browser.GetStringAsync(response.Headers.Location, Ct), StringComparison.Ordinal);
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId)), Ct);
        Assert.Contains("/signin?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign-in")]
    [InlineData("code")]
    [InlineData("consent")]
    public async Task Cancel_answers_the_third_party_with_access_denied_state_and_issuer_and_rejects_the_consent(string page)
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId, state: "s-77")), Ct);
        var html = await host.Browser.GetStringAsync(authorize.Headers.Location, Ct);
        if (page is "code" or "consent")
        {
            var codePageUrl = await SubmitPasswordAsync(consentId, "frida", state: "s-77");
            html = await host.Browser.GetStringAsync(codePageUrl, Ct);
            if (page == "consent")
            {
                html = await host.Browser.GetStringAsync(await Browser.EnterCodeAsync(codePageUrl), Ct);
            }
        }
        Assert.Contains("Cancel and go back to Leafy Bank", html, StringComparison.Ordinal);

        using var cancelled = await host.Browser.PostAsync(CancelAction(html), new FormUrlEncodedContent(CancelFields(html)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var callback = cancelled.Headers.Location!;
        Assert.StartsWith(SandboxTestHost.SameOriginRedirectUri + "?", callback.OriginalString, StringComparison.Ordinal);
        Assert.Equal("access_denied", SandboxTestHost.QueryValue(callback, "error"));
        Assert.Equal("s-77", SandboxTestHost.QueryValue(callback, "state"));
        Assert.Equal(await IssuerAsync("greenbank"), SandboxTestHost.QueryValue(callback, "iss"));
        Assert.Null(SandboxTestHost.QueryValue(callback, "code"));
        Assert.Equal("rejected", await host.ConsentStatusAsync("greenbank", consentId));
    }

    [Fact]
    public async Task Cancel_without_the_forms_antiforgery_token_changes_nothing()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId)), Ct);
        var html = await host.Browser.GetStringAsync(authorize.Headers.Location, Ct);
        var fields = CancelFields(html).Where(field => !field.Key.StartsWith("__", StringComparison.Ordinal));

        using var forged = await host.Browser.PostAsync(CancelAction(html), new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("received", await host.ConsentStatusAsync("greenbank", consentId));
    }

    [Fact]
    public async Task Not_you_signs_out_at_the_bank_and_restarts_sign_in_for_the_same_request()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var consentPage = await SignInAndOpenConsentPageAsync(consentId, "frida");
        var notYou = System.Text.RegularExpressions.Regex.Match(consentPage,
            "<form id=\"not-you\" method=\"post\" action=\"(?<action>[^\"]+)\">(?<fields>.*?)</form>");
        Assert.True(notYou.Success, "the consent page has a Not you? form");

        using var signedOut = await host.Browser.PostAsync(WebUtility.HtmlDecode(notYou.Groups["action"].Value),
            new FormUrlEncodedContent(SandboxTestHost.HiddenFields(notYou.Groups["fields"].Value)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var signIn = new Uri(new Uri("http://localhost"), signedOut.Headers.Location!);
        Assert.Contains("/sandbox/greenbank/signin?", signIn.OriginalString, StringComparison.Ordinal);
        // The same pushed request (its request_uri) starts over; its consent is read from what was pushed.
        var returnUrl = SandboxTestHost.HiddenFields(notYou.Groups["fields"].Value)["returnUrl"];
        Assert.Contains("request_uri=", returnUrl, StringComparison.Ordinal);
        Assert.Equal(returnUrl, SandboxTestHost.QueryValue(signIn, "returnUrl"));
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId)), Ct);
        Assert.Contains("/signin?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var gracesPage = await SignInAndOpenConsentPageAsync(consentId, "grace");
        Assert.Contains("Grace Hopper", gracesPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consent_page_says_the_days_the_third_party_asked_for_and_the_last_day()
    {
        var consentId = await host.CreateConsentAsync("greenbank", validDays: 90);

        var page = await SignInAndOpenConsentPageAsync(consentId, "frida");

        var lastDay = DateOnly.FromDateTime(TestTime.UtcNow).AddDays(90).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"For 90 days, until the end of {lastDay}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("91 days", page, StringComparison.Ordinal);
    }

    // ---- steps ----

    private static string AuthorizeUrl(string consentId, string state = "state-123") =>
        SandboxTestHost.AuthorizeUrl("greenbank", consentId, SandboxTestHost.NewPkce().Challenge, state: state);

    private async Task<Uri> SubmitPasswordAsync(string consentId, string customer, string state = "state-123")
    {
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(AuthorizeUrl(consentId, state)), Ct);
        var signInPage = await host.Browser.GetStringAsync(authorize.Headers.Location, Ct);
        var form = SandboxTestHost.HiddenFields(signInPage);
        form["username"] = customer;
        form["password"] = SandboxCustomers.DemoPassword;
        using var signedIn = await host.Browser.PostAsync(SandboxTestHost.FormAction(signInPage), new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.Location!;
    }

    private async Task<string> SignInAndOpenConsentPageAsync(string consentId, string customer)
    {
        var consentUrl = await Browser.EnterCodeAsync(await SubmitPasswordAsync(consentId, customer));
        using var response = await host.Browser.GetAsync(consentUrl, Ct);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK && page.Contains("data-testid=\"approve\"", StringComparison.Ordinal), page);
        return page;
    }

    private Task<HttpResponseMessage> PostCodeAsync(string codePage, string code)
    {
        var form = SandboxTestHost.HiddenFields(codePage);
        form["code"] = code;
        return host.Browser.PostAsync(SandboxTestHost.FormAction(codePage), new FormUrlEncodedContent(form), Ct);
    }

    private static string WrongCodeFor(string codePage) =>
        BankBrowser.SandboxCode(codePage) == "000000" ? "111111" : "000000";

    private static System.Text.RegularExpressions.Match CancelForm(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<form class=\"cancel\" method=\"post\" action=\"(?<action>[^\"]+)\">(?<fields>.*?)</form>");
        Assert.True(match.Success, "the page has a Cancel form");
        return match;
    }

    private static string CancelAction(string html) => WebUtility.HtmlDecode(CancelForm(html).Groups["action"].Value);

    private static List<KeyValuePair<string, string>> CancelFields(string html) =>
        [.. SandboxTestHost.HiddenFields(CancelForm(html).Groups["fields"].Value), KeyValuePair.Create("decision", "cancel")];

    private async Task<string> IssuerAsync(string bankId)
    {
        using var client = host.NewClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/sandbox/{bankId}/.well-known/openid-configuration", Ct));
        return json.RootElement.GetProperty("issuer").GetString()!;
    }
}
