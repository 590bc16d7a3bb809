using System.Security.Claims;

namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// Signs a seeded persona in as the app's sign-in does: the display name plus the customer id
/// resolved from the token's issuer and subject (components never find a customer by name).
/// </summary>
public static class CustomerSignIn
{
    public static void SetCustomer(this BunitAuthorizationContext authorization, string userName)
    {
        var persona = Personas.All.Single(p => p.UserName == userName);
        authorization.SetAuthorized(userName);
        authorization.SetClaims(new Claim(CustomerClaims.CustomerId, persona.UserId));
    }

    /// <summary>Someone the identity provider knows but Leafy Bank has no customer for (no customer id in the sign-in).</summary>
    public static void SetNonCustomer(this BunitAuthorizationContext authorization, string userName)
    {
        authorization.SetAuthorized(userName);
        authorization.SetClaims();
    }
}
