using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeafyBank.Core.Banking.Consents;
using Microsoft.AspNetCore.WebUtilities;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// Leafy Bank's registration at the banks: one client id, the secret the banks' own consent resources
/// take, and the key pair for <c>private_key_jwt</c> at their OAuth endpoints (null: the secret there too).
/// </summary>
public sealed record BankClientCredentials(string ClientId, string ClientSecret, BankClientKey? AssertionKey = null);

/// <summary>What a bank's authorization server publishes (RFC 8414 / OpenID discovery).</summary>
public sealed record AuthorizationServerMetadata(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("revocation_endpoint")] string? RevocationEndpoint,
    [property: JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string>? CodeChallengeMethodsSupported,
    [property: JsonPropertyName("authorization_response_iss_parameter_supported")] bool? AuthorizationResponseIssParameterSupported = null,
    [property: JsonPropertyName("pushed_authorization_request_endpoint")] string? PushedAuthorizationRequestEndpoint = null,
    [property: JsonPropertyName("require_pushed_authorization_requests")] bool? RequirePushedAuthorizationRequests = null,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string>? TokenEndpointAuthMethodsSupported = null,
    [property: JsonPropertyName("dpop_signing_alg_values_supported")] IReadOnlyList<string>? DpopSigningAlgValuesSupported = null);

/// <summary>A pushed authorization endpoint's answer (RFC 9126 §2.2).</summary>
public sealed record PushedAuthorizationResponse(
    [property: JsonPropertyName("request_uri")] string RequestUri,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);

/// <summary>The consent Leafy Bank asks the bank to create (Berlin Group style).</summary>
public sealed record BankConsentRequest(
    [property: JsonPropertyName("access")] IReadOnlyList<string> Access,
    [property: JsonPropertyName("validUntil")] string ValidUntil,
    [property: JsonPropertyName("frequencyPerDay")] int FrequencyPerDay,
    [property: JsonPropertyName("recurringIndicator")] bool RecurringIndicator);

/// <summary>The bank's view of a consent.</summary>
public sealed record BankConsentStatus(
    [property: JsonPropertyName("consentId")] string ConsentId,
    [property: JsonPropertyName("consentStatus")] string ConsentStatus,
    [property: JsonPropertyName("validUntil")] string? ValidUntil,
    [property: JsonPropertyName("frequencyPerDay")] int? FrequencyPerDay);

/// <summary>A token endpoint answer.</summary>
public sealed record BankTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("scope")] string? Scope);

