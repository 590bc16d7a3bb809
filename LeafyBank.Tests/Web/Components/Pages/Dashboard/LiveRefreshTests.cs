using LeafyBank.Core.Banking;
using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The caption after a live refresh: a passing failure offers a retry, but a refusal or an ended
/// consent is a lasting state and the caption says it as the Connections page does, with the step
/// that can help.
/// </summary>
public sealed class LiveRefreshTests
{
    private static readonly DateTime Now = TestTime.Frozen().GetUtcNow().UtcDateTime;

    private static LiveRefresh FailedAtGreenBank(string error) =>
        new(Now, new InstitutionFreshness("Green Bank", false, Now.AddHours(-2), Now.AddMinutes(-5), error));

    private static BankConnection Connection(string consentStatus, string? failureKind, DateTime validUntil) => BankConnection.From(
        new ConnectionSummary("green-bank", new Consent { Bank = "green-bank", Status = consentStatus, CreatedAt = Now.AddDays(-30), ValidUntil = validUntil, StatusChangedAt = Now.AddDays(-1) },
            new SyncState { Bank = "green-bank", LastError = "refused", LastFailureKind = failureKind, LastAttemptAt = Now.AddMinutes(-5) }, Now)
        {
            BankName = "Green Bank",
        });

    [Fact]
    public void A_failure_that_a_retry_can_fix_offers_to_try_again()
    {
        var refresh = FailedAtGreenBank("Green Bank did not answer in time")
            .WithConnection(Connection(ConsentStatuses.Valid, nameof(BankFailureKind.Unavailable), Now.AddDays(60)));

        Assert.Null(refresh.LastingState);
        Assert.StartsWith("The latest update at Green Bank failed 5 minutes ago: Green Bank did not answer in time.", refresh.Describe(Now, TimeZoneInfo.Utc), StringComparison.Ordinal);
        Assert.Equal("Open Connections to try again or see what to do", refresh.NextStep);
    }

    [Fact]
    public void Accounts_in_someone_elses_name_are_told_as_a_refusal_with_disconnect_or_connect_again()
    {
        var refresh = FailedAtGreenBank("The accounts are not in your name.")
            .WithConnection(Connection(ConsentStatuses.Valid, nameof(BankFailureKind.NotTheCustomersAccounts), Now.AddDays(60)));

        var caption = refresh.Describe(Now, TimeZoneInfo.Utc);
        Assert.Equal("Green Bank was not updated: it sent accounts in someone else's name, so nothing from it was stored.", caption);
        Assert.Equal("Open Connections to disconnect Green Bank or connect it again as yourself", refresh.NextStep);
        Assert.DoesNotContain("try again", refresh.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ended_consent_offers_to_connect_again_not_to_retry()
    {
        var refresh = FailedAtGreenBank("The consent at Green Bank has ended.")
            .WithConnection(Connection(ConsentStatuses.RevokedByPsu, null, Now.AddDays(60)));

        Assert.Equal("Green Bank was not updated: the consent was ended at the bank.", refresh.Describe(Now, TimeZoneInfo.Utc));
        Assert.Equal("Open Connections to reconnect Green Bank", refresh.NextStep);
    }

    [Fact]
    public void A_consent_that_ran_out_says_so_and_offers_to_reconnect()
    {
        var refresh = FailedAtGreenBank("The consent at Green Bank has expired.")
            .WithConnection(Connection(ConsentStatuses.Valid, null, Now.AddDays(-1)));

        Assert.Equal("Green Bank was not updated: your consent there has ended.", refresh.Describe(Now, TimeZoneInfo.Utc));
        Assert.Equal("Open Connections to reconnect Green Bank", refresh.NextStep);
    }

    [Fact]
    public void Without_a_connection_record_the_failure_is_told_as_it_came()
    {
        var refresh = FailedAtGreenBank("Green Bank answered with an error").WithConnection(null);

        Assert.Null(refresh.LastingState);
        Assert.Contains("Green Bank answered with an error.", refresh.Describe(Now, TimeZoneInfo.Utc), StringComparison.Ordinal);
    }
}
