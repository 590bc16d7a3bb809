using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static LeafyBank.Sandbox.Dialects.BerlinGroup.BerlinGroupErrors;

namespace LeafyBank.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// Wraps every <c>/v1</c> call of a Berlin Group bank, outside the access filter: the
/// <c>X-Request-ID</c> the standard requires on every request (a UUID) is checked first and
/// echoed on every answer (a request without a UUID one gets a fresh one on its 400), and
/// any refusal from inside (token, consent, allowance, unknown account) leaves as an <c>Error4xx_AIS</c> with the code the standard gives it.
/// </summary>
internal static class BerlinGroupRequestFilter
{
    public const string RequestIdHeader = "X-Request-ID";

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (!Assign(http))
        {
            return Error(StatusCodes.Status400BadRequest, BerlinGroupCodes.FormatError, "X-Request-ID missing or not a UUID",
                $"Send an {RequestIdHeader} header with a new UUID (e.g. 99391c7e-ad88-49ec-a2ad-99ddcb1f7721) on every request.");
        }

        var result = await next(invocation);
        return result is IStatusCodeHttpResult { StatusCode: >= 400 and < 500 } refusal && !IsBerlinGroupError(result)
            ? await TranslateAsync(http, refusal)
            : result;
    }

    /// <summary>
    /// Puts the answer's X-Request-ID on the response: the caller's when it is a UUID; false when it is not. 1.3.12 marks the
    /// header required (a UUID) on every response, errors included, so with none to echo the bank names the answer with a
    /// fresh UUID of its own, which still lets the answer be traced.
    /// </summary>
    public static bool Assign(HttpContext http)
    {
        var requestId = http.Request.Headers[RequestIdHeader].ToString();
        var valid = Guid.TryParse(requestId, out _);
        http.Response.Headers[RequestIdHeader] = valid ? requestId : Guid.NewGuid().ToString();
        return valid;
    }

    private static async Task<ProblemHttpResult> TranslateAsync(HttpContext http, IStatusCodeHttpResult refusal)
    {
        var detail = (refusal as ProblemHttpResult)?.ProblemDetails.Detail;
        return refusal.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => TokenHasExpired(http)
                ? Error(401, BerlinGroupCodes.TokenExpired, "Access token expired",
                    "The access token has expired. Get a new one with the refresh token.")
                : Error(401, BerlinGroupCodes.TokenInvalid, "Access token not valid",
                    detail ?? "Send Authorization: Bearer <access token from this bank>."),
            // Berlin Group answers a consent that does not (or no longer) cover the call with 401.
            StatusCodes.Status403Forbidden => await ConsentHasExpiredAsync(http)
                ? Error(401, BerlinGroupCodes.ConsentExpired, "Consent expired",
                    "The consent has expired. Ask the customer for a new consent.")
                : Error(401, BerlinGroupCodes.ConsentInvalid, "Consent not valid for this call",
                    detail ?? "The consent does not cover this call. Ask the customer for a consent that does."),
            StatusCodes.Status404NotFound => Error(404, BerlinGroupCodes.ResourceUnknown, "Resource unknown",
                detail ?? "This resource is not covered by the consent."),
            StatusCodes.Status429TooManyRequests => Error(429, BerlinGroupCodes.AccessExceeded, "Daily access limit reached",
                detail ?? "The consent's frequencyPerDay is used up for today."),
            _ => Error(refusal.StatusCode ?? 400, BerlinGroupCodes.FormatError, "Request not valid",
                detail ?? "The request does not follow the Berlin Group NextGenPSD2 interface."),
        };
    }

    /// <summary>
    /// The access filter has already refused the token; this only chooses the words. OpenIddict
    /// says "no longer valid" for expired and revoked tokens alike, so the token's own expiry
    /// (a signed JWT) tells TOKEN_EXPIRED from TOKEN_INVALID.
    /// </summary>
    private static bool TokenHasExpired(HttpContext http)
    {
        var handler = new JsonWebTokenHandler();
        if (DpopAuthorization.PresentedToken(http.Request) is not { } token || !handler.CanReadToken(token))
        {
            return false;
        }
        var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var expires = handler.ReadJsonWebToken(token).ValidTo;
        return expires != DateTime.MinValue && expires <= clock.GetUtcNow().UtcDateTime;
    }

    private static async Task<bool> ConsentHasExpiredAsync(HttpContext http)
    {
        var consentId = http.Request.Headers[BerlinGroupDialect.ConsentIdHeader].ToString();
        if (string.IsNullOrEmpty(consentId) || http.RequestServices.GetService<ConsentService>() is not { } consents)
        {
            return false;
        }
        var consent = await consents.FindAsync(http.GetSandboxBank(), consentId, http.RequestAborted);
        return consent?.Status == ConsentStatus.Expired;
    }
}
