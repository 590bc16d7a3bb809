using LeafyBank.Sandbox.Customers;

namespace LeafyBank.Tests.Sandbox;

/// <summary>
/// A customer's browser at a sandbox bank, without JavaScript: keeps cookies, does not follow
/// redirects, fills the bank's forms (antiforgery token included) like a person would.
/// </summary>
public sealed class BankBrowser(HttpClient browser)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = baseAddress };

    /// <summary>The second factor: reads the code the sandbox shows in place of a text message and types it; returns where the bank sends the customer next.</summary>
    public async Task<Uri> EnterCodeAsync(Uri codePageUrl)
    {
        var codePage = await browser.GetStringAsync(codePageUrl, Cancel);
        return await SubmitAsync(codePage, ("code", SandboxCode(codePage)));
    }

    /// <summary>The one-time code on the bank's second-factor page.</summary>
    public static string SandboxCode(string codePage) =>
        System.Text.RegularExpressions.Regex.Match(codePage, "data-testid=\"sandbox-code\">(?<code>[0-9]+)<").Groups["code"].Value;

    /// <summary>authorize → sign-in → credentials → one-time code → consent page → Approve or Decline; returns the redirect back to the third party.</summary>
    public async Task<Uri> AuthorizeAsync(string authorizeUrl, string customer = "frida", bool approve = true)
    {
        var consentPage = await OpenConsentPageAsync(authorizeUrl, customer);
        return await SubmitAsync(consentPage, [.. SandboxTestHost.AccountCheckboxes(consentPage).Select(id => ("account", id)), ("decision", approve ? "approve" : "decline")]);
    }

    /// <summary>authorize → sign-in → credentials → one-time code; returns the consent page's HTML, nothing decided yet.</summary>
    public async Task<string> OpenConsentPageAsync(string authorizeUrl, string customer = "frida")
    {
        using var authorize = await browser.GetAsync(authorizeUrl, Cancel);
        Assert.True(authorize.StatusCode == HttpStatusCode.Redirect, $"{authorize.StatusCode}: {await authorize.Content.ReadAsStringAsync(Cancel)}");
        var signInUrl = authorize.Headers.Location!;
        Assert.Contains("/signin", signInUrl.OriginalString, StringComparison.Ordinal);

        var signInPage = await browser.GetStringAsync(signInUrl, Cancel);
        var consentUrl = await EnterCodeAsync(await SubmitAsync(signInPage, ("username", customer), ("password", SandboxCustomers.DemoPassword)));

        using var consentResponse = await browser.GetAsync(consentUrl, Cancel);
        var consentPage = await consentResponse.Content.ReadAsStringAsync(Cancel);
        Assert.True(consentResponse.StatusCode == HttpStatusCode.OK, consentPage);
        return consentPage;
    }

    /// <summary>Submits the consent page with <paramref name="fields"/> (account ids, decision); returns where the bank redirects.</summary>
    public Task<Uri> DecideAsync(string consentPage, params (string Name, string Value)[] fields) => SubmitAsync(consentPage, fields);

    /// <summary>Submits the page's form: its hidden fields (antiforgery token included) and <paramref name="fields"/>; returns where the bank redirects.</summary>
    private async Task<Uri> SubmitAsync(string page, params (string Name, string Value)[] fields)
    {
        var form = SandboxTestHost.HiddenFields(page).Concat(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));
        using var response = await browser.PostAsync(SandboxTestHost.FormAction(page), new FormUrlEncodedContent(form), Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return response.Headers.Location!;
    }

    /// <summary>The customer revokes every consent listed on the bank's "My consents" page, confirming each.</summary>
    public async Task<int> RevokeAllAtBankAsync(string bankId)
    {
        var page = await browser.GetStringAsync($"/sandbox/{bankId}/my-consents", Cancel);
        var links = System.Text.RegularExpressions.Regex.Matches(page, $"href=\"(?<link>/sandbox/{bankId}/my-consents/[^\"]+/revoke)\"")
            .Select(m => WebUtility.HtmlDecode(m.Groups["link"].Value)).ToList();
        foreach (var link in links)
        {
            var confirmation = await browser.GetStringAsync(link, Cancel);
            using var revoked = await browser.PostAsync(SandboxTestHost.FormAction(confirmation), new FormUrlEncodedContent(SandboxTestHost.HiddenFields(confirmation)), Cancel);
            Assert.True(revoked.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK or HttpStatusCode.SeeOther, revoked.StatusCode.ToString());
        }
        return links.Count;
    }
}
