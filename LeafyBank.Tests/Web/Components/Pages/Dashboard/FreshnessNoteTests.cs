namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>The dashboard's freshness note follows the connection's lifecycle: a disconnected bank is said to be disconnected, an ended consent says so.</summary>
public sealed class FreshnessNoteTests : PersonasTestContext
{
    private Task ConsentAsync(string status, double daysLeft, DateTime statusChangedAt) =>
        GreenBankConsentAsync(status, Now.AddDays(-30), Now.AddDays(daysLeft), statusChangedAt);

    private async Task GreenAccountAsync() =>
        await Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(new ExternalAccount
        {
            AccountId = "204515807",
            AccountBank = "Green Bank",
            AccountUser = Frida,
            AccountType = AccountTypes.Savings,
            AccountCurrency = "USD",
            Source = new DataSource { Origin = "test", RetrievedAt = Now.AddDays(-2) },
        }, Cancel);

    /// <summary>When figures were read, as the whole dashboard writes it (the suite's customer is in UTC).</summary>
    private string Read(DateTime at) => FreshnessView.LastRead(at, Now, null);

    /// <summary>The note as the dashboard renders it: with the connections read beside the position.</summary>
    private async Task<IRenderedComponent<FreshnessNote>> RenderNoteAsync(GlobalPosition position)
    {
        var connections = (await Services.GetRequiredService<LeafyBank.Core.Banking.ConnectionOverview>()
            .ListAsync(FridaId, BankConnection.HoldingsOf(position), Cancel)).Select(summary => BankConnection.From(summary)).ToList();
        return Render<FreshnessNote>(p => p.Add(n => n.Position, position).Add(n => n.Now, Now).Add(n => n.Connections, connections));
    }

    [Fact]
    public async Task The_note_is_a_small_section_of_its_own_with_a_visible_heading_and_one_line_per_bank()
    {
        await ConsentAsync(ConsentStatuses.Valid, 80, Now.AddDays(-30));

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var heading = cut.Find("[data-testid=freshness] h2#freshness-heading");
        Assert.Equal("How current these figures are", heading.TextContent.Trim());
        // Seen, not only read out: a bare list between the totals and the chart read as stray bullets.
        Assert.DoesNotContain("visually-hidden", heading.ClassName ?? "", StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=freshness]").QuerySelector(".mud-paper"));
        Assert.Equal(["Leafy Bank: Live", "Green Bank: Last updated 1 hour ago"],
            cut.FindAll("[data-testid=freshness-item]").Select(item => System.Text.RegularExpressions.Regex.Replace(item.TextContent, @"\s+", " ").Trim().Split(" (")[0]));
    }

