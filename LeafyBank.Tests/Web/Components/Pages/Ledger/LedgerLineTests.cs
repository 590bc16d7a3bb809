using LeafyBank.Web.Components.Pages.Ledger;

namespace LeafyBank.Tests.Web.Components.Pages.Ledger;

/// <summary>
/// How the Ledger page folds routine upkeep (<see cref="LedgerLine.Fold"/>): every entry in exactly one line, each line where its newest entry is; only
/// successful access key refreshes and data reads fold; a run is split by an entry of its own bank or one that names no bank.
/// </summary>
public sealed class LedgerLineTests
{
    private static readonly DateTime Start = TestTime.Frozen().GetUtcNow().UtcDateTime;

    private static LedgerRow Row(int minutesAgo, string kind, string? bank = "thamesbank", string outcome = AuditOutcomes.Succeeded) =>
        new(Start.AddMinutes(-minutesAgo), kind, bank, bank, "c-1", outcome, "Detail.");

    [Theory]
    [InlineData(AuditKinds.AccessRefreshed, AuditOutcomes.Succeeded, true)]
    [InlineData(AuditKinds.DataPulled, AuditOutcomes.Succeeded, true)]
    [InlineData(AuditKinds.AccessRefreshed, AuditOutcomes.Failed, false)]
    [InlineData(AuditKinds.DataPulled, AuditOutcomes.Failed, false)]
    [InlineData(AuditKinds.ConsentGranted, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.ConsentRenewed, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.ConsentRevoked, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.ConsentExpired, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.DataDeleted, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.UnsharedDataRemoved, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.DataImported, AuditOutcomes.Succeeded, false)]
    [InlineData(AuditKinds.AccountsRefused, AuditOutcomes.Failed, false)]
    [InlineData("SignedOutEverywhere", AuditOutcomes.Succeeded, false)]
    public void Only_a_successful_access_key_refresh_or_data_read_is_routine_and_a_kind_not_known_yet_is_shown(string kind, string outcome, bool routine) =>
        Assert.Equal(routine, LeafyBank.Core.Ledger.RoutineEntries.IsRoutine(kind, outcome));

    [Fact]
    public void Every_entry_is_in_exactly_one_line_and_each_line_stands_where_its_newest_entry_is()
    {
        LedgerRow[] rows =
        [
            Row(1, AuditKinds.AccessRefreshed), Row(2, AuditKinds.DataPulled, "greenbank"), Row(3, AuditKinds.DataPulled),
            Row(4, AuditKinds.ConsentRenewed), Row(5, AuditKinds.AccessRefreshed), Row(6, AuditKinds.AccessRefreshed, "greenbank"),
            Row(7, AuditKinds.DataDeleted, bank: null), Row(8, AuditKinds.AccessRefreshed), Row(9, AuditKinds.ConsentGranted),
        ];

        var lines = LedgerLine.Fold(rows);

        Assert.Equal(rows, lines.SelectMany(line => line.Rows).OrderByDescending(row => row.At));
        Assert.Equal(lines.Select(line => line.Newest.At).OrderDescending(), lines.Select(line => line.Newest.At));
        Assert.Equal([[1, 3], [2, 6], [4], [5], [7], [8], [9]],
            lines.Select(line => line.Rows.Select(row => (int)(Start - row.At).TotalMinutes).ToArray()).ToArray());
        Assert.Equal([true, true, false, false, false, false, false], lines.Select(line => line.Folds));
    }

    [Fact]
    public void A_lines_key_stays_the_same_when_a_newer_entry_joins_it()
    {
        var before = Assert.Single(LedgerLine.Fold([Row(2, AuditKinds.AccessRefreshed), Row(3, AuditKinds.AccessRefreshed)]));
        var after = Assert.Single(LedgerLine.Fold([Row(1, AuditKinds.AccessRefreshed), Row(2, AuditKinds.AccessRefreshed), Row(3, AuditKinds.AccessRefreshed)]));

        Assert.Equal(before.Key, after.Key);
    }
}
