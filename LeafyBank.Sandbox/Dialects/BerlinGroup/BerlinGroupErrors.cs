using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeafyBank.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// The message codes of Berlin Group NextGenPSD2 1.3.12 (<c>MessageCode4xx_AIS</c>) that Donau
/// Bank answers with. Each is valid only with the status the standard lists it under:
/// <c>CONSENT_INVALID</c> and <c>CONSENT_EXPIRED</c> are 401 codes, not 403.
/// </summary>
internal static class BerlinGroupCodes
{
    public const string FormatError = "FORMAT_ERROR";
    public const string ParameterNotSupported = "PARAMETER_NOT_SUPPORTED";
    public const string PeriodInvalid = "PERIOD_INVALID";
    public const string SessionsNotSupported = "SESSIONS_NOT_SUPPORTED";
    public const string CertificateMissing = "CERTIFICATE_MISSING";
    public const string CertificateInvalid = "CERTIFICATE_INVALID";
    public const string TokenInvalid = "TOKEN_INVALID";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string ConsentInvalid = "CONSENT_INVALID";
    public const string ConsentExpired = "CONSENT_EXPIRED";
    public const string ConsentUnknown = "CONSENT_UNKNOWN";
    public const string ResourceUnknown = "RESOURCE_UNKNOWN";
    public const string AccessExceeded = "ACCESS_EXCEEDED";
}

/// <summary>
/// Donau Bank's error bodies: RFC 7807 <c>application/problem+json</c> as the standard's
/// <c>Error4xx_AIS</c> defines it (<c>type</c>, <c>title</c>, <c>detail</c> and the Berlin Group
/// <c>code</c>), carrying the same message as NextGenPSD2 <c>tppMessages</c> too, so a client
/// written for either of the standard's two error formats finds its fields.
/// </summary>
internal static class BerlinGroupErrors
{
    // The standard's length limits (Error4xx_AIS title 70, detail and tppMessage text 500).
    private const int MaxTitle = 70;
    private const int MaxText = 500;

    public static ProblemHttpResult Error(int status, string code, string title, string detail)
    {
        var text = Clip(detail, MaxText);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Clip(title, MaxTitle),
            Detail = text,
            // ASP.NET Core knows no type for 429; Error4xx_AIS requires one.
            Type = status == StatusCodes.Status429TooManyRequests ? "https://www.rfc-editor.org/rfc/rfc6585#section-4" : null,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["tppMessages"] = new[] { new BgTppMessage("ERROR", code, text) };
        var result = TypedResults.Problem(problem);
        result.ProblemDetails.Type ??= "about:blank";
        return result;
    }

    /// <summary>Whether a result is already one of these (the request filter leaves it as it is).</summary>
    public static bool IsBerlinGroupError(object? result) =>
        result is ProblemHttpResult problem && problem.ProblemDetails.Extensions.ContainsKey("tppMessages")
        && problem.ProblemDetails.Extensions.ContainsKey("code");

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
