using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Consents;

/// <summary>The consent resource the third party creates, reads and ends (Berlin Group style, client-authenticated).</summary>
internal static class ConsentEndpoints
{
    public static void MapConsentApi(this IEndpointRouteBuilder endpoints)
    {
        var consents = endpoints.MapGroup("consents").WithTags("Sandbox consents");

        consents.MapPost("", CreateConsent).WithName("CreateConsent")
            .WithSummary("Create a consent (status received) for the customer to authorise at the bank.");
        consents.MapGet("{consentId}", GetConsent).WithName("GetConsent")
            .WithSummary("Read a consent's status.");
        consents.MapDelete("{consentId}", TerminateConsent).WithName("TerminateConsent")
            .WithSummary("End a consent (terminatedByTpp) and revoke every token issued under it.");
    }

    private static async Task<Results<Created<ConsentResponse>, ValidationProblem, ProblemHttpResult>> CreateConsent(
        HttpContext context, ConsentRequest request, ConsentService consents, IOpenIddictApplicationManager applications)
    {
        if (await context.AuthenticateClientAsync(applications) is not { } clientId)
        {
            return (ProblemHttpResult)context.ClientUnauthorized();
        }

        var bank = context.GetSandboxBank();
        var (consent, errors) = await consents.CreateAsync(bank, clientId, request, context.RequestAborted);
        if (consent is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The consent request is not acceptable");
        }

        return TypedResults.Created($"{context.Request.PathBase}/consents/{consent.Id}", ConsentResponse.From(consent));
    }

    private static async Task<Results<Ok<ConsentResponse>, ProblemHttpResult>> GetConsent(
        HttpContext context, string consentId, ConsentService consents, IOpenIddictApplicationManager applications)
    {
        if (await context.AuthenticateClientAsync(applications) is not { } clientId)
        {
            return (ProblemHttpResult)context.ClientUnauthorized();
        }

        var consent = await consents.FindAsync(context.GetSandboxBank(), consentId, context.RequestAborted);
        return consent is null || consent.ClientId != clientId
            ? NotFound(consentId)
            : TypedResults.Ok(ConsentResponse.From(consent));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> TerminateConsent(
        HttpContext context, string consentId, ConsentService consents, IOpenIddictApplicationManager applications)
    {
        if (await context.AuthenticateClientAsync(applications) is not { } clientId)
        {
            return (ProblemHttpResult)context.ClientUnauthorized();
        }

        var consent = await consents.FindAsync(context.GetSandboxBank(), consentId, context.RequestAborted);
        if (consent is null || consent.ClientId != clientId)
        {
            return NotFound(consentId);
        }

        await consents.EndAsync(consent, ConsentStatus.TerminatedByTpp, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string consentId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Consent not found",
        detail: $"This bank has no consent '{consentId}' for your client.");
}
