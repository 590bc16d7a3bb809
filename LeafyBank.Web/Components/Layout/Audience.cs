using System.Security.Claims;
using LeafyBank.Web.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace LeafyBank.Web.Components.Layout;

/// <summary>
/// Who the app is talking to: a visitor, a customer, or Leafy Bank staff. An analyst who is not
/// also a customer (no <c>users</c> document, like the development provider's Ana Lytics) has no
/// accounts, so customer pages and menus are not for them; they start at the analytics.
/// </summary>
public sealed record Audience(bool IsSignedIn, bool IsAnalyst, bool IsAnalystOnly)
{
    public static readonly Audience Visitor = new(false, false, false);

    /// <summary>Where "back to your start page" goes: the analytics for staff, the dashboard for customers, home for visitors.</summary>
    public string StartPage => IsAnalystOnly ? "analytics" : IsSignedIn ? "dashboard" : "";

    public string StartPageName => IsAnalystOnly ? "Back to the analytics" : IsSignedIn ? "Back to your dashboard" : "Back to the home page";

    /// <summary>
    /// Resolves the audience of a principal. The store is asked only for analysts (is this
    /// analyst also a customer?), so a customer's page never waits for an extra lookup.
    /// </summary>
    public static async Task<Audience> OfAsync(ClaimsPrincipal user, IAuthorizationService authorization, CurrentCustomer customer)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Visitor;
        }
        var isAnalyst = (await authorization.AuthorizeAsync(user, AnalystPolicy.Name)).Succeeded;
        var isAnalystOnly = isAnalyst && await customer.GetUserAsync() is null;
        return new Audience(true, isAnalyst, isAnalystOnly);
    }
}
