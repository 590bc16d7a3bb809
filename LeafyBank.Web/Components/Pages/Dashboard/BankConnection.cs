using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// One linked bank's connection as the dashboard shows it: Core's lifecycle
/// (<see cref="ConnectionSummary"/>) as plain values, so the prerender can hand it to the
/// interactive render inside the <see cref="DashboardSnapshot"/>. Read once per load and given to
/// the freshness note, the accounts by bank and the live-update caption alike.
/// </summary>
public sealed record BankConnection(
    string BankId,
    string BankName,
    ConnectionStatus Status,
    string StatusText,
    string Explanation,
    DateTime? EndedAt,
    DateTime? DataAsOf,
    bool HasData,
    bool InBanner,
    bool SharesTransactions = true)
{
    /// <param name="summary">
    /// The connection; its <see cref="ConnectionSummary.AlertKind"/> says whether the banner above the page speaks of it (<see cref="InBanner"/>),
    /// its consent whether the bank shares transactions (<see cref="SharesTransactions"/>), so an account without any says why.
    /// </param>
    /// <param name="day">Words the day of an instant in the explanation: the customer's on a page, UTC by default.</param>
    public static BankConnection From(ConnectionSummary summary, Func<DateTime, string>? day = null) => new(
        summary.BankId, summary.BankName, summary.Status, summary.StatusText, day is null ? summary.Explanation : summary.ExplanationIn(day), summary.EndedAt, summary.DataAsOf, summary.HasData,
        summary.AlertKind is not null, summary.Consent.Permissions.Contains(ConsentPermissions.Transactions));

    /// <summary>What the position counted per linked bank: the connections read beside it need not count it again.</summary>
    public static IReadOnlyDictionary<string, StoredHoldings> HoldingsOf(GlobalPosition position) =>
        position.ByInstitution.Where(institution => !institution.Internal)
            .ToDictionary(institution => institution.Bank, institution => new StoredHoldings(institution.Accounts, institution.Products), StringComparer.Ordinal);

    /// <summary>The connection of the bank with this name (as the position and the documents name it), if any.</summary>
    public static BankConnection? Of(IEnumerable<BankConnection>? connections, string bankName) =>
        connections?.FirstOrDefault(connection => string.Equals(connection.BankName, bankName, StringComparison.Ordinal));
}
