using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeafyBank.Sandbox.Dialects.UkOpenBanking;

/// <summary>
/// What every UK Open Banking response carries (3.1.11 documents <c>x-fapi-interaction-id</c> as
/// required on every answer, errors included): the caller's RFC 4122 id echoed, or a new one when
/// the caller sent none. Runs outside the access filter, so its 401/403/429 answers get the id and
/// the UK error shape too.
/// </summary>
internal sealed class UkInteraction : IEndpointFilter
{
    public const string Header = "x-fapi-interaction-id";

    private static readonly object Key = new();

    public static string IdOf(HttpContext http) => http.Items.TryGetValue(Key, out var id) && id is string value ? value : "";

    /// <summary>Puts the answer's interaction id on the response (the caller's, or a new one); false when the caller's is no UUID.</summary>
    public static bool Assign(HttpContext http)
    {
        var sent = http.Request.Headers[Header].ToString();
        var valid = sent.Length == 0 || Guid.TryParse(sent, out _);
        var id = sent.Length > 0 && valid ? sent : Guid.NewGuid().ToString();
        http.Items[Key] = id;
        http.Response.Headers[Header] = id;
        return valid;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (!Assign(http))
        {
            return UkErrors.BadRequest(http, UkErrors.HeaderInvalid,
                $"{Header} must be an RFC 4122 UUID, e.g. 93bac548-d2de-4546-b106-880a5018460d; leave it out and the bank makes one.", Header);
        }

        var result = await next(invocation);
        return result is ProblemHttpResult problem ? UkErrors.Translate(http, problem) : result;
    }
}
