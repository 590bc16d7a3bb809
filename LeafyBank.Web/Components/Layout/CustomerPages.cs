using Microsoft.AspNetCore.Authorization;

namespace LeafyBank.Web.Components.Layout;

/// <summary>
/// Customer pages are those any signed-in user may open (a plain <c>[Authorize]</c>, no policy or
/// role): they show the signed-in customer's own money. Staff pages name a policy
/// (<c>[Authorize(Policy = AnalystPolicy.Name)]</c>); public pages have no attribute.
/// </summary>
public static class CustomerPages
{
    public static bool Includes(Type pageType)
    {
        var requirements = pageType.GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>().ToList();
        return requirements.Count > 0 && requirements.All(attribute => attribute.Policy is null && attribute.Roles is null);
    }
}
