using System.Security.Claims;
using LeafyBank.DevIdentityProvider;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// Gets access tokens for the data API the way a tool on the customer's machine would: the
/// authorization code flow with PKCE (S256) at the development identity provider, as the public
/// API client with a loopback redirect (RFC 8252), signing in on the provider's form. It also
/// mints tokens with the provider's own signing key for the cases a provider never issues on
/// request (expired, another audience, a user who is not a customer).
/// </summary>
public sealed class ApiTokenDriver(LeafyBankWebFactory factory)
{
    // Never listened on: the provider's redirect is read from its Location header, as a loopback listener would receive it.
    private const string RedirectUri = "http://127.0.0.1/callback";

    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    private DevIdentityProviderHost Provider => factory.Services.GetRequiredService<DevIdentityProviderHost>();

    /// <summary>
    /// The provider's token response for <paramref name="userName"/> asking for <paramref name="scope"/>: signed in on the
    /// provider's form, and Allow pressed on its consent page, as the customer does for a tool.
    /// </summary>
    public async Task<JsonElement> RequestTokenAsync(string userName, string scope = $"openid {DataApiSettings.Scope}")
    {
        var request = NewAuthorizationRequest(scope);

        // Signing in on the provider's form is the same for this client as for the app's sign-in; the consent page is this client's alone.
        using var browser = new SignInDriver(factory);
        var (page, html) = await browser.OpenSignInPageAsync(request.Url);
        var (consentPage, consent) = await browser.SignInUntilConsentAsync(page, html, userName);
        using var allowed = await browser.AnswerConsentAsync(consentPage, consent, DevIdentityEndpoints.AllowAnswer);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        var answer = CallbackQuery(allowed.Headers.Location!, request.State);
        return await ExchangeAsync(answer["code"].ToString(), request.Verifier);
    }

    /// <summary>A fresh authorization request for the API client: its URL at the provider, its state and its PKCE verifier.</summary>
    public (Uri Url, string State, string Verifier) NewAuthorizationRequest(string scope = $"openid {DataApiSettings.Scope}", string? prompt = null)
    {
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var authorize = QueryHelpers.AddQueryString(DevIdentityEndpoints.AuthorizePath, new Dictionary<string, string?>
        {
            ["client_id"] = DevIdentityProviderHost.ApiClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["prompt"] = prompt,
        }.Where(p => p.Value is not null));
        return (new Uri(Provider.Address, authorize), state, verifier);
    }

    /// <summary>The query the tool's loopback listener receives, asserted to be at its redirect and to carry its state.</summary>
    public static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> CallbackQuery(Uri callback, string state)
    {
        Assert.Equal(new Uri(RedirectUri).GetLeftPart(UriPartial.Path), callback.GetLeftPart(UriPartial.Path));
        var answer = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal(state, answer["state"].ToString());
        return answer;
    }

    /// <summary>The token request the tool makes with its code and PKCE verifier; asserted to succeed.</summary>
    public async Task<JsonElement> ExchangeAsync(string code, string verifier)
    {
        using var idp = new HttpClient { BaseAddress = Provider.Address };
        using var tokenResponse = await idp.PostAsync(DevIdentityEndpoints.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = DevIdentityProviderHost.ApiClientId,
            ["code_verifier"] = verifier,
        }), Cancellation);
        var body = await tokenResponse.Content.ReadAsStringAsync(Cancellation);
        Assert.True(tokenResponse.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<string> AccessTokenAsync(string userName, string scope = $"openid {DataApiSettings.Scope}") =>
        (await RequestTokenAsync(userName, scope)).GetProperty("access_token").GetString()!;

    /// <summary>
    /// A JWT signed with the provider's signing key (so only the claims decide whether it is accepted),
    /// issued by the provider, for <paramref name="audience"/>, expiring at <paramref name="expires"/>.
    /// </summary>
    public string Mint(string userName, string audience, DateTime expires)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(factory.DataDirectory, "identity", "keys", "signing-key.pem")));
        var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Provider.Address.ToString(),
            Audience = audience,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            // The subject the provider itself gives this user (a persona's user id), so a minted token is the same identity as a real one.
            Subject = new ClaimsIdentity([new Claim("sub", Personas.All.FirstOrDefault(p => p.UserName == userName)?.UserId ?? userName), new Claim("preferred_username", userName)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
