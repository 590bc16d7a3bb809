using System.Security.Claims;
using LeafyBank.Core.Security.Sessions;
using LeafyBank.Web.Authentication.Sessions;
using Microsoft.AspNetCore.Components.Authorization;

namespace LeafyBank.Tests.Core.Security;

/// <summary>An open circuit ends with its session: signed out elsewhere, ended everywhere, or idle.</summary>
public sealed class SessionRevalidationTests(EmbeddedStoreFixture stores) : IClassFixture<EmbeddedStoreFixture>, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;
    private static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private IDocumentStore store = null!;
    private CustomerSessions sessions = null!;

    public async ValueTask InitializeAsync()
    {
        store = await stores.CreateStoreAsync();
        sessions = new CustomerSessions(store, SessionLifetime.Default, clock);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    private async Task<ClaimsPrincipal> SignedInAsync()
    {
        var key = CustomerSessions.NewKey(Frida);
        await sessions.StartAsync(key, "protected-ticket", Cancel);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("name", "Frida Kahlo"), new Claim(CustomerClaims.CustomerId, Frida.ToString()), new Claim(CustomerClaims.SessionKey, key)], "Cookies", "name", "roles"));
    }

    [Fact]
    public async Task A_circuit_whose_session_was_ended_elsewhere_becomes_anonymous()
    {
        var user = await SignedInAsync();
        using var circuit = new SessionRevalidation(NullLoggerFactory.Instance, sessions, new CircuitActivity()) { Interval = TimeSpan.FromMilliseconds(50) };
        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        circuit.AuthenticationStateChanged += async state => changed.TrySetResult(await state);

        Assert.True(await circuit.IsLiveAsync(user, Cancel));
        await sessions.EndAllAsync(Frida, Cancel);

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.False(after.User.Identity?.IsAuthenticated);
        Assert.False((await circuit.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_circuit_left_alone_past_the_idle_lifetime_ends_and_one_in_use_does_not()
    {
        var idleUser = await SignedInAsync();
        var busyUser = await SignedInAsync();
        var idle = new CircuitActivity();
        var busy = new CircuitActivity();
        using var idleCircuit = new SessionRevalidation(NullLoggerFactory.Instance, sessions, idle);
        using var busyCircuit = new SessionRevalidation(NullLoggerFactory.Instance, sessions, busy);

        for (var minute = 0; minute < 40; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            busy.Saw();
            Assert.True(await busyCircuit.IsLiveAsync(busyUser, Cancel));
        }

        Assert.False(await idleCircuit.IsLiveAsync(idleUser, Cancel));
    }

    [Fact]
    public async Task A_principal_without_a_stored_session_is_not_live_and_an_anonymous_one_has_nothing_to_end()
    {
        using var circuit = new SessionRevalidation(NullLoggerFactory.Instance, sessions, new CircuitActivity());
        var withoutSession = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "Frida Kahlo")], "Cookies"));

        Assert.False(await circuit.IsLiveAsync(withoutSession, Cancel));
        Assert.True(await circuit.IsLiveAsync(new ClaimsPrincipal(new ClaimsIdentity()), Cancel));
    }
}