    [Fact]
    public async Task A_bank_disconnected_with_its_data_kept_is_marked_disconnected_and_read_only()
    {
        await ConsentAsync(ConsentStatuses.TerminatedByTpp, 80, Now.AddDays(-1));
        await GreenAccountAsync();

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromDays(2)));

        cut.WaitForAssertion(() => Assert.Equal(nameof(FreshnessStatus.Disconnected),
            cut.Find("[data-testid=freshness-item][data-bank='Green Bank']").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        Assert.Contains("Disconnected on", cut.Find("[data-testid=freshness-item][data-bank='Green Bank']").TextContent, StringComparison.Ordinal);
        Assert.Contains("kept read-only", cut.Find("[data-testid=freshness-item][data-bank='Green Bank']").TextContent, StringComparison.Ordinal);
        // Not an alarm: the customer chose it.
        Assert.Empty(cut.FindAll("[data-testid=bank-stale]"));
        Assert.Empty(cut.FindAll("[data-testid=bank-failing]"));
    }

    [Fact]
    public async Task A_bank_that_sent_someone_elses_accounts_is_not_reported_as_a_failed_update_but_as_refused_in_one_line_under_the_banner()
    {
        const string refusal = "The accounts Green Bank shared are not in your name (Frida Kahlo), so Leafy Bank did not store them.";
        await ConsentAsync(ConsentStatuses.Valid, 80, Now.AddDays(-30));
        await Store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = Frida,
            Bank = "greenbank",
            BankName = "Green Bank",
            ConsentId = "green-1",
            LastError = refusal,
            LastFailureKind = nameof(LeafyBank.Core.Banking.BankFailureKind.NotTheCustomersAccounts),
            LastAttemptAt = Now.AddMinutes(-5),
        }, Cancel);

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: refusal));

        // The banner above every page says the refusal with its fix: here one line says how old the figures are.
        var line = cut.WaitForElement("[data-testid=freshness-item][data-bank='Green Bank']");
        Assert.Equal(nameof(FreshnessStatus.Refused), line.GetAttribute("data-status"));
        Assert.Contains("someone else's name", line.TextContent, StringComparison.Ordinal);
        Assert.Contains($"figures as of {Read(Now.AddHours(-3))}", line.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=bank-failing], [data-testid=bank-ended], [data-testid=bank-stale]"));
        Assert.DoesNotContain("update it now", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consent_revoked_at_the_bank_is_not_reported_as_a_failed_update_but_as_ended_with_reconnect()
    {
        // Revoked 40 days ago: the banner let it go after 30, so the dashboard says it in full, with the fix.
        await ConsentAsync(ConsentStatuses.RevokedByPsu, 150, Now.AddDays(-40));
        await GreenAccountAsync();

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromDays(40), lastError: "Green Bank no longer accepts Leafy Bank's access."));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=bank-ended]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=bank-failing]"));
        Assert.Contains("revoked at the bank", cut.Find("[data-testid=bank-ended]").TextContent, StringComparison.Ordinal);
        Assert.Contains("The data already here is kept", cut.Find("[data-testid=bank-ended]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Open Connections to reconnect it", cut.Find("[data-testid=bank-ended] [data-testid=fix-connection]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=freshness-item][data-bank='Green Bank']"));
    }

    [Fact]
    public async Task A_consent_revoked_minutes_ago_is_left_to_the_banner_and_said_here_in_one_line_with_the_age_of_the_figures()
    {
        await ConsentAsync(ConsentStatuses.RevokedByPsu, 150, Now.AddMinutes(-5));
        await GreenAccountAsync();

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: "Green Bank no longer accepts Leafy Bank's access."));

        var line = cut.WaitForElement("[data-testid=freshness-item][data-bank='Green Bank']");
        Assert.Equal(nameof(FreshnessStatus.Ended), line.GetAttribute("data-status"));
        Assert.Contains("Not updated since the consent was revoked at the bank", line.TextContent, StringComparison.Ordinal);
        Assert.Contains($"figures as of {Read(Now.AddHours(-3))}", line.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=bank-ended], [data-testid=bank-failing], [data-testid=fix-connection]"));
        Assert.DoesNotContain("just now", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_update_the_banner_reports_is_one_line_here_with_the_age_of_the_figures()
    {
        await ConsentAsync(ConsentStatuses.Valid, 80, Now.AddDays(-30));
        await GreenBankSyncAsync(Now.AddHours(-3), Now.AddMinutes(-5), "Green Bank had a problem (503). Try again later.");

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: "Green Bank had a problem (503). Try again later."));

        var line = cut.WaitForElement("[data-testid=freshness-item][data-bank='Green Bank']");
        Assert.Equal(nameof(FreshnessStatus.Failing), line.GetAttribute("data-status"));
        Assert.Contains("Update failed 5 minutes ago", line.TextContent, StringComparison.Ordinal);
        Assert.Contains($"figures as of {Read(Now.AddHours(-3))}", line.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=bank-failing]"));
    }

    [Fact]
    public async Task A_disconnected_banks_figures_are_dated_in_the_same_words_everywhere_on_the_dashboard()
    {
        await ConsentAsync(ConsentStatuses.TerminatedByTpp, 80, Now.AddHours(-1));
        await GreenAccountAsync();
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(3)));

        var cut = Render<LeafyBank.Web.Components.Pages.Dashboard.Dashboard>();

        var note = cut.WaitForElement("[data-testid=freshness-item][data-bank='Green Bank']").TextContent;
        var byBank = cut.Find("[data-testid=institution-row][data-bank='Green Bank'] [data-testid=institution-freshness]").TextContent;
        var caption = cut.Find("[data-testid=totals-as-of]").TextContent;
        var asOf = $"figures as of {Read(Now.AddHours(-3))}";
        Assert.All([note, byBank, caption], text => Assert.Contains(asOf, text, StringComparison.Ordinal));
        // Not "today at 10:00 UTC" in one place and "2 Dec 2026, 10:00 UTC" in another for the same bank.
        Assert.DoesNotContain(LeafyBank.Web.Components.Formatting.LocalTime.Moment(Now.AddHours(-3), TimeZoneInfo.Utc), cut.Markup, StringComparison.Ordinal);
    }

    /// <summary>The update failed but the connection has no error recorded yet (no banner): the note says it in full.</summary>
    [Fact]
    public async Task A_live_failing_bank_still_says_the_update_failed()
    {
        await ConsentAsync(ConsentStatuses.Valid, 80, Now.AddDays(-30));

        var cut = await RenderNoteAsync(Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: "Green Bank had a problem (503). Try again later."));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=bank-failing]")), TimeSpan.FromSeconds(10));
        Assert.Contains("Green Bank had a problem (503).", cut.Find("[data-testid=bank-failing]").TextContent, StringComparison.Ordinal);
    }
}
