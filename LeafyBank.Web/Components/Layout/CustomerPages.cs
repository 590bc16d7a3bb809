using Microsoft.AspNetCore.Authorization;

namespace LeafyBank.Web.Components.Layout;

/// <summary>
/// Customer pages are those any signed-in user may open (a plain <c>[Authorize]</c>, no policy or
/// role): they show the signed-in customer's own money. Staff pages name a policy
/// (<c>[Authorize(Policy = AnalystPolicy.Name)]</c>); public pages have no attribute. A page about
/// the signed-in person rather than their money (signing out everywhere) is for everyone signed in:
/// it says so with <see cref="ForEveryoneSignedInAttribute"/>.
/// </summary>
public static class CustomerPages
{
    public static bool Includes(Type pageType)
    {
        if (pageType.IsDefined(typeof(ForEveryoneSignedInAttribute), inherit: true))
        {
            return false;
        }
        var requirements = pageType.GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>().ToList();
        return requirements.Count > 0 && requirements.All(attribute => attribute.Policy is null && attribute.Roles is null);
    }
}

/// <summary>A page with a plain <c>[Authorize]</c> that staff who are not customers may open too (see <see cref="CustomerPages"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ForEveryoneSignedInAttribute : Attribute;
