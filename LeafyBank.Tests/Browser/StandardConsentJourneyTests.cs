using LeafyBank.Sandbox.Hosting;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Connect → sync → disconnect through each standard's own consent flow, in a browser: the
/// customer picks Donau Bank (Berlin Group NextGenPSD2 1.3.12) or Thames Bank (UK Open Banking
/// 3.1.11), approves at the bank's pages, sees the bank's accounts in Leafy Bank, then disconnects.
/// The bank is then asked, through its standard's consent resource as any third party would ask,
/// what became of the consent: Berlin Group's <c>terminatedByTpp</c>, UK Open Banking's <c>Revoked</c>.
/// </summary>
public sealed class StandardConsentJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    [Theory]
    [InlineData("donaubank", "Donau Bank", "gracehop", "grace", "terminatedByTpp")]
    [InlineData("thamesbank", "Thames Bank", "adalove", "ada", "Revoked")]
    public Task A_customer_connects_syncs_and_disconnects_through_the_banks_standard_consent_flow(
        string bankId, string bankName, string leafyUser, string bankCustomer, string endedAtTheBank) => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, leafyUser);
        await ConnectThroughThePagesAsync(page, bankId, bankName, bankCustomer);

        await GotoAndWaitForCircuitAsync("/connections");
        var card = page.GetByTestId($"connection-{bankId}");
        await Expect(card.GetByTestId("status")).ToContainTextAsync("Active");
        await Expect(card.GetByTestId("account").First).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        var consentId = await LeafysConsentIdAsync(leafyUser, bankId);
        Assert.Equal(bankId == "donaubank" ? "valid" : "Authorised", await StatusAtTheBankAsync(bankId, consentId));

        await card.GetByTestId("disconnect").ClickAsync();
        await Expect(page.GetByTestId("disconnect-dialog")).ToBeVisibleAsync();
        await page.GetByTestId("disconnect-delete").ClickAsync();
        await Expect(card.GetByTestId("status")).ToHaveTextAsync("Disconnected");
        await Expect(card.GetByTestId("accounts")).ToHaveTextAsync("None kept in Leafy Bank");

        Assert.Equal(endedAtTheBank, await StatusAtTheBankAsync(bankId, consentId));
    });

    private async Task<string> LeafysConsentIdAsync(string leafyUser, string bankId)
    {
        var owner = ObjectId.Parse(Personas.All.Single(p => p.UserName == leafyUser).UserId);
        var consents = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.Consents)
            .FindAsync(owner, c => c.Bank == bankId && c.Status == ConsentStatuses.Valid, Cancel);
        return Assert.Single(consents).ConsentId;
    }

    /// <summary>The consent's status as the standard's consent resource reports it to the third party.</summary>
    private async Task<string> StatusAtTheBankAsync(string bankId, string consentId)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var settings = App.Service<SandboxSettings>();
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
        if (bankId == "donaubank")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"sandbox/{bankId}/v1/consents/{consentId}/status");
            request.Headers.Authorization = basic;
            request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request, Cancel);
            response.EnsureSuccessStatusCode();
            using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            return status.RootElement.GetProperty("consentStatus").GetString()!;
        }

        // UK Open Banking: the consent resource wants a client-credentials token, and Thames (a FAPI
        // bank) authenticates its clients only with private_key_jwt: Leafy Bank's own key signs the assertion.
        var credentials = App.Service<BankClientCredentials>();
        var issuer = await IssuerAsync(client, bankId);
        var clock = App.Service<TimeProvider>();
        // Thames binds its tokens to the client's key (DPoP, RFC 9449) and gives nonces (§8, §9): a proof with the request and
        // with each use, each sent again once with the nonce the bank asks for.
        var nonces = new BankDpopNonces();
        using var tokenResponse = await nonces.SendAsync(bankId, DpopNonceServer.Authorization, nonce =>
        {
            var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseAddress!, $"sandbox/{bankId}/connect/token"))
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "client_credentials"),
                    new("scope", "accounts"),
                    new("client_id", credentials.ClientId),
                    new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    new("client_assertion", credentials.AssertionKey!.CreateAssertion(credentials.ClientId, issuer, clock.GetUtcNow())),
                ]),
            };
            tokenRequest.Headers.Add("DPoP", credentials.AssertionKey.CreateDpopProof(HttpMethod.Post, tokenRequest.RequestUri!, clock.GetUtcNow(), nonce: nonce));
            return tokenRequest;
        }, client.SendAsync, Cancel);
        tokenResponse.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(Cancel));
        var consentUrl = new Uri(client.BaseAddress!, $"sandbox/{bankId}/open-banking/v3.1/aisp/account-access-consents/{consentId}");
        using var consent = await BankAccessToken.Dpop(token.RootElement.GetProperty("access_token").GetString()!, credentials.AssertionKey!, clock, nonces, bankId)
            .SendAsync(() => new HttpRequestMessage(HttpMethod.Get, consentUrl), client.SendAsync, Cancel);
        consent.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await consent.Content.ReadAsStringAsync(Cancel));
        return body.RootElement.GetProperty("Data").GetProperty("Status").GetString()!;
    }

    /// <summary>The bank's issuer as its RFC 8414 metadata names it: the audience of a client assertion.</summary>
    private static async Task<string> IssuerAsync(HttpClient client, string bankId)
    {
        using var metadata = JsonDocument.Parse(await client.GetStringAsync(new Uri($"sandbox/{bankId}/.well-known/oauth-authorization-server", UriKind.Relative), Cancel));
        return metadata.RootElement.GetProperty("issuer").GetString()!;
    }
}
