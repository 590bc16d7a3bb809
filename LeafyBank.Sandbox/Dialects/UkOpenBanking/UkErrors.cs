using LeafyBank.Sandbox.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using static LeafyBank.Sandbox.Dialects.DialectSupport;

namespace LeafyBank.Sandbox.Dialects.UkOpenBanking;

/// <summary>OBErrorResponse1: a high-level <c>Code</c>, a <c>Message</c>, and one <c>Errors[]</c> entry per problem.</summary>
internal sealed record UkErrorResponse(string Code, string Id, string Message, IReadOnlyList<UkError> Errors);

/// <summary>OBError1: an OBIE error code (<c>UK.OBIE.*</c>), what is wrong in words, and where when it is a field.</summary>
internal sealed record UkError(string ErrorCode, string Message, string? Path = null);

/// <summary>
/// UK Open Banking's error answers, as the 3.1.11 document defines them: 400, 403 and 500 carry an
/// OBErrorResponse1; 401, 404, 405, 406, 415 and 429 carry no body at all (what to do next goes in
/// <c>WWW-Authenticate</c> on a 401, and <c>Retry-After</c> on a 429). An unknown or not-shared id
/// is a 400 with <c>UK.OBIE.Resource.NotFound</c>, never a 404.
/// </summary>
internal static class UkErrors
{
    public const string FieldInvalid = "UK.OBIE.Field.Invalid";
    public const string FieldInvalidDate = "UK.OBIE.Field.InvalidDate";
    public const string FieldMissing = "UK.OBIE.Field.Missing";
    public const string FieldUnexpected = "UK.OBIE.Field.Unexpected";
    public const string HeaderInvalid = "UK.OBIE.Header.Invalid";
    public const string HeaderMissing = "UK.OBIE.Header.Missing";
    public const string ResourceNotFound = "UK.OBIE.Resource.NotFound";
    public const string ResourceInvalidFormat = "UK.OBIE.Resource.InvalidFormat";
    public const string ConsentMismatch = "UK.OBIE.Resource.ConsentMismatch";
    public const string InvalidConsentStatus = "UK.OBIE.Resource.InvalidConsentStatus";
    public const string UnexpectedError = "UK.OBIE.UnexpectedError";

    public static JsonHttpResult<UkErrorResponse> BadRequest(HttpContext http, string errorCode, string message, string? path = null) =>
        Response(http, StatusCodes.Status400BadRequest, new UkError(errorCode, message, path));

    public static JsonHttpResult<UkErrorResponse> Forbidden(HttpContext http, string errorCode, string message) =>
        Response(http, StatusCodes.Status403Forbidden, new UkError(errorCode, message));

    public static JsonHttpResult<UkErrorResponse> NotFound(HttpContext http, string what, string id) =>
        BadRequest(http, ResourceNotFound, $"No {what} '{id}' is covered by this consent at this bank.");

    /// <summary>401 with no body (as documented); the reason goes where OAuth clients read it.</summary>
    public static StatusCodeHttpResult Unauthorized(HttpContext http, string reason)
    {
        // A DPoP refusal's challenge (RFC 9449 §7.1, §9) is already set and is the one the client must read.
        if (!http.Response.Headers.WWWAuthenticate.ToString().StartsWith(DpopProofs.Scheme + " ", StringComparison.Ordinal))
        {
            http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason.Replace('"', '\'')}\"";
        }
        return TypedResults.StatusCode(StatusCodes.Status401Unauthorized);
    }

    public static JsonHttpResult<UkErrorResponse> Response(HttpContext http, int status, params UkError[] errors) =>
        TypedResults.Json(new UkErrorResponse(Code(status), UkInteraction.IdOf(http), errors[0].Message, errors), PascalCase, statusCode: status);

    /// <summary>
    /// The shared access filter's ProblemDetails in UK Open Banking's words: the same status and
    /// message, the body the document defines for that status (none for 401 and 429).
    /// </summary>
    public static IResult Translate(HttpContext http, ProblemHttpResult problem)
    {
        var details = problem.ProblemDetails;
        var message = details.Detail ?? details.Title ?? "The request was not accepted.";
        return problem.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => Unauthorized(http, message),
            StatusCodes.Status400BadRequest => BadRequest(http, details.Title == "Customer address not valid" ? HeaderInvalid : FieldInvalid, message),
            StatusCodes.Status403Forbidden => Forbidden(http, details.Title == "Consent not valid" ? InvalidConsentStatus : ConsentMismatch, message),
            StatusCodes.Status404NotFound => BadRequest(http, ResourceNotFound, message),
            >= 500 => Response(http, StatusCodes.Status500InternalServerError, new UkError(UnexpectedError, message)),
            var other => TypedResults.StatusCode(other),
        };
    }

    private static string Code(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "400 BadRequest",
        StatusCodes.Status403Forbidden => "403 Forbidden",
        _ => "500 InternalServerError",
    };
}
