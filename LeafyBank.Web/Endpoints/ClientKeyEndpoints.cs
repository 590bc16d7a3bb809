using LeafyBank.Core.Banking.Authorization;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// Leafy Bank's public signing key as a JWK set (RFC 7517) at <see cref="Path"/>: the key behind its
/// <c>private_key_jwt</c> client assertions at the banks (FAPI 2.0 §5.3.2.1). A bank registers it
/// out of band or reads it from this address as the client's <c>jwks_uri</c> (RFC 7591), so a key
/// rotation is a new key here, not a new registration. Only the public half is ever served.
/// </summary>
public static class ClientKeyEndpoints
{
    public const string Path = "/.well-known/jwks.json";

    /// <summary>The JWK set media type of RFC 7517 §8.5.1.</summary>
    public const string MediaType = "application/jwk-set+json";

    public static IEndpointRouteBuilder MapClientKeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (BankClientCredentials credentials, HttpContext context) =>
            {
                if (credentials.AssertionKey is not { } key)
                {
                    // Client secrets only: nothing to publish.
                    return Results.NotFound();
                }
                // Banks may cache it for a while; a rotated key is announced here before it signs anything.
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Text(key.PublicJwks, MediaType);
            })
            .WithName("GetClientJwks")
            // For the banks, not part of the customer data API's document.
            .ExcludeFromDescription()
            .AllowAnonymous();
        return endpoints;
    }
}
