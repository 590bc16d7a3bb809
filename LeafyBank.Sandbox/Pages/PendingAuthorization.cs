using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Pages;

/// <summary>
/// The authorization request a sign-in was started for, read back from the sign-in's return URL
/// (a URL of this bank's authorization endpoint): its parameters, so Cancel can post them back to
/// the endpoint, which answers the third party with <c>access_denied</c>. With a pushed request
/// (RFC 9126) the URL carries only <c>client_id</c> and <c>request_uri</c>; what was pushed is
/// <see cref="Requested"/>, read from <see cref="PushedAuthorizationRequests"/>.
/// </summary>
internal sealed record PendingAuthorization(
    string ReturnUrl, IReadOnlyList<KeyValuePair<string, string>> Parameters, SandboxBank Bank, IReadOnlyList<KeyValuePair<string, string>> Requested)
{
    /// <summary>The consent the request asks for, named as the bank's standard names it (<see cref="ConsentBinding"/>).</summary>
    public string? ConsentId => ConsentBinding.For(Bank).ConsentIdOf(
        new OpenIddictRequest(Requested.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))));

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
        var bank = context.GetSandboxBank();
        var requestUri = parameters.FirstOrDefault(p => p.Key == OpenIddictConstants.Parameters.RequestUri).Value;
        // A request_uri this bank did not issue (or that expired) names no consent: sign-in then proves nothing for any.
        var requested = string.IsNullOrEmpty(requestUri)
            ? parameters
            : context.RequestServices.GetRequiredService<PushedAuthorizationRequests>().Find(bank, requestUri) ?? [];
        return new PendingAuthorization(returnUrl, parameters, bank, requested);
    }

    private string? Value(string name) => Parameters.FirstOrDefault(p => p.Key == name).Value;
}
