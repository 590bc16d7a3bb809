using System.Text;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using static LeafyBank.Sandbox.Pages.BankPage;

namespace LeafyBank.Sandbox.Pages;

/// <summary>
/// The bank's page for an authorization request it cannot answer at the third party's redirect URI:
/// an unknown client, a <c>request_uri</c> that is unknown, already used or expired, a request
/// without its parameters. RFC 6749 §4.1.2.1 forbids redirecting such a request, so the customer
/// reads in plain words what happened and what to do, with the protocol's error code in small print
/// for support; the status stays 400. Where the client is known, a link (never a redirect) leads to
/// the origin it registered, the only place the bank can trust to be the client's.
/// </summary>
internal static class AuthorizationErrorPage
{
    private const string UnknownParty = "the app you came from";

    public static async Task<IResult> RenderAsync(
        HttpContext context, SandboxBank bank, OpenIddictResponse response, IOpenIddictApplicationManager applications, SandboxOrigin origin)
    {
        var request = context.GetOpenIddictServerRequest();
        var application = string.IsNullOrEmpty(request?.ClientId)
            ? null
            : await applications.FindByClientIdAsync(request.ClientId, context.RequestAborted);
        var party = application is null
            ? UnknownParty
            : await applications.GetDisplayNameAsync(application, context.RequestAborted) ?? request!.ClientId!;

        var body = new StringBuilder();
        if (application is null)
        {
            body.Append("<h1 data-testid=\"error-title\">We don't recognise the app that sent you here</h1>")
                .Append("<p>").Append(Encode(bank.Name)).Append(" shares your data only with apps registered with it, and the link you followed ")
                .Append("does not come from one of them. Nothing has been shared.</p>")
                .Append("<p data-testid=\"next-step\">Go back to the app you came from and start again from there. ")
                .Append("If this keeps happening, contact that app's support.</p>");
        }
        else if (!string.IsNullOrEmpty(request?.RequestUri))
        {
            // Typically the browser's Back button after the customer approved (or declined): the
            // pushed request works once and for 9 minutes only.
            body.Append("<h1 data-testid=\"error-title\">This request to share your data has already been used or has expired</h1>")
                .Append("<p data-testid=\"next-step\">Go back to ").Append(Encode(party)).Append(" and start again from there. ")
                .Append("If you have just approved the request, there is nothing more to do: ").Append(Encode(party))
                .Append(" already has your answer.</p>");
        }
        else
        {
            body.Append("<h1 data-testid=\"error-title\">This request to share your data cannot be completed</h1>")
                .Append("<p>").Append(Encode(party)).Append(" sent you here with a request ").Append(Encode(bank.Name))
                .Append(" cannot accept. Nothing has been shared.</p>")
                .Append("<p data-testid=\"next-step\">Go back to ").Append(Encode(party)).Append(" and start again from there.</p>");
        }

        if (application is not null && await ClientOriginAsync(applications, application, origin, context.RequestAborted) is { } home)
        {
            body.Append("<p class=\"actions\"><a class=\"button primary\" data-testid=\"back-to-client\" href=\"").Append(Encode(home))
                .Append("\">Go back to ").Append(Encode(party)).Append("</a></p>");
        }
        body.Append("<p class=\"support\" data-testid=\"error-code\">Error code for support: <code>")
            .Append(Encode(response.Error)).Append("</code></p>");
        return Render(bank, "Request not accepted", body.ToString(), StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The origin of the client's first registered redirect URI; a client without one can only come
    /// back to this server's own origin (the same-origin callback, see <see cref="SandboxSettings.SameOriginCallbackPath"/>).
    /// </summary>
    private static async Task<string?> ClientOriginAsync(
        IOpenIddictApplicationManager applications, object application, SandboxOrigin origin, CancellationToken cancellationToken)
    {
        var registered = await applications.GetRedirectUrisAsync(application, cancellationToken);
        var uri = registered.Select(text => Uri.TryCreate(text, UriKind.Absolute, out var parsed) ? parsed : null)
            .FirstOrDefault(parsed => parsed is not null && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
            ?? origin.Primary;
        return uri.GetLeftPart(UriPartial.Authority) + "/";
    }
}
