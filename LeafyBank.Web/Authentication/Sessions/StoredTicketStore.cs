using System.Security.Claims;
using LeafyBank.Core.Security.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using MongoDB.Bson;

namespace LeafyBank.Web.Authentication.Sessions;

/// <summary>
/// The cookie handler's session store: the cookie carries only a session key, the sign-in itself
/// (claims, the provider's id token) is kept encrypted in the document store's <c>sessions</c>
/// collection, so a sign-out on any instance ends it everywhere and a replayed cookie finds nothing.
/// </summary>
public sealed class StoredTicketStore(CustomerSessions sessions, IDataProtectionProvider protection) : ITicketStore
{
    // Its own purpose: a session ticket can never be unprotected as a bank token or a cookie, nor the other way round.
    private readonly IDataProtector protector = protection.CreateProtector("LeafyBank.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = CustomerSessions.NewKey(OwnerOf(ticket.Principal));
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var stale in identity.FindAll(CustomerClaims.SessionKey).ToList())
            {
                identity.RemoveClaim(stale);
            }
            identity.AddClaim(new Claim(CustomerClaims.SessionKey, key));
        }
        await sessions.StartAsync(key, Protect(ticket));
        return key;
    }

    /// <summary>
    /// Whose sessions this one is among: the customer's, or, for staff who are not customers, their
    /// provider identity's (the id token's <c>sub</c> and the issuer that vouched for it), so that
    /// "Sign out everywhere" ends all of theirs and no one else's.
    /// </summary>
    internal static ObjectId OwnerOf(ClaimsPrincipal principal)
    {
        if (principal.FindFirst(CustomerClaims.CustomerId)?.Value is { } id && ObjectId.TryParse(id, out var customer))
        {
            return customer;
        }
        return principal.FindFirst("sub") is { Value.Length: > 0, Issuer.Length: > 0 } subject
            ? CustomerSessions.OwnerOfIdentity(subject.Issuer, subject.Value)
            : ObjectId.Empty;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => sessions.ReplaceTicketAsync(key, Protect(ticket));

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        if (await sessions.FindLiveAsync(key, activity: true, cancellationToken) is not { } session)
        {
            // Ended by "Sign out everywhere" in another browser: this one is told why (SignedOutEverywhereNotice), not just sent to sign in.
            if (httpContext is not null && await sessions.EndedEverywhereAtAsync(key, cancellationToken) is { } endedAt)
            {
                SignedOutEverywhereNotice.Note(httpContext, endedAt);
            }
            return null;
        }
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(Convert.FromBase64String(session.Ticket)));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Written under a key this store no longer has: the session cannot be used, sign in again.
            await sessions.EndAsync(key, cancellationToken);
            return null;
        }
    }

    public Task RemoveAsync(string key) => sessions.EndAsync(key);

    private string Protect(AuthenticationTicket ticket) =>
        Convert.ToBase64String(protector.Protect(TicketSerializer.Default.Serialize(ticket)));

    /// <summary>Hands this store to the cookie handler (options are built after the container).</summary>
    internal sealed class UseForCookies(StoredTicketStore store) : Microsoft.Extensions.Options.IConfigureNamedOptions<CookieAuthenticationOptions>
    {
        public void Configure(string? name, CookieAuthenticationOptions options)
        {
            if (name == AuthenticationExtensions.CookieScheme)
            {
                options.SessionStore = store;
            }
        }

        public void Configure(CookieAuthenticationOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
    }
}
