using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard reads the connection states once per load, with the position, and hands them to
/// every part that words a bank's state; a failed read never costs the customer the figures or
/// the plain words of a failed update.
/// </summary>
public sealed class DashboardConnectionReadTests : PersonasTestContext
{
    private Task RevokedConsentAsync() =>
        GreenBankConsentAsync(ConsentStatuses.RevokedByPsu, Now.AddDays(-30), Now.AddDays(150), statusChangedAt: Now.AddMinutes(-5));

    [Fact]
    public async Task A_failed_update_whose_connection_cannot_be_read_gets_the_plain_failure_caption_not_the_refresh_error()
    {
        await RevokedConsentAsync();
        Banks = new UnreachableDirectory();
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2), lastError: "Green Bank did not answer in time"));
        Notifier.Publish(FridaId);

        cut.WaitForElement("[data-testid=refresh-update-failed]");
        Assert.Contains("The latest update at Green Bank failed 5 minutes ago: Green Bank did not answer in time.",
            cut.Find("[data-testid=refresh-update-failed]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Open Connections to try again or see what to do", cut.Find("[data-testid=refresh-next-step]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=refresh-failed]"));
        // The figures stay, told with what the position knows.
        Assert.Contains("12,450.00 USD", cut.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal);
        Assert.Equal(nameof(FreshnessStatus.Failing), cut.Find("[data-testid=institution-freshness]:not([data-status=Live])").GetAttribute("data-status"));
    }

    [Fact]
    public async Task A_failed_update_of_a_revoked_consent_is_captioned_as_the_revocation_from_the_states_read_with_the_position()
    {
        await RevokedConsentAsync();
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2), lastError: "Green Bank no longer accepts Leafy Bank's access."));
        Notifier.Publish(FridaId);

        cut.WaitForElement("[data-testid=refresh-update-failed]");
        Assert.Contains("Green Bank was not updated: the consent was ended at the bank.", cut.Find("[data-testid=refresh-update-failed]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Open Connections to reconnect Green Bank", cut.Find("[data-testid=refresh-next-step]").TextContent.Trim());
    }

    [Fact]
    public async Task The_prerender_hands_the_connection_states_over_with_the_figures_and_the_interactive_render_reads_neither_again()
    {
        await RevokedConsentAsync();
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: "Green Bank no longer accepts Leafy Bank's access."));
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Render<DashboardPage>().WaitForElement("[data-testid=welcome]");
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<DashboardSnapshot>(DashboardPage.StateKey, out var persisted));
        var handed = Assert.Single(persisted!.Connections!);
        Assert.Equal(ConnectionStatus.Revoked, handed.Status);
        PersistentState.Persist(DashboardPage.StateKey, persisted);

        // Were the interactive render to read again, it would find the bank reconnected.
        await Store.Collection(OpenFinanceCollections.Consents).DeleteAsync(FridaId, cancellationToken: Cancel);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = Render<DashboardPage>();

        interactive.WaitForElement("[data-testid=welcome]");
        Assert.Equal(1, PositionService.Calls);
        Assert.Equal(nameof(ConnectionStatus.Revoked),
            interactive.Find("[data-testid=institution-row][data-bank='Green Bank'] [data-testid=institution-freshness]").GetAttribute("data-connection"));
        Assert.Equal(nameof(FreshnessStatus.Ended), interactive.Find("[data-testid=freshness-item][data-bank='Green Bank']").GetAttribute("data-status"));
    }

    /// <summary>A directory that cannot be reached in a way the connection overview does not absorb.</summary>
    private sealed class UnreachableDirectory : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<BankDirectoryEntry>>(new IOException("The directory is unreachable."));
    }
}