/// <summary>
/// Leafy Bank's OAuth 2.0 client for the external banks: discovery, consent resource,
/// code exchange with PKCE, refresh and revocation. A typed HttpClient; it never logs or
/// returns tokens in error messages. Discovery is read through the shared
/// <see cref="BankDiscoveryCache"/> (one per client made by hand, as tests do). At the OAuth
/// endpoints it authenticates with a signed client assertion (<c>private_key_jwt</c>) wherever the bank
/// offers it, and with the client secret (HTTP Basic) only where it does not. Where the bank takes DPoP
/// proofs signed with Leafy Bank's algorithm (RFC 9449 §5.1 metadata) when a grant starts, every token request
/// of that grant carries one, so the tokens are bound to Leafy Bank's key (FAPI 2.0's sender-constrained tokens), with the nonce
/// the bank's token endpoint last gave where it gives them (RFC 9449 §8, <see cref="BankDpopNonces"/>, one per process).
/// </summary>
public sealed class BankOAuthClient(HttpClient httpClient, BankClientCredentials credentials, BankDiscoveryCache? discovery = null,
    TimeProvider? clock = null, BankDpopNonces? nonces = null)
{
    public const string PrivateKeyJwt = "private_key_jwt";
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>RFC 9449 §10: the authorization request parameter that binds the code to a DPoP key.</summary>
    public const string DpopCodeBindingParameter = "dpop_jkt";

    private readonly BankDiscoveryCache discovery = discovery ?? new BankDiscoveryCache(clock ?? TimeProvider.System);
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly BankDpopNonces nonces = nonces ?? new BankDpopNonces();

    public string ClientId => credentials.ClientId;

    /// <summary>
    /// Whether Leafy Bank asks this bank for DPoP-bound tokens: it has a key and the bank takes proofs signed with its algorithm.
    /// Asked once per grant, when it starts (the pushed request, a client-credentials request): a code or tokens obtained then are
    /// redeemed and refreshed as they were bound, whatever the metadata says by that time (<see cref="ExchangeCodeAsync"/>, <see cref="RefreshAsync"/>).
    /// </summary>
    public bool UsesDpop(AuthorizationServerMetadata metadata) =>
        credentials.AssertionKey is not null && metadata.DpopSigningAlgValuesSupported?.Contains(BankClientKey.Algorithm, StringComparer.Ordinal) == true;

    /// <summary>
    /// An access token of <paramref name="bank"/> as the bank issued it: DPoP-bound when the bank said so (<c>token_type</c>
    /// <c>DPoP</c>), with the nonces its resource server gives; bearer otherwise.
    /// </summary>
    public BankAccessToken Presentable(BankDirectoryEntry bank, string accessToken, string? tokenType) =>
        BankAccessToken.IsDpopTokenType(tokenType) && credentials.AssertionKey is { } key
            ? BankAccessToken.Dpop(accessToken, key, clock, nonces, bank.Id)
            : BankAccessToken.Bearer(accessToken);

    /// <summary>The bank's metadata from memory when known (refreshed behind the caller once stale); fetched only the first time.</summary>
    public Task<AuthorizationServerMetadata> GetMetadataAsync(BankDirectoryEntry bank, CancellationToken cancellationToken = default) =>
        discovery.GetAsync(bank, budget => FetchMetadataAsync(bank, budget), cancellationToken);

    /// <summary>Fetches the bank's metadata again now (the warm-up's refresh); a failure keeps the last good copy and is rethrown.</summary>
    public Task<AuthorizationServerMetadata> RefreshMetadataAsync(BankDirectoryEntry bank, CancellationToken cancellationToken = default) =>
        discovery.RefreshAsync(bank, budget => FetchMetadataAsync(bank, budget), cancellationToken);

    private async Task<AuthorizationServerMetadata> FetchMetadataAsync(BankDirectoryEntry bank, CancellationToken cancellationToken)
    {
        var issuer = BankDiscoveryCache.IssuerOf(bank);
        AuthorizationServerMetadata metadata;
        try
        {
            try
            {
                metadata = await SendAsync<AuthorizationServerMetadata>(bank,
                    new HttpRequestMessage(HttpMethod.Get, AuthorizationServerMetadataUrl(issuer)), cancellationToken);
            }
            catch (BankApiException notThere) when (notThere.Kind is BankFailureKind.NotFound)
            {
                // A bank that publishes only OpenID Connect discovery (RFC 8414 §5 lets clients fall back to it).
                metadata = await SendAsync<AuthorizationServerMetadata>(bank,
                    new HttpRequestMessage(HttpMethod.Get, $"{issuer}/.well-known/openid-configuration"), cancellationToken);
            }
        }
        catch (OperationCanceledException silence)
        {
            // The token here is the cache's load budget, never a waiting caller's (they stop waiting on their own).
            throw new BankApiException(BankFailureKind.Unavailable, $"{bank.Name} did not answer in time. Try again later.", inner: silence);
        }
        // RFC 8414 §3.3: the metadata must name the issuer it was fetched from.
        if (!string.Equals(metadata.Issuer?.TrimEnd('/'), issuer, StringComparison.Ordinal))
        {
            throw new BankApiException(BankFailureKind.MalformedResponse,
                $"{bank.Name}'s authorization server names another issuer than its own address; Leafy Bank will not use it.");
        }
        if (metadata.CodeChallengeMethodsSupported?.Contains("S256") != true)
        {
            throw new BankApiException(BankFailureKind.MalformedResponse,
                $"{bank.Name} does not support PKCE with S256, which Leafy Bank requires.");
        }
        return metadata;
    }

    /// <summary>
    /// RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path
    /// (<c>https://bank.example/.well-known/oauth-authorization-server/tenant</c> for issuer
    /// <c>https://bank.example/tenant</c>).
    /// </summary>
    public static string AuthorizationServerMetadataUrl(string issuer)
    {
        var uri = new Uri(issuer);
        return $"{uri.GetLeftPart(UriPartial.Authority)}/.well-known/oauth-authorization-server{uri.AbsolutePath.TrimEnd('/')}";
    }

    /// <summary>
    /// Where to send the customer: the authorization request's parameters are pushed to the bank
    /// first (RFC 9126, required by FAPI 2.0), so the browser carries only <c>client_id</c> and the
    /// bank's <c>request_uri</c> — nothing in it can be read or altered on the way. A bank without a
    /// pushed authorization endpoint gets the parameters in the URL, as OAuth 2.0 sends them.
    /// At a bank that takes Leafy Bank's DPoP proofs the request carries <c>dpop_jkt</c>, its key's RFC 7638
    /// thumbprint (RFC 9449 §10), so the code the bank gives back is redeemed only with a proof of that key:
    /// a code intercepted on its way back through the browser is useless without the private key. The thumbprint,
    /// not a proof (§10.1 allows either), so the pushed request needs no DPoP nonce. This overload decides from
    /// <paramref name="metadata"/> (<see cref="UsesDpop"/>); a caller that redeems the code later keeps the decision and passes it.
    /// </summary>
    public Task<Uri> PushAuthorizationRequestAsync(BankDirectoryEntry bank, AuthorizationServerMetadata metadata,
        IReadOnlyDictionary<string, string?> parameters, CancellationToken cancellationToken = default) =>
        PushAuthorizationRequestAsync(bank, metadata, parameters, UsesDpop(metadata), cancellationToken);

    /// <summary>
    /// As <see cref="PushAuthorizationRequestAsync(BankDirectoryEntry, AuthorizationServerMetadata, IReadOnlyDictionary{string, string?}, CancellationToken)"/>,
    /// with <c>dpop_jkt</c> sent exactly when <paramref name="bindCodeToDpopKey"/> says: the decision the caller keeps with the pending
    /// authorization, so that <see cref="ExchangeCodeAsync"/> redeems the code as it was bound.
    /// </summary>
    public async Task<Uri> PushAuthorizationRequestAsync(BankDirectoryEntry bank, AuthorizationServerMetadata metadata,
        IReadOnlyDictionary<string, string?> parameters, bool bindCodeToDpopKey, CancellationToken cancellationToken = default)
    {
        if (bindCodeToDpopKey)
        {
            // The same key signs every token request's proof (BankClientKey.KeyId is its RFC 7638 thumbprint).
            parameters = new Dictionary<string, string?>(parameters) { [DpopCodeBindingParameter] = DpopKeyFor(bank).KeyId };
        }
        if (metadata.PushedAuthorizationRequestEndpoint is null)
        {
            return new Uri(QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, parameters));
        }
        var form = parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value!));
        using var request = ClientAuthenticated(metadata, metadata.PushedAuthorizationRequestEndpoint, form);
        using var response = await SendRawAsync(bank, request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var error = await ReadOAuthErrorAsync(response, cancellationToken);
            throw new BankAuthorizationException(error, $"{bank.Name} refused the authorization request ({error}).");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(bank, response, "preparing the customer's sign-in");
        }
        var pushed = await ReadJsonAsync<PushedAuthorizationResponse>(bank, response, cancellationToken);
        if (string.IsNullOrEmpty(pushed.RequestUri))
        {
            throw new BankApiException(BankFailureKind.MalformedResponse, $"{bank.Name} accepted the authorization request without saying where to send the customer.");
        }
        return new Uri(QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["client_id"] = credentials.ClientId,
            ["request_uri"] = pushed.RequestUri,
        }));
    }

    /// <summary>
    /// RFC 9207 mix-up defence for the bank's redirect back: when the bank sends <c>iss</c> it must
    /// be exactly the issuer Leafy Bank sent the customer to; a bank that promises <c>iss</c> in its
    /// metadata must send it. Otherwise an answer from another authorization server (a mix-up
    /// attack) could be exchanged at this bank. Throws <see cref="BankAuthorizationException"/>
    /// before the code is used.
    /// </summary>
    public static void CheckResponseIssuer(BankDirectoryEntry bank, AuthorizationServerMetadata metadata, string? responseIssuer)
    {
        if (string.IsNullOrEmpty(responseIssuer))
        {
            if (metadata.AuthorizationResponseIssParameterSupported == true)
            {
                throw new BankAuthorizationException("invalid_issuer",
                    $"{bank.Name}'s answer did not say which bank sent it, although {bank.Name} always does. Nothing was linked; start again.");
            }
            return;
        }
        if (!string.Equals(responseIssuer.TrimEnd('/'), metadata.Issuer.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new BankAuthorizationException("invalid_issuer",
                $"The answer did not come from {bank.Name}, so Leafy Bank did not use it. Nothing was linked; start again.");
        }
    }

    /// <summary>Creates the consent the customer will approve, in the bank's standard (<see cref="ConsentProtocols"/>).</summary>
    public Task<BankConsentStatus> CreateConsentAsync(BankDirectoryEntry bank, BankConsentRequest consent, CancellationToken cancellationToken = default) =>
        ConsentProtocols.For(bank).CreateAsync(this, bank, consent, cancellationToken);

    public Task<BankConsentStatus> GetConsentAsync(BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken = default) =>
        ConsentProtocols.For(bank).GetAsync(this, bank, consentId, cancellationToken);

    /// <summary>Ends the consent at the bank (Berlin Group <c>terminatedByTpp</c>); every token of it stops working.</summary>
    public Task DeleteConsentAsync(BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken = default) =>
        ConsentProtocols.For(bank).DeleteAsync(this, bank, consentId, cancellationToken);

    /// <summary>The authorization request's parameters that name the consent and the scope, in the bank's standard.</summary>
    public static void AddConsentParameters(BankDirectoryEntry bank, IDictionary<string, string?> parameters, string consentId, IReadOnlyList<string> permissions) =>
        ConsentProtocols.For(bank).AddAuthorizationParameters(parameters, consentId, permissions);

    /// <summary>
    /// Redeems the code; with a DPoP proof of Leafy Bank's key when <paramref name="withDpopProof"/>, which is what the pushed request
    /// decided (a code bound there by <c>dpop_jkt</c> is refused without a proof of that key, RFC 9449 §10), never the metadata of the moment.
    /// </summary>
    public Task<BankTokenResponse> ExchangeCodeAsync(BankDirectoryEntry bank, AuthorizationServerMetadata metadata,
        string code, string redirectUri, string codeVerifier, bool withDpopProof, CancellationToken cancellationToken = default) =>
        TokenAsync(bank, metadata, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = codeVerifier,
        }, withDpopProof, cancellationToken);

    /// <summary>
    /// Swaps the refresh token for new tokens; with a DPoP proof when <paramref name="withDpopProof"/>, which the caller takes from
    /// the tokens it holds (bound ones are refreshed with a proof of the same key, so the new ones are bound too).
    /// </summary>
    public Task<BankTokenResponse> RefreshAsync(BankDirectoryEntry bank, AuthorizationServerMetadata metadata,
        string refreshToken, bool withDpopProof, CancellationToken cancellationToken = default) =>
        TokenAsync(bank, metadata, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, withDpopProof, cancellationToken);

    /// <summary>RFC 7009 revocation; a bank without a revocation endpoint is skipped (deleting the consent ends access there).</summary>
    public async Task RevokeAsync(BankDirectoryEntry bank, AuthorizationServerMetadata metadata, string token, string tokenTypeHint,
        CancellationToken cancellationToken = default)
    {
        if (metadata.RevocationEndpoint is null)
        {
            return;
        }
        using var request = ClientAuthenticated(metadata, metadata.RevocationEndpoint,
            new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = tokenTypeHint });
        using var response = await SendRawAsync(bank, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(bank, response, "revoking a token");
        }
    }

    private async Task<BankTokenResponse> TokenAsync(BankDirectoryEntry bank, AuthorizationServerMetadata metadata,
        Dictionary<string, string> form, bool withDpopProof, CancellationToken cancellationToken)
    {
        var proofKey = withDpopProof ? DpopKeyFor(bank) : null;
        using var response = await nonces.SendAsync(bank.Id, DpopNonceServer.Authorization, nonce =>
        {
            // Made anew for a retry: the bank has used up the first client assertion's jti as well as the proof's.
            var request = ClientAuthenticated(metadata, metadata.TokenEndpoint, form);
            if (proofKey is not null)
            {
                // RFC 9449 §5: a proof of the key the tokens are to be bound to, for this token request (§8: with the bank's nonce).
                request.Headers.Add(BankAccessToken.DpopScheme, proofKey.CreateDpopProof(request.Method, request.RequestUri!, clock.GetUtcNow(), nonce: nonce));
            }
            return request;
        }, (request, cancellation) => SendRawAsync(bank, request, cancellation), cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            // RFC 6749 §5.2: invalid_grant means the code or refresh token is no longer good.
            var error = await ReadOAuthErrorAsync(response, cancellationToken);
            if (error == BankDpopNonces.UseNonceError)
            {
                // Refused again with the nonce it had just given: the bank is at fault, not the grant, so nothing is to be reconnected.
                throw new BankApiException(BankFailureKind.Unavailable,
                    $"{bank.Name} refused Leafy Bank's token request twice, asking for a fresh DPoP nonce although the second request carried the one it had just given. Try again later.");
            }
            throw new BankAuthorizationException(error,
                error == "invalid_grant"
                    ? $"{bank.Name} no longer accepts this authorization (it was used, expired or the consent ended)."
                    : $"{bank.Name} refused the token request ({error}).");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(bank, response, "getting an access token");
        }
        var token = await ReadJsonAsync<BankTokenResponse>(bank, response, cancellationToken);
        if (string.IsNullOrEmpty(token.AccessToken))
        {
            throw new BankApiException(BankFailureKind.MalformedResponse, $"{bank.Name} answered the token request without an access token.");
        }
        return token;
    }

    /// <summary>
    /// A grant bound to Leafy Bank's DPoP key needs the key to go on. The app always has one; only a client made without one (a test,
    /// a tool) can get here, and it must not quietly send the request unproven.
    /// </summary>
    private BankClientKey DpopKeyFor(BankDirectoryEntry bank) =>
        credentials.AssertionKey ?? throw new InvalidOperationException(
            $"The request to {bank.Name} is to be bound to Leafy Bank's DPoP key, but this client has none ({nameof(BankClientCredentials)}.{nameof(BankClientCredentials.AssertionKey)}).");

    /// <summary>Sends, disposes the request, and reads a JSON answer; failures become <see cref="BankApiException"/> in words.</summary>
    internal async Task<T> SendAsync<T>(BankDirectoryEntry bank, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await SendRawAsync(bank, request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(bank, response, Describe(request));
            }
            return await ReadJsonAsync<T>(bank, response, cancellationToken);
        }
    }

    internal async Task<HttpResponseMessage> SendRawAsync(BankDirectoryEntry bank, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new BankApiException(BankFailureKind.Unavailable, $"{bank.Name} could not be reached ({exception.HttpRequestError}). Try again later.", inner: exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BankApiException(BankFailureKind.Unavailable, $"{bank.Name} did not answer in time. Try again later.", inner: exception);
        }
    }

    internal static async Task<T> ReadJsonAsync<T>(BankDirectoryEntry bank, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                   ?? throw new JsonException("empty body");
        }
        catch (JsonException exception)
        {
            throw new BankApiException(BankFailureKind.MalformedResponse, $"{bank.Name} sent an answer Leafy Bank could not read.", inner: exception);
        }
    }

    private static async Task<string> ReadOAuthErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? "invalid_request" : "invalid_request";
        }
        catch (JsonException)
        {
            return "invalid_request";
        }
    }

    /// <summary>
    /// A form POST to one of the bank's OAuth endpoints (token, pushed authorization, revocation) with
    /// Leafy Bank's client authentication: a client assertion signed for this bank's issuer when the bank
    /// offers <c>private_key_jwt</c> and Leafy Bank has a key, else the client secret in HTTP Basic.
    /// </summary>
    internal HttpRequestMessage ClientAuthenticated(AuthorizationServerMetadata metadata, string endpoint, IEnumerable<KeyValuePair<string, string>> form)
    {
        var fields = form.ToList();
        if (credentials.AssertionKey is { } key && metadata.TokenEndpointAuthMethodsSupported?.Contains(PrivateKeyJwt, StringComparer.Ordinal) == true)
        {
            fields.RemoveAll(field => field.Key == "client_id");
            fields.Add(KeyValuePair.Create("client_id", credentials.ClientId));
            fields.Add(KeyValuePair.Create("client_assertion_type", JwtBearerAssertionType));
            fields.Add(KeyValuePair.Create("client_assertion", key.CreateAssertion(credentials.ClientId, metadata.Issuer, clock.GetUtcNow())));
            return new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };
        }
        return Authenticated(new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) });
    }

    /// <summary>Adds Leafy Bank's client secret (HTTP Basic) to a request to the bank's own API, such as its consent resource.</summary>
    internal HttpRequestMessage Authenticated(HttpRequestMessage request)
    {
        // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
        var basic = $"{Uri.EscapeDataString(credentials.ClientId)}:{Uri.EscapeDataString(credentials.ClientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        return request;
    }

    private static string Describe(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri?.AbsolutePath.EndsWith("openid-configuration", StringComparison.Ordinal) == true
            ? "reading its authorization server metadata"
            : request.RequestUri?.AbsolutePath.Contains("consents", StringComparison.Ordinal) == true ? "handling the consent" : "a request";

    internal static BankApiException Failure(BankDirectoryEntry bank, HttpResponseMessage response, string doing)
    {
        // A Retry-After date counts from the bank's own Date header: neither side's clock skew matters.
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date && response.Headers.Date is { } answeredAt ? date - answeredAt : null);
        return (int)response.StatusCode switch
        {
            401 when BankDpopNonces.IsResourceNonceRefusal(response) => new BankApiException(BankFailureKind.Unavailable,
                $"{bank.Name} refused {doing} twice, asking for a fresh DPoP nonce although the second request carried the one it had just given. Try again later."),
            401 => new BankApiException(BankFailureKind.Unauthorized, $"{bank.Name} did not accept Leafy Bank's credentials while {doing}."),
            403 => new BankApiException(BankFailureKind.Forbidden, $"{bank.Name} refused {doing}: the consent does not allow it."),
            404 => new BankApiException(BankFailureKind.NotFound, $"{bank.Name} does not know what Leafy Bank asked for while {doing}."),
            429 => new BankApiException(BankFailureKind.RateLimited,
                string.Create(CultureInfo.InvariantCulture, $"{bank.Name} asks Leafy Bank to wait{(wait is { } w ? $" {Math.Ceiling(w.TotalMinutes):0} minutes" : "")} before {doing} again."), wait),
            // Words, not status codes: this message can reach a page.
            >= 500 => new BankApiException(BankFailureKind.Unavailable, $"{bank.Name} had a problem on its side while {doing}. Try again later."),
            _ => new BankApiException(BankFailureKind.MalformedResponse, $"{bank.Name} gave an answer Leafy Bank did not expect while {doing}."),
        };
    }

    /// <summary>
    /// A client-credentials token (RFC 6749 §4.4) for the bank's own resources that come before a
    /// customer is involved, such as UK Open Banking's account-access-consents (scope <c>accounts</c>).
    /// </summary>
    internal async Task<BankTokenResponse> ClientCredentialsTokenAsync(BankDirectoryEntry bank, string scope, CancellationToken cancellationToken)
    {
        var metadata = await GetMetadataAsync(bank, cancellationToken);
        // A grant of its own, used at once: decided now.
        return await TokenAsync(bank, metadata, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope },
            UsesDpop(metadata), cancellationToken);
    }
}
