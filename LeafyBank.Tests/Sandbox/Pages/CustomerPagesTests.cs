using AngleSharp.Dom;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Tests.Sandbox.Authorization;

namespace LeafyBank.Tests.Sandbox.Pages;

/// <summary>
/// The bank's own pages as its customer meets them after a slip: a wrong password or customer id
/// keeps the id typed and says what was wrong; every form answers with a redirect to a page
/// (Post/Redirect/Get), a wrong one-time code too, so reload and Back never ask to send a form
/// again, and nothing of the sign-in (not the code, not the id) goes into an address. "My
/// consents" is a link wherever a page names it.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class CustomerPagesTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private const string MyConsents = "/sandbox/greenbank/my-consents";

    private static readonly AngleSharp.Html.Parser.HtmlParser Html = new();

    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_shows_the_sign_in_page_again_with_the_customer_id_kept_and_the_cursor_in_the_empty_password_field()
    {
        var signInUrl = await OpenSignInForNewConsentAsync();
        var signInPage = await host.Browser.GetStringAsync(signInUrl, Ct);

        using var answer = await SubmitAsync(signInPage, ("username", "grace"), ("password", "not-the-password"));

        // A redirect to the same sign-in address, not a page in answer to the POST: reload and Back do not resend the password.
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(signInUrl.OriginalString, answer.Headers.Location!.OriginalString);
        foreach (var reload in new[] { 1, 2 })
        {
            var page = Html.ParseDocument(await host.Browser.GetStringAsync(answer.Headers.Location, Ct));
            Assert.Equal("That password is not right. Your customer id is kept: type the password again.",
                page.QuerySelector("[data-testid=signin-error]")?.TextContent);
            Assert.Equal("grace", Field(page, "username").GetAttribute("value"));
            var password = Field(page, "password");
            Assert.Null(password.GetAttribute("value"));
            Assert.True(password.HasAttribute("autofocus"), $"reload {reload}: the password field has the focus");
            Assert.Equal("true", password.GetAttribute("aria-invalid"));
            Assert.Equal("signin-error", password.GetAttribute("aria-describedby"));
            Assert.False(Field(page, "username").HasAttribute("autofocus"));
            Assert.DoesNotContain("not-the-password", page.Source.Text, StringComparison.Ordinal);
        }

        // The kept id is what the customer signs in with: the password is all they type.
        var again = await host.Browser.GetStringAsync(answer.Headers.Location, Ct);
        using var signedIn = await SubmitAsync(again, ("username", Field(Html.ParseDocument(again), "username").GetAttribute("value")!),
            ("password", SandboxCustomers.DemoPassword));
        Assert.Contains("/sandbox/greenbank/signin/code?", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Hello Grace Hopper.", await host.Browser.GetStringAsync(signedIn.Headers.Location, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_customer_id_is_named_in_the_message_and_kept_in_its_field_which_has_the_cursor()
    {
        var signInPage = await host.Browser.GetStringAsync(await OpenSignInForNewConsentAsync(), Ct);

        using var answer = await SubmitAsync(signInPage, ("username", "gracie"), ("password", SandboxCustomers.DemoPassword));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.DoesNotContain("gracie", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = Html.ParseDocument(await host.Browser.GetStringAsync(answer.Headers.Location, Ct));
        Assert.Equal("Green Bank has no customer with the id \u201cgracie\u201d. Check the id (the demo customers' ids are listed below) and type the password again.",
            page.QuerySelector("[data-testid=signin-error]")?.TextContent);
        var id = Field(page, "username");
        Assert.Equal("gracie", id.GetAttribute("value"));
        Assert.True(id.HasAttribute("autofocus"));
        Assert.Equal("true", id.GetAttribute("aria-invalid"));
        Assert.False(Field(page, "password").HasAttribute("autofocus"));
    }

    [Fact]
    public async Task A_failed_sign_in_opens_nothing_and_the_next_request_starts_with_an_empty_form()
    {
        var firstSignIn = await OpenSignInForNewConsentAsync();
        using var failed = await SubmitAsync(await host.Browser.GetStringAsync(firstSignIn, Ct), ("username", "grace"), ("password", "wrong"));
        Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);

        using var consents = await host.Browser.GetAsync(MyConsents, Ct);
        Assert.Equal(HttpStatusCode.Redirect, consents.StatusCode);
        Assert.Contains("/sandbox/greenbank/signin?", consents.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var code = await host.Browser.GetAsync("/sandbox/greenbank/signin/code", Ct);
        Assert.Contains("/sandbox/greenbank/signin?", code.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Another request (the next person at a shared browser): no message, no id of the one before.
        var next = Html.ParseDocument(await host.Browser.GetStringAsync(await OpenSignInForNewConsentAsync(), Ct));
        Assert.Null(next.QuerySelector("[data-testid=signin-error]"));
        Assert.True(string.IsNullOrEmpty(Field(next, "username").GetAttribute("value")), "the customer id field is empty");
    }

    [Fact]
    public async Task A_wrong_code_is_answered_with_a_redirect_to_the_code_page_which_shows_the_tries_left_on_every_reload_without_spending_one()
    {
        var codePageUrl = await SubmitPasswordAsync(await OpenSignInForNewConsentAsync(), "frida");
        var codePage = await host.Browser.GetStringAsync(codePageUrl, Ct);
        var code = BankBrowser.SandboxCode(codePage);
        var wrongCode = code == "000000" ? "111111" : "000000";
        Assert.Null(Html.ParseDocument(codePage).QuerySelector("[data-testid=code-error]"));

        using var wrong = await SubmitAsync(codePage, ("code", wrongCode));

        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Equal(codePageUrl.OriginalString, wrong.Headers.Location!.OriginalString);
        Assert.DoesNotContain(code, wrong.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongCode, wrong.Headers.Location.OriginalString, StringComparison.Ordinal);
        var page = codePage;
        foreach (var reload in new[] { 1, 2, 3 })
        {
            page = await host.Browser.GetStringAsync(wrong.Headers.Location, Ct);
            var document = Html.ParseDocument(page);
            Assert.Equal("That code is not right. You have 2 more tries.", document.QuerySelector("[data-testid=code-error]")?.TextContent);
            Assert.True(Field(document, "code").HasAttribute("autofocus"), $"reload {reload}: the code field has the focus");
            Assert.Equal("code-error", Field(document, "code").GetAttribute("aria-describedby"));
        }

        using var wrongAgain = await SubmitAsync(page, ("code", wrongCode));
        Assert.Equal(HttpStatusCode.Redirect, wrongAgain.StatusCode);
        page = await host.Browser.GetStringAsync(wrongAgain.Headers.Location, Ct);
        Assert.Contains("That code is not right. You have 1 more try.", page, StringComparison.Ordinal);
        Assert.Equal(code, BankBrowser.SandboxCode(page));

        using var right = await SubmitAsync(page, ("code", code));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("/sandbox/greenbank/connect/authorize?", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_last_wrong_code_the_sign_in_page_says_so_with_the_customer_id_kept_and_the_old_code_form_is_refused()
    {
        var codePage = await host.Browser.GetStringAsync(await SubmitPasswordAsync(await OpenSignInForNewConsentAsync(), "ada"), Ct);
        var code = BankBrowser.SandboxCode(codePage);
        var wrongCode = code == "000000" ? "111111" : "000000";

        var page = codePage;
        HttpResponseMessage? last = null;
        for (var attempt = 0; attempt < SecondFactorCodes.MaxAttempts; attempt++)
        {
            last?.Dispose();
            last = await SubmitAsync(page, ("code", wrongCode));
            Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
            page = await host.Browser.GetStringAsync(last.Headers.Location, Ct);
        }
        using (last)
        {
            Assert.Contains("/sandbox/greenbank/signin?", last!.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var signIn = Html.ParseDocument(page);
        Assert.Equal("That was the last try for this code. Sign in again to get a new one.", signIn.QuerySelector("[data-testid=signin-error]")?.TextContent);
        Assert.Equal("ada", Field(signIn, "username").GetAttribute("value"));
        Assert.True(Field(signIn, "password").HasAttribute("autofocus"));
        using var late = await SubmitAsync(codePage, ("code", code));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Fact]
    public async Task The_consent_page_links_My_consents_and_the_link_opens_them_for_the_signed_in_customer()
    {
        var codePageUrl = await SubmitPasswordAsync(await OpenSignInForNewConsentAsync(), "frida");
        var consentPage = Html.ParseDocument(await host.Browser.GetStringAsync(await new BankBrowser(host.Browser).EnterCodeAsync(codePageUrl), Ct));

        var link = consentPage.QuerySelector("[data-testid=validity] a[data-testid=my-consents-link]");
        Assert.NotNull(link);
        Assert.Equal("My consents", link.TextContent);
        Assert.Equal(MyConsents, link.GetAttribute("href"));
        using var followed = await host.Browser.GetAsync(link.GetAttribute("href"), Ct);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Contains("<h1>My consents</h1><p>Signed in as <strong>Frida Kahlo</strong>", await followed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_consents_signed_out_leads_to_a_sign_in_page_that_says_signing_in_opens_them_and_then_does()
    {
        using var signedOut = await host.Browser.GetAsync(MyConsents, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var signInPage = Html.ParseDocument(await host.Browser.GetStringAsync(signedOut.Headers.Location, Ct));

        Assert.Equal("Sign in to open My consents: the apps you allowed to see your data at Green Bank, and a way to stop any of them.",
            signInPage.QuerySelector("[data-testid=signin-purpose]")?.TextContent);

        var opened = await new BankBrowser(host.Browser).EnterCodeAsync(await SubmitPasswordAsync(signedOut.Headers.Location!, "claude"));
        Assert.Equal(MyConsents, opened.OriginalString);
        Assert.Contains("Signed in as <strong>Claude Monet</strong>", await host.Browser.GetStringAsync(opened, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_no_such_consent_page_links_My_consents()
    {
        using var signedOut = await host.Browser.GetAsync(MyConsents, Ct);
        await new BankBrowser(host.Browser).EnterCodeAsync(await SubmitPasswordAsync(signedOut.Headers.Location!, "grace"));

        using var missing = await host.Browser.GetAsync($"{MyConsents}/no-such-consent/revoke", Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var link = Html.ParseDocument(await missing.Content.ReadAsStringAsync(Ct)).QuerySelector("a[data-testid=my-consents-link]");
        Assert.Equal(MyConsents, link?.GetAttribute("href"));
    }

    [Fact]
    public async Task The_consent_page_lists_accounts_and_loans_under_their_own_headings_and_an_unticked_loan_is_not_shared()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var codePageUrl = await SubmitPasswordAsync(await OpenSignInForConsentAsync(consentId), "grace");
        var consentPage = await host.Browser.GetStringAsync(await new BankBrowser(host.Browser).EnterCodeAsync(codePageUrl), Ct);
        var page = Html.ParseDocument(consentPage);

        Assert.Equal("Choose what to share", page.QuerySelectorAll("h2").Select(h => h.TextContent).Last());
        var accounts = page.QuerySelector("fieldset[data-testid=share-accounts]");
        var loans = page.QuerySelector("fieldset[data-testid=share-loans]");
        Assert.Equal("Accounts", accounts?.QuerySelector("legend")?.TextContent);
        Assert.Equal("Loans and mortgages", loans?.QuerySelector("legend")?.TextContent);
        Assert.Equal(["GB-grace-001", "GB-grace-002"], Ticked(accounts!));
        Assert.Equal(["GB-grace-L01"], Ticked(loans!));

        // The boxes keep their meaning: the loan left unticked is left out of what the consent shares.
        using var approved = await SubmitAsync(consentPage, ("account", "GB-grace-001"), ("account", "GB-grace-002"), ("decision", "approve"));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var shared = await ConsentOnMyConsentsAsync(consentId);
        Assert.Equal(2, shared.QuerySelectorAll("[data-testid=consent-accounts] li").Length);
        Assert.Null(shared.QuerySelector("[data-testid=consent-loans]"));
    }

    [Fact]
    public async Task My_consents_names_a_shared_loan_under_loans_and_mortgages_not_under_accounts()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var codePageUrl = await SubmitPasswordAsync(await OpenSignInForConsentAsync(consentId), "grace");
        var consentPage = await host.Browser.GetStringAsync(await new BankBrowser(host.Browser).EnterCodeAsync(codePageUrl), Ct);
        using var approved = await SubmitAsync(consentPage,
            [.. SandboxTestHost.AccountCheckboxes(consentPage).Select(id => ("account", id)), ("decision", "approve")]);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var shared = await ConsentOnMyConsentsAsync(consentId);

        Assert.Equal(["Can see", "Accounts", "Loans and mortgages", "Valid until"], shared.QuerySelectorAll("dt").Select(dt => dt.TextContent));
        Assert.Equal(2, shared.QuerySelectorAll("[data-testid=consent-accounts] li").Length);
        Assert.Single(shared.QuerySelectorAll("[data-testid=consent-loans] li"));
    }

    [Fact]
    public async Task Back_from_the_consent_page_to_the_code_or_sign_in_page_says_who_is_signed_in_and_continues_to_the_same_request()
    {
        var signInUrl = await OpenSignInForNewConsentAsync();
        var codePageUrl = await SubmitPasswordAsync(signInUrl, "grace");
        var codePage = await host.Browser.GetStringAsync(codePageUrl, Ct);
        var consentUrl = await new BankBrowser(host.Browser).EnterCodeAsync(codePageUrl);

        foreach (var back in new[] { codePageUrl, signInUrl })
        {
            using var answer = await host.Browser.GetAsync(back, Ct);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var page = Html.ParseDocument(await answer.Content.ReadAsStringAsync(Ct));
            Assert.Equal("You are signed in to Green Bank as Grace Hopper, and can go on to review Leafy Bank\u2019s request. Not you?",
                page.QuerySelector("[data-testid=signed-in-as]")?.TextContent);
            Assert.Equal(consentUrl.OriginalString, page.QuerySelector("a[data-testid=continue]")?.GetAttribute("href"));
            Assert.NotNull(page.QuerySelector("[data-testid=cancel]"));
            // Nothing to type: no code field, no code, no password field.
            Assert.Null(page.GetElementById("code"));
            Assert.Null(page.QuerySelector("[data-testid=sandbox-code]"));
            Assert.Null(page.GetElementById("password"));
        }

        using var consent = await host.Browser.GetAsync(consentUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Contains("data-testid=\"consent-title\"", await consent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The code page's form sent again (Back past the redirect, then Confirm) checks no code: it leads to the same page.
        using var resent = await SubmitAsync(codePage, ("code", BankBrowser.SandboxCode(codePage)));
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Contains("/sandbox/greenbank/signin?", resent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"continue\"", await host.Browser.GetStringAsync(resent.Headers.Location, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_you_on_the_signed_in_page_signs_out_and_the_same_request_starts_over_with_an_empty_form()
    {
        var signInUrl = await OpenSignInForNewConsentAsync();
        var codePageUrl = await SubmitPasswordAsync(signInUrl, "grace");
        await new BankBrowser(host.Browser).EnterCodeAsync(codePageUrl);
        var signedInPage = await host.Browser.GetStringAsync(codePageUrl, Ct);
        Assert.Contains("data-testid=\"continue\"", signedInPage, StringComparison.Ordinal);

        using var signedOut = await SubmitAsync(signedInPage);

        Assert.Equal(signInUrl.OriginalString, signedOut.Headers.Location!.OriginalString);
        var page = Html.ParseDocument(await host.Browser.GetStringAsync(signedOut.Headers.Location, Ct));
        Assert.True(string.IsNullOrEmpty(Field(page, "username").GetAttribute("value")), "the customer id field is empty");
        Assert.Null(page.QuerySelector("[data-testid=continue]"));
    }

    [Fact]
    public async Task A_session_that_has_not_passed_the_code_for_this_request_is_not_let_on_by_the_code_or_sign_in_page()
    {
        // Password only: the sign-in page is the form, not "you are signed in", and the consent page is not reached.
        var signInUrl = await OpenSignInForNewConsentAsync();
        var codePageUrl = await SubmitPasswordAsync(signInUrl, "grace");
        var passwordOnly = Html.ParseDocument(await host.Browser.GetStringAsync(signInUrl, Ct));
        Assert.Null(passwordOnly.QuerySelector("[data-testid=continue]"));
        Assert.NotNull(passwordOnly.GetElementById("password"));

        // Both factors for this request, then another request (a second consent): its pages ask for a fresh sign-in.
        await new BankBrowser(host.Browser).EnterCodeAsync(codePageUrl);
        var otherSignInUrl = await OpenSignInForNewConsentAsync();
        var other = Html.ParseDocument(await host.Browser.GetStringAsync(otherSignInUrl, Ct));
        Assert.Null(other.QuerySelector("[data-testid=continue]"));
        Assert.NotNull(other.GetElementById("password"));
        using var otherCode = await host.Browser.GetAsync(otherSignInUrl.OriginalString.Replace("/signin?", "/signin/code?", StringComparison.Ordinal), Ct);
        Assert.Equal(HttpStatusCode.Redirect, otherCode.StatusCode);
    }

    // ---- steps ----

    /// <summary>Leafy Bank asks for a new consent; the customer's browser lands on the bank's sign-in page for it.</summary>
    private async Task<Uri> OpenSignInForNewConsentAsync() => await OpenSignInForConsentAsync(await host.CreateConsentAsync("greenbank"));

    private async Task<Uri> OpenSignInForConsentAsync(string consentId)
    {
        using var authorize = await host.Browser.GetAsync(
            await host.PushAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, SandboxTestHost.NewPkce().Challenge)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        return authorize.Headers.Location!;
    }

    private async Task<Uri> SubmitPasswordAsync(Uri signInUrl, string customer)
    {
        using var signedIn = await SubmitAsync(await host.Browser.GetStringAsync(signInUrl, Ct), ("username", customer), ("password", SandboxCustomers.DemoPassword));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.Location!;
    }

    /// <summary>
    /// Submits the page's first form: its hidden fields and <paramref name="fields"/> (a field named twice, such as the
    /// consent page's ticked boxes, is sent twice); the bank's answer, redirects not followed.
    /// </summary>
    private Task<HttpResponseMessage> SubmitAsync(string page, params (string Name, string Value)[] fields)
    {
        var typed = fields.Select(field => field.Name).ToHashSet(StringComparer.Ordinal);
        var form = SandboxTestHost.HiddenFields(page).Where(field => !typed.Contains(field.Key))
            .Concat(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));
        return host.Browser.PostAsync(SandboxTestHost.FormAction(page), new FormUrlEncodedContent(form), Ct);
    }

    /// <summary>The consent's entry on My consents (the customer shows several once the tests have run a while).</summary>
    private async Task<IElement> ConsentOnMyConsentsAsync(string consentId)
    {
        var page = Html.ParseDocument(await host.Browser.GetStringAsync(MyConsents, Ct));
        return page.QuerySelectorAll("[data-testid=consent]")
            .SingleOrDefault(entry => entry.QuerySelector("a[data-testid=revoke]")?.GetAttribute("href")?.Contains($"/{consentId}/", StringComparison.Ordinal) == true)
            ?? throw new Xunit.Sdk.XunitException($"My consents does not list consent {consentId}.");
    }

    private static string[] Ticked(IElement group) =>
        [.. group.QuerySelectorAll("input[type=checkbox][name=account][checked]").Select(box => box.GetAttribute("value")!)];

    private static IElement Field(IDocument page, string id) =>
        page.GetElementById(id) ?? throw new Xunit.Sdk.XunitException($"The page has no field #{id}.");
}
