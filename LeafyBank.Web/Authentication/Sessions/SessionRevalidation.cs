using System.Security.Claims;
using LeafyBank.Core.Security.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace LeafyBank.Web.Authentication.Sessions;

/// <summary>
/// An open circuit outlives the request that started it: every minute this asks the store
/// whether the circuit's session is still live (not signed out, not ended everywhere, not idle,
/// not too old). When it is not, the circuit's user becomes anonymous and the page sends the
/// browser to sign in. Activity in the circuit counts as use of the session.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, CustomerSessions sessions, CircuitActivity activity)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>How often an open circuit asks; shorter only in tests.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsLiveAsync(authenticationState.User, cancellationToken);

    /// <summary>Whether the session behind <paramref name="user"/> is live; anonymous users have nothing to end.</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        return user.FindFirst(CustomerClaims.SessionKey)?.Value is { } key
               && await sessions.FindLiveAsync(key, activity.TakeSeen(), cancellationToken) is not null;
    }
}
