using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Customers;
using LeafyBank.Web.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// The bank's redirect back to Leafy Bank after the customer approved or declined. An endpoint,
/// not a component: it needs the request's signed-in user and must finish the flow exactly once,
/// before anything renders. It ends on <c>/connections/result</c>, whose URL carries only the
/// bank id and an outcome word — never a code, state or token.
/// <para>
/// It is the one GET in the app that leads to a bank read, because OAuth delivers the grant as a
/// redirect: single-use and bound to the signed-in customer's <c>state</c>, it exchanges the code
/// and hands the new connection to <see cref="FirstSyncRunner"/>, which reads the bank once in the
/// background. The result page only shows what that stored.
/// </para>
/// </summary>
public static class ConnectionEndpoints
{
    public const string CallbackPath = "/connections/callback";
    public const string ResultPath = "/connections/result";

    /// <summary>The outcome words <c>/connections/result</c> understands.</summary>
    public static class Outcomes
    {
        public const string Connected = "connected";
        public const string Renewed = "renewed";
        public const string Declined = "declined";
        public const string Replayed = "replayed";
        public const string Expired = "expired";
        public const string Rejected = "rejected";
        public const string Failed = "failed";
        public const string UnknownCustomer = "unknown-customer";
    }

    public static IEndpointRouteBuilder MapConnectionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(CallbackPath, CallbackAsync)
            .AllowAnonymous()
            .WithTags("Connections")
            .WithName("ConnectionCallback")
            .WithSummary("Completes a consent-and-connect attempt for the signed-in customer and shows the result.");
        return endpoints;
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, CustomerCache customers, ConnectionService connections, FirstSyncRunner firstSyncs,
        string? state, string? code, string? error, string? iss)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            // Sign in first, then come back here to finish (the attempt belongs to the customer who started it).
            var back = context.Request.Path + context.Request.QueryString;
            return TypedResults.Redirect("/authentication/login?returnUrl=" + Uri.EscapeDataString(back));
        }
        var user = await CurrentCustomer.FindUserAsync(customers, context.User, context.RequestAborted);
        if (user is null)
        {
            return Result("", Outcomes.UnknownCustomer);
        }

        var party = CurrentCustomer.PartyOf(user);
        var result = await connections.CompleteAsync(party, state, code, error, iss, context.RequestAborted);
        if (result.Outcome is ConnectionOutcome.Connected or ConnectionOutcome.Renewed && result.ConsentId is { } consentId)
        {
            // Recorded before the redirect, so the result page finds it; not cancelled with the request: the consent is granted.
            await firstSyncs.RequestAsync(party, result.BankId, consentId, CancellationToken.None);
        }
        return Result(result.BankId, OutcomeOf(result));
    }

    /// <summary>The outcome word for a result; a rejected callback is told apart as replayed, expired or unknown.</summary>
    public static string OutcomeOf(ConnectionResult result) => result.Outcome switch
    {
        ConnectionOutcome.Connected => Outcomes.Connected,
        ConnectionOutcome.Renewed => Outcomes.Renewed,
        ConnectionOutcome.Declined => Outcomes.Declined,
        ConnectionOutcome.Failed => Outcomes.Failed,
        ConnectionOutcome.Rejected when result.Rejection == CallbackRejection.Replayed => Outcomes.Replayed,
        ConnectionOutcome.Rejected when result.Rejection == CallbackRejection.Expired => Outcomes.Expired,
        _ => Outcomes.Rejected,
    };

    private static RedirectHttpResult Result(string bankId, string outcome) =>
        TypedResults.Redirect(QueryHelpers.AddQueryString(ResultPath, new Dictionary<string, string?> { ["bank"] = bankId, ["outcome"] = outcome }));
}
