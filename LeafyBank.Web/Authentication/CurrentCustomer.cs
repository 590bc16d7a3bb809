using System.Security.Claims;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using Microsoft.AspNetCore.Components.Authorization;
using MongoDB.Bson;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// The signed-in customer for Razor components, from the authentication state (never from
/// <c>HttpContext</c>, which an interactive circuit does not have). The customer is the one the
/// sign-in resolved from the token's issuer and subject (<see cref="CustomerIdentities"/>), kept
/// in the session as <see cref="CustomerClaims.CustomerId"/>; names are for display only.
/// </summary>
/// <remarks>
/// The record is read through <see cref="CustomerCache"/>, by components and endpoints alike: a render or
/// a download costs the store its own queries only. It is not kept for the circuit: the customer's settings
/// change during a visit (the base currency, the time zone), and a page opened after a change must see it.
/// </remarks>
public sealed class CurrentCustomer(AuthenticationStateProvider authentication, CustomerCache customers)
{
    /// <summary>The Leafy Bank user, or null when nobody is signed in or the provider's user is not a customer.</summary>
    public Task<LeafyUser?> GetUserAsync() => ResolveAsync();

    /// <summary>The owner reference every document of this customer carries.</summary>
    public async Task<PartyReference?> GetPartyAsync() =>
        await GetUserAsync() is { } found ? PartyOf(found) : null;

    /// <summary>The user name the provider gave, whether or not it is a customer (for messages).</summary>
    public async Task<string?> GetSignedInUserNameAsync() => UserNameOf((await authentication.GetAuthenticationStateAsync()).User);

    public static string? UserNameOf(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        string?[] candidates = [principal.FindFirstValue("preferred_username"), principal.Identity.Name, principal.FindFirstValue("sub")];
        return candidates.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
    }

    /// <summary>What the app bar shows: the display name, else the user name.</summary>
    public static string DisplayNameOf(ClaimsPrincipal principal) =>
        principal.Identity?.Name is { Length: > 0 } name ? name : UserNameOf(principal) ?? "";

    /// <summary>
    /// The Leafy Bank user for a principal (the same resolution components use), for endpoints
    /// that have an <c>HttpContext</c> instead of an authentication state.
    /// </summary>
    public static async Task<LeafyUser?> FindUserAsync(CustomerCache customers, ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        if (principal.FindFirst(CustomerClaims.CustomerId)?.Value is { } id)
        {
            return ObjectId.TryParse(id, out var userId) ? await customers.FindCustomerAsync(userId, cancellationToken) : null;
        }
        // A token's principal (the data API): an identity already linked at sign-in; never a match by name.
        return CustomerIdentities.IssuerAndSubjectOf(principal) is var (issuer, subject)
            ? await customers.FindLinkedAsync(issuer, subject, cancellationToken)
            : null;
    }

    /// <summary>The owner reference of a Leafy Bank user.</summary>
    public static PartyReference PartyOf(LeafyUser user) => new() { UserName = user.UserName, UserId = user.Id };

    private async Task<LeafyUser?> ResolveAsync() =>
        await FindUserAsync(customers, (await authentication.GetAuthenticationStateAsync()).User);
}
