using LeafyBank.Sandbox.Customers;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>The bank's own sign-in ends minutes after the one-time code, not when its 30-minute cookie would.</summary>
public sealed class BankSessionLifetimeTests : IAsyncLifetime
{
    private SandboxTestHost host = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task After_approving_the_bank_session_serves_my_consents_for_minutes_then_asks_to_sign_in_again()
    {
        await host.ConnectAsync("greenbank");

        using (var rightAfter = await host.Browser.GetAsync("/sandbox/greenbank/my-consents", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, rightAfter.StatusCode);
        }

        host.Clock.Advance(BankSession.AfterStrongAuthentication + TimeSpan.FromSeconds(1));

        using var later = await host.Browser.GetAsync("/sandbox/greenbank/my-consents", Ct);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Contains("/sandbox/greenbank/signin", later.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
