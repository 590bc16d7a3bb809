using System.Security.Claims;
using LeafyBank.Core.Customers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Where a sign-in that asked for no page lands: the start page of whoever signed in, known only once the provider has
/// said who that is — the dashboard for a customer, the analytics for an analyst who is not a customer. Sending everyone
/// to the dashboard had the customer-page gate turn the analyst away, with a notice about a page they never asked for.
/// A sign-in that names a page (a link or a bookmark to it) still lands there.
/// </summary>
public static class SignInLanding
{
    public const string CustomerStartPage = "/dashboard";
    public const string AnalystStartPage = "/analytics";

    /// <summary>Marks a sign-in as asking for no page; carried through the provider in the protected state, never in the session.</summary>
    private const string StartPageItem = ".leafybank.startPage";

    /// <summary>Properties for a sign-in that lands on <paramref name="returnUrl"/>, or on the start page when it names none.</summary>
    public static AuthenticationProperties For(string? returnUrl)
    {
        var properties = new AuthenticationProperties { RedirectUri = ReturnUrls.Local(returnUrl, CustomerStartPage) };
        if (string.IsNullOrEmpty(returnUrl))
        {
            properties.Items[StartPageItem] = "1";
        }
        return properties;
    }

    /// <summary>The OpenID Connect handler's last step before it signs in: a sign-in that asked for no page goes to the start page.</summary>
    public static async Task ChooseStartPageAsync(TicketReceivedContext context)
    {
        if (context.Properties?.Items.Remove(StartPageItem) == true && context.Principal is { } principal)
        {
            context.ReturnUri = await StartPageOfAsync(principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>The analytics for an analyst who is not a customer (customer pages are not for them), otherwise the dashboard.</summary>
    public static async Task<string> StartPageOfAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        var isAnalyst = (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, AnalystPolicy.Name)).Succeeded;
        var isAnalystOnly = isAnalyst &&
                            await CurrentCustomer.FindUserAsync(services.GetRequiredService<CustomerCache>(), principal, cancellationToken) is null;
        return isAnalystOnly ? AnalystStartPage : CustomerStartPage;
    }
}
