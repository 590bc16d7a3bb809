using System.Globalization;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using LeafyBank.Tests.Web;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;

namespace LeafyBank.Tests.Banking;

/// <summary>The one definition of a connection's status and of what the banner raises, for one customer at a time.</summary>
public sealed class ConnectionOverviewTests : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly TempDataDirectory directory = new();
    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };
    private SqliteDocumentStore store = null!;
    private ConnectionOverview overview = null!;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A day as the alerts write it, so the expected text follows the suite's instant.</summary>
    private static string Day(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        store = new SqliteDocumentStore(directory.Path);
        await store.InitializeAsync(Cancel);
        overview = new ConnectionOverview(store, new Banks(), clock);
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        directory.Dispose();
    }

    private async Task ConsentAsync(PartyReference owner, string bank, double daysLeft, string status = ConsentStatuses.Valid, string? lastError = null,
        double createdDaysAgo = 10, string? consentId = null)
    {
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(new Consent
        {
            ConsentId = consentId ?? $"{bank}-{owner.UserName}", Bank = bank, ConsentUser = owner, Status = status, Permissions = ["accounts"],
            CreatedAt = Now.AddDays(-createdDaysAgo), ValidUntil = Now.AddDays(daysLeft), FrequencyPerDay = 4, StatusChangedAt = Now.AddDays(-createdDaysAgo),
        }, Cancel);
        if (lastError is not null)
        {
            await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState { SyncUser = owner, Bank = bank, LastError = lastError }, Cancel);
        }
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
    [InlineData(30, ConsentStatuses.TerminatedByTpp, "old error", ConnectionStatus.Revoked)]
    public async Task Status_follows_the_consent_then_the_sync(double daysLeft, string consentStatus, string? lastError, ConnectionStatus expected)
    {
        await ConsentAsync(frida, "greenbank", daysLeft, consentStatus, lastError);

        var connection = Assert.Single(await overview.ListAsync(frida.UserId, Cancel));

        Assert.Equal(expected, connection.Status);
        Assert.Equal(expected is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing or ConnectionStatus.Expired, connection.CanRenew);
    }

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
