using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Dialects.BerlinGroup;
using LeafyBank.Sandbox.Dialects.UkOpenBanking;
using Microsoft.AspNetCore.Http;

namespace LeafyBank.Sandbox.Faults;

/// <summary>
/// What a switched-on 500 or 429 says, in the words of the standard the request was made under: a
/// client written from the official document must find the headers and body it documents even when
/// the bank is failing on purpose. Berlin Group 1.3.12 (<c>/v1</c>): <c>X-Request-ID</c> on both, no
/// body on 500, <c>Error429_AIS</c> with <c>ACCESS_EXCEEDED</c> on 429. UK Open Banking 3.1.11
/// (<c>/open-banking</c>): <c>x-fapi-interaction-id</c> on both, OBErrorResponse1
/// (<c>UK.OBIE.UnexpectedError</c>) on 500, no body on 429. Anything else (OAuth, the reference
/// banks, the directory) gets an RFC 9457 problem document.
/// </summary>
internal static class SandboxFaultAnswers
{
    public static async Task ServerErrorAsync(HttpContext context, SandboxBank? bank)
    {
        switch (StandardOf(context, bank))
        {
            case SandboxDialects.BerlinGroup:
                BerlinGroupRequestFilter.Assign(context);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case SandboxDialects.UkOpenBanking:
                UkInteraction.Assign(context);
                await UkErrors.Response(context, StatusCodes.Status500InternalServerError,
                    new UkError(UkErrors.UnexpectedError, "The bank had an internal error. Try again later.")).ExecuteAsync(context);
                return;
            default:
                await Results.Problem(title: "The bank had an internal error", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
                return;
        }
    }

    public static async Task TooManyRequestsAsync(HttpContext context, SandboxBank? bank, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (StandardOf(context, bank))
        {
            case SandboxDialects.BerlinGroup:
                BerlinGroupRequestFilter.Assign(context);
                await BerlinGroupErrors.Error(StatusCodes.Status429TooManyRequests, BerlinGroupCodes.AccessExceeded, "Too many requests",
                    $"The bank is limiting requests. Try again in {retryAfterSeconds} seconds.").ExecuteAsync(context);
                return;
            case SandboxDialects.UkOpenBanking:
                UkInteraction.Assign(context);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return;
            default:
                await Results.Problem(title: "Too many requests", statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
                return;
        }
    }

    /// <summary>The standard whose API the request is addressed to, or null outside one (OAuth, pages, the reference banks' APIs).</summary>
    private static string? StandardOf(HttpContext context, SandboxBank? bank) => bank?.Dialect switch
    {
        SandboxDialects.BerlinGroup when context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) => SandboxDialects.BerlinGroup,
        SandboxDialects.UkOpenBanking when context.Request.Path.StartsWithSegments("/open-banking", StringComparison.OrdinalIgnoreCase) => SandboxDialects.UkOpenBanking,
        _ => null,
    };
}
