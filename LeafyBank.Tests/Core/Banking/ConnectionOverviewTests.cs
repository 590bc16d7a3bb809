namespace LeafyBank.Tests.Core.Banking;

/// <summary>The one definition of a connection's status and of what the banner raises, for one customer at a time.</summary>
public sealed class ConnectionOverviewTests(EmbeddedStoreFixture stores) : IClassFixture<EmbeddedStoreFixture>, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };
    private IDocumentStore store = null!;
    private ConnectionOverview overview = null!;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A day as the alerts write it, so the expected text follows the suite's instant.</summary>
    private static string Day(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        store = await stores.CreateStoreAsync();
        overview = new ConnectionOverview(store, new Banks(), clock);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    private async Task ConsentAsync(PartyReference owner, string bank, double daysLeft, string status = ConsentStatuses.Valid, string? lastError = null,
        double createdDaysAgo = 10, string? consentId = null)
    {
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, bank, consentId ?? $"{bank}-{owner.UserName}", Now.AddDays(-createdDaysAgo), Now.AddDays(daysLeft),
            status: status, permissions: ["accounts"]), Cancel);
        if (lastError is not null)
        {
            await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState { SyncUser = owner, Bank = bank, LastError = lastError }, Cancel);
        }
    }

    [Fact]
    public async Task Accounts_refused_as_someone_elses_is_its_own_state_whose_action_is_disconnect_or_connect_again_never_try_again()
    {
        await ConsentAsync(frida, "greenbank", 80);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = frida,
            Bank = "greenbank",
            LastError = "The accounts Green Bank shared are not in your name (Frida Kahlo), so Leafy Bank did not store them.",
            LastFailureKind = nameof(BankFailureKind.NotTheCustomersAccounts),
        }, Cancel);

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));
        var alert = Assert.Single(await overview.AlertsAsync(frida.UserId, Cancel));

        Assert.Equal(ConnectionStatus.AccountsRefused, connection.Status);
        Assert.Equal(ConnectionAction.DisconnectOrConnectAgain, connection.Action);
        Assert.Equal("Not your accounts", connection.StatusText);
        Assert.False(connection.IsLive);
        Assert.False(connection.CanRenew);
        Assert.True(connection.CanDisconnect);
        Assert.Contains("sent accounts that are in someone else's name, so Leafy Bank did not store them and nothing from them is kept", connection.Explanation, StringComparison.Ordinal);
        Assert.Contains("Disconnect Green Bank, or connect it again and sign in at Green Bank as yourself", connection.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("try again", connection.Explanation, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ConnectionAlertKind.AccountsRefused, alert.Kind);
        Assert.Equal(connection.Explanation, alert.Message);
    }

    [Fact]
    public async Task A_bank_that_errs_is_still_failing_whatever_failed_before()
    {
        await ConsentAsync(frida, "greenbank", 80);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = frida,
            Bank = "greenbank",
            LastError = "Green Bank had a problem (503).",
            LastFailureKind = nameof(BankFailureKind.Unavailable),
        }, Cancel);

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.Equal(ConnectionStatus.Failing, connection.Status);
        Assert.Equal(ConnectionAction.TryAgain, connection.Action);
    }

    [Theory]
    [InlineData(8, ConsentStatuses.Valid, null, ConnectionStatus.Active)]
    [InlineData(7, ConsentStatuses.Valid, null, ConnectionStatus.ExpiringSoon)]
    [InlineData(0.5, ConsentStatuses.Valid, null, ConnectionStatus.ExpiringSoon)]
    [InlineData(-0.5, ConsentStatuses.Valid, null, ConnectionStatus.Expired)]
    [InlineData(30, ConsentStatuses.Expired, null, ConnectionStatus.Expired)]
    [InlineData(30, ConsentStatuses.Valid, "Green Bank had a problem (503).", ConnectionStatus.Failing)]
    [InlineData(3, ConsentStatuses.Valid, "Green Bank had a problem (503).", ConnectionStatus.Failing)]
    [InlineData(30, ConsentStatuses.RevokedByPsu, null, ConnectionStatus.Revoked)]
    [InlineData(30, ConsentStatuses.RevokedByPsu, "Green Bank no longer accepts Leafy Bank's access.", ConnectionStatus.Revoked)]
    [InlineData(30, ConsentStatuses.TerminatedByTpp, "old error", ConnectionStatus.Deleted)]
    public async Task Status_follows_the_consent_then_the_sync(double daysLeft, string consentStatus, string? lastError, ConnectionStatus expected)
    {
        await ConsentAsync(frida, "greenbank", daysLeft, consentStatus, lastError);

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.Equal(expected, connection.Status);
        // Only a live consent is renewed; an ended one is followed by a new connection.
        Assert.Equal(expected is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing, connection.CanRenew);
    }

    [Theory]
    // Connected today: renewing would end on the same day, so it is not offered.
    [InlineData(90, 90, false)]
    [InlineData(90, 31, false)]
    // A 90- or 180-day consent opens for renewal 30 days before its end, to the second.
    [InlineData(90, 30, true)]
    [InlineData(180, 31, false)]
    [InlineData(180, 30, true)]
    // A 30-day consent: its last third, 10 days.
    [InlineData(30, 11, false)]
    [InlineData(30, 10, true)]
    // A short term the bank granted: never later than when the banner says "renew" (7 days).
    [InlineData(14, 8, false)]
    [InlineData(14, 7, true)]
    public async Task Renewal_is_due_only_in_the_last_third_of_the_term_from_7_to_30_days_before_its_end(int termDays, int daysLeft, bool due)
    {
        await ConsentAsync(frida, "greenbank", daysLeft, createdDaysAgo: termDays - daysLeft);

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.Equal(termDays, connection.ChosenValidityDays);
        Assert.Equal(due, connection.IsRenewalDue);
        Assert.Equal(Now.AddDays(daysLeft - connection.RenewalWindowDays), connection.RenewalOpensAt);
        // Whatever the window, a live consent can still be replaced (to share other data or for longer).
        Assert.True(connection.CanRenew);
    }

    [Fact]
    public async Task Renewal_opens_as_the_clock_reaches_30_days_before_the_end_of_a_90_day_consent()
    {
        await ConsentAsync(frida, "greenbank", 90, createdDaysAgo: 0);

        clock.Advance(TimeSpan.FromDays(60) - TimeSpan.FromSeconds(1));
        var justBefore = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));
        clock.Advance(TimeSpan.FromSeconds(1));
        var opened = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.False(justBefore.IsRenewalDue);
        Assert.Equal(ConnectionStatus.Active, justBefore.Status);
        Assert.True(opened.IsRenewalDue);
        Assert.Equal(opened.RenewalOpensAt, Now);
        // Due is not urgent: the banner and the card's main action wait for the last week.
        Assert.Equal((ConnectionStatus.Active, ConnectionAction.SyncNow, null), (opened.Status, opened.Action, opened.AlertKind));
    }

    [Theory]
    [InlineData(ConsentStatuses.Expired, 5)]
    [InlineData(ConsentStatuses.Valid, -1)]
    [InlineData(ConsentStatuses.RevokedByPsu, 5)]
    [InlineData(ConsentStatuses.TerminatedByTpp, 5)]
    public async Task An_ended_consent_is_never_due_for_renewal_even_inside_the_window(string status, double daysLeft)
    {
        await ConsentAsync(frida, "greenbank", daysLeft, status);

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.False(connection.IsLive);
        Assert.False(connection.IsRenewalDue);
    }

    [Theory]
    [InlineData(ConsentStatuses.Valid, 80, null, ConnectionStatus.Active, ConnectionAction.SyncNow)]
    [InlineData(ConsentStatuses.Valid, 3, null, ConnectionStatus.ExpiringSoon, ConnectionAction.Renew)]
    [InlineData(ConsentStatuses.Valid, 80, "Green Bank had a problem (503).", ConnectionStatus.Failing, ConnectionAction.TryAgain)]
    [InlineData(ConsentStatuses.Valid, -2, null, ConnectionStatus.Expired, ConnectionAction.Reconnect)]
    [InlineData(ConsentStatuses.RevokedByPsu, 170, "refused", ConnectionStatus.Revoked, ConnectionAction.Reconnect)]
    [InlineData(ConsentStatuses.TerminatedByTpp, 80, null, ConnectionStatus.ReadOnly, ConnectionAction.DeleteData)]
    public async Task Each_state_has_its_action_and_counts_what_is_stored_now(string consentStatus, double daysLeft, string? lastError,
        ConnectionStatus expected, ConnectionAction action)
    {
        await ConsentAsync(frida, "greenbank", daysLeft, consentStatus, lastError);
        await AccountAsync(frida, "Green Bank", "GB-0001-2345");
        await AccountAsync(grace, "Green Bank", "GB-9999-0000");

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.Equal((expected, action), (connection.Status, connection.Action));
        Assert.Equal(("Green Bank", 1), (connection.BankName, connection.Accounts.Count));
        Assert.Equal(connection.IsLive, connection.EndedAt is null);
    }

    [Fact]
    public async Task Ended_connections_tell_their_true_dates_and_after_the_data_is_deleted_count_nothing()
    {
        await ConsentAsync(frida, "greenbank", 80, ConsentStatuses.TerminatedByTpp, createdDaysAgo: 10);
        await ConsentAsync(frida, "thamesbank", -4, ConsentStatuses.Expired, createdDaysAgo: 94);
        await AccountAsync(frida, "Green Bank", "GB-1");

        var byBank = (await overview.ListAsync(frida.UserId, Cancel)).ToDictionary(c => c.BankId);

        Assert.Equal(ConnectionStatus.ReadOnly, byBank["greenbank"].Status);
        Assert.Equal(Now.AddDays(-10), byBank["greenbank"].EndedAt);
        Assert.StartsWith($"You disconnected Green Bank on {Day(Now.AddDays(-10))}.", byBank["greenbank"].Explanation, StringComparison.Ordinal);
        Assert.Equal(Now.AddDays(-4), byBank["thamesbank"].EndedAt);
        Assert.Equal(90, byBank["thamesbank"].ChosenValidityDays);

        await store.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(frida.UserId, a => a.AccountBank == "Green Bank", Cancel);
        var deleted = (await overview.ListAsync(frida.UserId, Cancel)).Single(c => c.BankId == "greenbank");

        Assert.Equal((ConnectionStatus.Deleted, ConnectionAction.ConnectAgain, 0), (deleted.Status, deleted.Action, deleted.Accounts.Count));
    }

    [Fact]
    public async Task A_consent_revoked_at_the_bank_is_a_revoked_alert_with_reconnect_words_and_no_future_expiry()
    {
        await ConsentAsync(frida, "greenbank", 170, ConsentStatuses.RevokedByPsu, lastError: "Green Bank no longer accepts Leafy Bank's access.", createdDaysAgo: 1);

        var alert = Assert.Single(await overview.AlertsAsync(frida.UserId, Cancel));

        Assert.Equal(ConnectionAlertKind.Revoked, alert.Kind);
        Assert.Equal("Green Bank no longer lets Leafy Bank read your data: the consent was ended at Green Bank. Reconnect to resume.", alert.Message);
    }

    private Task AccountAsync(PartyReference owner, string bankName, string accountId) =>
        store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(new ExternalAccount
        {
            AccountId = accountId,
            AccountBank = bankName,
            AccountUser = owner,
            AccountType = AccountTypes.Checking,
            AccountCurrency = "EUR",
            Source = new DataSource { Origin = "test", RetrievedAt = Now.AddDays(-1) },
        }, Cancel);

    [Fact]
    public async Task The_latest_consent_per_bank_is_the_connection_so_a_renewal_replaces_the_old_expiry()
    {
        await ConsentAsync(frida, "greenbank", 3, ConsentStatuses.TerminatedByTpp, createdDaysAgo: 87, consentId: "old");
        await ConsentAsync(frida, "greenbank", 90, createdDaysAgo: 0, consentId: "new");

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.Equal(("new", ConnectionStatus.Active), (connection.Consent.ConsentId, connection.Status));
        Assert.Empty(await overview.AlertsAsync(frida.UserId, Cancel));
    }

    [Fact]
    public async Task Alerts_name_the_bank_and_the_fix_most_urgent_first_and_only_for_this_customer()
    {
        await ConsentAsync(frida, "greenbank", 6);
        await ConsentAsync(frida, "thamesbank", 2);
        await ConsentAsync(frida, "donaubank", 40, lastError: "Donau Bank could not be reached.");
        await ConsentAsync(frida, "mongodbbank", -2);
        await ConsentAsync(frida, "oldbank", -31);
        await ConsentAsync(grace, "greenbank", 1);

        var alerts = await overview.AlertsAsync(frida.UserId, Cancel);

        Assert.Equal(
            [("mongodbbank", ConnectionAlertKind.Expired), ("donaubank", ConnectionAlertKind.Failing), ("thamesbank", ConnectionAlertKind.ExpiringSoon), ("greenbank", ConnectionAlertKind.ExpiringSoon)],
            alerts.Select(a => (a.BankId, a.Kind)));
        Assert.Equal($"Your consent at Thames Bank ends in 2 days ({Day(Now.AddDays(2))}). Renew it to keep your Thames Bank data up to date.", alerts[2].Message);
        Assert.Equal("Updating Donau Bank failed: Donau Bank could not be reached.", alerts[1].Message);
        Assert.StartsWith($"Your consent at MongoDB Bank ended on {Day(Now.AddDays(-2))}", alerts[0].Message, StringComparison.Ordinal);
        Assert.Equal(("greenbank", ConnectionAlertKind.ExpiringSoon), Assert.Single(await overview.AlertsAsync(grace.UserId, Cancel)) is var g ? (g.BankId, g.Kind) : default);
    }

    [Fact]
    public async Task A_consent_ending_within_a_day_says_so()
    {
        await ConsentAsync(frida, "greenbank", 0.25);
        await ConsentAsync(frida, "thamesbank", 1);

        var alerts = (await overview.AlertsAsync(frida.UserId, Cancel)).ToDictionary(a => a.BankId, a => a.Message);

        Assert.Equal($"Your consent at Green Bank ends within a day ({Day(Now.AddDays(0.25))}). Renew it to keep your Green Bank data up to date.", alerts["greenbank"]);
        Assert.StartsWith($"Your consent at Thames Bank ends within a day ({Day(Now.AddDays(1))})", alerts["thamesbank"], StringComparison.Ordinal);
    }

    private sealed class Banks : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<BankDirectoryEntry>>(
            [
                new("greenbank", "Green Bank", BankDialects.GreenBank, new Uri("http://bank.test/g"), new Uri("http://bank.test/g/api")),
                new("thamesbank", "Thames Bank", BankDialects.UkOpenBanking, new Uri("http://bank.test/t"), new Uri("http://bank.test/t/api")),
                new("donaubank", "Donau Bank", BankDialects.BerlinGroup, new Uri("http://bank.test/d"), new Uri("http://bank.test/d/api")),
                new("mongodbbank", "MongoDB Bank", BankDialects.MongoDbBank, new Uri("http://bank.test/m"), new Uri("http://bank.test/m/api")),
            ]);
    }
}
