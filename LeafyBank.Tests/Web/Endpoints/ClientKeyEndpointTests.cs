using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Web.Endpoints;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// Leafy Bank publishes the public half of its client-assertion key as a JWK set: a bank that reads
/// it can verify Leafy Bank's private_key_jwt assertions, and nothing private is ever in it.
/// </summary>
public sealed class ClientKeyEndpointTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    [Fact]
    public async Task The_jwk_set_is_public_cached_and_names_the_key_by_its_thumbprint()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(ClientKeyEndpoints.Path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ClientKeyEndpoints.MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public, "banks may cache the key set");
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
        var keys = new JsonWebKeySet(await response.Content.ReadAsStringAsync(Cancellation)).Keys;
        var key = Assert.Single(keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal("sig", key.Use);
        Assert.Equal(BankClientKey.Algorithm, key.Alg);
        // RFC 7638 thumbprint, computed here independently of the app.
        Assert.Equal(Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()), key.Kid);
        using var raw = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var members = raw.RootElement.GetProperty("keys")[0].EnumerateObject().Select(p => p.Name).ToList();
        Assert.Empty(members.Intersect(PrivateMembers));
    }

    [Fact]
    public async Task An_assertion_the_app_signs_verifies_with_the_published_key_and_a_bank_accepts_the_set()
    {
        using var client = factory.CreateClient();
        var published = await client.GetStringAsync(ClientKeyEndpoints.Path, Cancellation);
        var credentials = factory.Services.GetRequiredService<BankClientCredentials>();
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var assertion = credentials.AssertionKey!.CreateAssertion(credentials.ClientId, "http://bank.example/", now);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(published).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSsaPssSha256],
            ValidIssuer = credentials.ClientId,
            ValidAudience = "http://bank.example/",
            LifetimeValidator = (_, expires, _, _) => expires > now.UtcDateTime,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        // What a bank registers (Sandbox:Client:Jwks) is exactly what Leafy Bank publishes: the sandbox's own check accepts it.
        var settings = SandboxSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SandboxSettings.DataDirectoryKey] = Path.GetTempPath(),
                [SandboxSettings.ClientSecretKey] = "a-client-secret-for-this-test-only",
                [SandboxSettings.ClientJwksKey] = published,
            })
            .Build());
        Assert.Contains(credentials.AssertionKey.KeyId, settings.ClientJsonWebKeySet, StringComparison.Ordinal);
    }
}
