using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Pages;

/// <summary>
/// The authorization request a sign-in was started for, read back from the sign-in's return URL
/// (a URL of this bank's authorization endpoint): its parameters, so Cancel can post them back to
/// the endpoint, which answers the third party with <c>access_denied</c>.
/// </summary>
internal sealed record PendingAuthorization(string ReturnUrl, IReadOnlyList<KeyValuePair<string, string>> Parameters, SandboxBank Bank)
{
    /// <summary>The consent the request asks for, named as the bank's standard names it (<see cref="ConsentBinding"/>).</summary>
    public string? ConsentId => ConsentBinding.For(Bank).ConsentIdOf(
        new OpenIddictRequest(Parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))));

    public string? ClientId => Value(OpenIddictConstants.Parameters.ClientId);

    public static PendingAuthorization? From(HttpContext context, string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return null;
        }
        var queryStart = returnUrl.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? returnUrl : returnUrl[..queryStart];
        if (!string.Equals(path, $"{context.Request.PathBase}{AuthorizationEndpoints.AuthorizePath}", StringComparison.Ordinal) || queryStart < 0)
        {
            return null;
        }
        var parameters = QueryHelpers.ParseQuery(returnUrl[queryStart..])
            .SelectMany(field => field.Value.Select(value => KeyValuePair.Create(field.Key, value ?? "")))
            .ToList();
        return new PendingAuthorization(returnUrl, parameters, context.GetSandboxBank());
    }

    private string? Value(string name) => Parameters.FirstOrDefault(p => p.Key == name).Value;
}
