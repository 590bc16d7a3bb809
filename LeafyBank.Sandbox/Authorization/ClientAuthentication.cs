using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// HTTP Basic client authentication for the bank's own APIs (the consent resource), checked
/// against the same client registration the authorization server uses.
/// </summary>
internal static class ClientAuthentication
{
    /// <summary>The authenticated client id, or null when the credentials are missing or wrong.</summary>
    public static async Task<string?> AuthenticateClientAsync(this HttpContext context, IOpenIddictApplicationManager applications)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) ||
            string.IsNullOrEmpty(header.Parameter))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
        var clientId = Uri.UnescapeDataString(decoded[..separator].Replace('+', ' '));
        var clientSecret = Uri.UnescapeDataString(decoded[(separator + 1)..].Replace('+', ' '));

        var application = await applications.FindByClientIdAsync(clientId, context.RequestAborted);
        return application is not null && await applications.ValidateClientSecretAsync(application, clientSecret, context.RequestAborted)
            ? clientId
            : null;
    }

    public static IResult ClientUnauthorized(this HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"sandbox\", charset=\"UTF-8\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Client authentication failed",
            detail: "Authenticate with HTTP Basic: your client_id and client_secret.");
    }
}
