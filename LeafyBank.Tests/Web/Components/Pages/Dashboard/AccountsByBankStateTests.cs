using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// "Accounts by bank" says each linked bank's connection state from the one lifecycle (as the
/// Connections card words it), with that state's next step — never "Update failed" for a consent
/// that ended at the bank, ran out or was disconnected by the customer.
/// </summary>
public sealed class AccountsByBankStateTests : PersonasTestContext
{
    private Task SyncFailedAsync(string error) => GreenBankSyncAsync(lastSuccessAt: Now.AddHours(-3), lastAttemptAt: Now.AddMinutes(-5), error);

    /// <summary>Renders the dashboard with <paramref name="position"/> and returns Green Bank's line in "Accounts by bank".</summary>
    private (IRenderedComponent<DashboardPage> Page, AngleSharp.Dom.IElement Row) GreenBankRow(GlobalPosition position)
    {
        PositionService.Set(FridaId, position);
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=institution-row][data-bank='Green Bank']");
        return (cut, cut.Find("[data-testid=institution-row][data-bank='Green Bank']"));
    }

    private static string Freshness(AngleSharp.Dom.IElement row) => row.QuerySelector("[data-testid=institution-freshness]")!.TextContent.Trim();

    private static AngleSharp.Dom.IElement? NextStep(AngleSharp.Dom.IElement row) => row.QuerySelector("[data-testid=institution-next-step]");

    [Fact]
    public async Task A_consent_revoked_at_the_bank_says_so_with_the_last_update_and_offers_to_reconnect()
    {
        await GreenBankConsentAsync(ConsentStatuses.RevokedByPsu, Now.AddDays(-30), Now.AddDays(150), Now.AddMinutes(-5));

        var (_, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: "Green Bank no longer accepts Leafy Bank's access."));

        Assert.Equal($"Revoked at the bank · no longer updated · figures as of {FreshnessView.LastRead(Now.AddHours(-3), Now, null)}", Freshness(row));
        var freshness = row.QuerySelector("[data-testid=institution-freshness]")!;
        Assert.Equal(nameof(FreshnessStatus.Ended), freshness.GetAttribute("data-status"));
        Assert.Equal(nameof(ConnectionStatus.Revoked), freshness.GetAttribute("data-connection"));
        Assert.Equal("Reconnect", NextStep(row)!.TextContent.Trim());
        Assert.Equal("connections/new?bank=greenbank", NextStep(row)!.GetAttribute("href"));
        Assert.DoesNotContain("failed", row.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_consent_that_ran_out_says_when_it_ended_and_offers_to_reconnect()
    {
        var ended = Now.AddDays(-2);
        await GreenBankConsentAsync(ConsentStatuses.Valid, ended.AddDays(-90), ended, ended.AddDays(-90));

        var (_, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.FromDays(3), lastError: "Your consent at Green Bank has ended."));

        Assert.Equal($"Expired on {DayFormat.Of(ended)} · no longer updated · figures as of {DayFormat.Of(Now.AddDays(-3))}", Freshness(row));
        Assert.Equal(nameof(ConnectionStatus.Expired), row.QuerySelector("[data-testid=institution-freshness]")!.GetAttribute("data-connection"));
        Assert.Equal("Reconnect", NextStep(row)!.TextContent.Trim());
        Assert.DoesNotContain("failed", row.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_bank_disconnected_with_its_data_kept_is_read_only_without_an_alarm_and_offers_its_connection()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));

        var (_, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.FromDays(2)));

        Assert.Equal($"Disconnected, read-only · no longer updated · figures as of {DayFormat.Of(Now.AddDays(-2))}", Freshness(row));
        var freshness = row.QuerySelector("[data-testid=institution-freshness]")!;
        Assert.Equal(nameof(FreshnessStatus.Disconnected), freshness.GetAttribute("data-status"));
        // The customer chose it: not marked as needing attention, and not "more than a day old".
        Assert.DoesNotContain("inst-attention", freshness.ClassName ?? "", StringComparison.Ordinal);
        Assert.Equal("Manage", NextStep(row)!.TextContent.Trim());
        Assert.Equal("connections", NextStep(row)!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_bank_disconnected_right_after_an_update_says_it_is_no_longer_updated_and_never_just_now()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now);

        var (cut, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.Zero));

        // "last updated just now" is true, but beside a bank that will never update again it reads as live.
        Assert.Equal($"Disconnected, read-only · no longer updated · figures as of {FreshnessView.LastRead(Now, Now, null)}", Freshness(row));
        Assert.Contains("no longer updated", cut.Find("[data-testid=freshness-item][data-bank='Green Bank']").TextContent, StringComparison.Ordinal);
        var caption = cut.Find("[data-testid=totals-as-of]").TextContent;
        Assert.Contains("Green Bank's kept data (disconnected, no longer updated; figures as of ", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("updated just now", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_connection_whose_bank_erred_says_the_update_failed_and_offers_to_try_again()
    {
        const string error = "Green Bank had a problem (503). Try again later.";
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(80), Now.AddDays(-30));
        await SyncFailedAsync(error);

        var (_, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: error));

        Assert.Equal("Update failed 5 minutes ago", Freshness(row));
        var freshness = row.QuerySelector("[data-testid=institution-freshness]")!;
        Assert.Equal(nameof(FreshnessStatus.Failing), freshness.GetAttribute("data-status"));
        Assert.Equal(nameof(ConnectionStatus.Failing), freshness.GetAttribute("data-connection"));
        Assert.Equal("Try again", NextStep(row)!.TextContent.Trim());
    }

    [Fact]
    public async Task A_connection_in_good_order_says_when_it_was_updated_and_asks_nothing()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(80), Now.AddDays(-30));

        var (_, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Equal("updated 1 hour ago", Freshness(row));
        Assert.Equal(nameof(ConnectionStatus.Active), row.QuerySelector("[data-testid=institution-freshness]")!.GetAttribute("data-connection"));
        Assert.Null(NextStep(row));
    }

    [Fact]
    public async Task The_freshness_note_and_accounts_by_bank_tell_the_same_state()
    {
        await GreenBankConsentAsync(ConsentStatuses.RevokedByPsu, Now.AddDays(-30), Now.AddDays(150), Now.AddMinutes(-5));

        var (cut, row) = GreenBankRow(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: "Green Bank no longer accepts Leafy Bank's access."));

        Assert.Equal(nameof(FreshnessStatus.Ended), cut.Find("[data-testid=freshness-item][data-bank='Green Bank']").GetAttribute("data-status"));
        Assert.Equal(nameof(FreshnessStatus.Ended), row.QuerySelector("[data-testid=institution-freshness]")!.GetAttribute("data-status"));
    }
}
