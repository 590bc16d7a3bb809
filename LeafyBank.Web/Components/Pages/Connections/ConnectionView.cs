using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>
/// One connection as the Connections page, the bank picker and the API show it: Core's
/// <see cref="ConnectionSummary"/> as plain values (so the prerender can hand it to the
/// interactive render), with the shared accounts, loans and mortgages by their readable labels.
/// </summary>
public sealed record ConnectionView(
    string BankId,
    string BankName,
    ConnectionStatus Status,
    string StatusText,
    ConnectionAction Action,
    string Explanation,
    string ConsentId,
    string ConsentStatus,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> AccountLabels,
    int Products,
    DateTime GrantedAt,
    DateTime ValidUntil,
    int DaysLeft,
    DateTime? EndedAt,
    DateTime? DataAsOf,
    DateTime? LastSuccessAt,
    DateTime? LastAttemptAt,
    string? LastError,
    DateTime? NextAllowedAt,
    int ChosenValidityDays,
    IReadOnlyList<string> LoanLabels,
    DateTime RenewalOpensAt,
    bool IsRenewalDue,
    bool EndedByDeletingAllData,
    DateTime? KeptDataDeletedAt = null)
{
    public bool IsLive => Status is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing;

    public bool HasData => AccountLabels.Count > 0 || Products > 0 || NoLongerShared.Count > 0;

    /// <summary>
    /// The accounts, loans and mortgages the bank no longer sends under the current consent (the customer unticked them there),
    /// by label with since when: kept as last read, no longer updated. <see cref="AccountLabels"/> and <see cref="LoanLabels"/>
    /// list only what the bank shares.
    /// </summary>
    public IReadOnlyList<NoLongerSharedItem> NoLongerShared { get; init; } = [];

    /// <summary>
    /// The day the consent ended, as a customer reads it, or null while it is live. A consent that ran out ended on its last
    /// day (<see cref="ValidUntil"/>, the bank's calendar date, the same wherever the customer is); one ended by the customer, by
    /// Leafy Bank or at the bank ended at a moment, whose day is the customer's in <paramref name="zone"/>.
    /// </summary>
    public string? EndedDay(TimeZoneInfo zone) => EndedAt is { } at ? EndedDayOf(Status, at, ValidUntil, zone) : null;

    /// <summary><see cref="EndedDay"/> for a connection known by its parts (<see cref="ConnectionSummary.EndedAt"/> and its consent's last day).</summary>
    public static string EndedDayOf(ConnectionStatus status, DateTime endedAt, DateTime validUntil, TimeZoneInfo zone) =>
        status == ConnectionStatus.Expired && endedAt == validUntil ? DayFormat.OfCalendarDate(validUntil) : LocalTime.Day(endedAt, zone);

    /// <summary>
    /// How many loans and mortgages the bank shares now (those it no longer sends left out); with only a count to go by, all of
    /// <see cref="Products"/>.
    /// </summary>
    public int SharedLoans { get; init; }

    /// <summary>
    /// How many automatic updates a day the consent allows (<see cref="Consent.FrequencyPerDay"/>). The card says it beside the
    /// next one: the bank's consent page promised "up to 4 times a day", and a next update six hours away read as a fault.
    /// </summary>
    public int UpdatesPerDay { get; init; }

    /// <summary>
    /// The consent shares loans and mortgages but the bank sent none in its latest read: the customer unticked every loan at the
    /// bank, or holds none there (Leafy Bank cannot tell which). The card says "None shared" then, and its "Shares" row does
    /// not claim loans and mortgages. Unknown, so false, before the first read.
    /// </summary>
    public bool NoLoansShared => IsLive && LastSuccessAt is not null && Permissions.Contains(ConsentPermissions.Products) && SharedLoans == 0;

    /// <summary>What the card's "Shares" row names: the consent's kinds of data, less loans and mortgages when none are shared.</summary>
    public IReadOnlyList<string> SharedKinds => NoLoansShared ? [.. Permissions.Where(p => p != ConsentPermissions.Products)] : Permissions;

    /// <summary>The consent is still valid at the bank, so it can be ended there (see <see cref="ConnectionSummary.CanDisconnect"/>).</summary>
    public bool CanDisconnect => IsLive || Status == ConnectionStatus.AccountsRefused;

    /// <param name="day">Words the day of an instant in the card's explanation: the customer's (<c>CustomerTimeZone.Day</c>) on a page,
    /// UTC by default (the data API's dates are UTC).</param>
    public static ConnectionView From(ConnectionSummary summary, Func<DateTime, string>? day = null) => new(
        summary.BankId, summary.BankName, summary.Status, summary.StatusText, summary.Action, day is null ? summary.Explanation : summary.ExplanationIn(day),
        summary.Consent.ConsentId, summary.Consent.Status, [.. summary.Consent.Permissions], [.. summary.Accounts.Where(a => a.NoLongerSharedSince is null).Select(AccountWords.Label)],
        summary.Products, summary.Consent.CreatedAt, summary.Consent.ValidUntil, summary.DaysLeft, summary.EndedAt, summary.DataAsOf,
        summary.Sync?.LastSuccessAt, summary.Sync?.LastAttemptAt, summary.Sync?.LastError, summary.Sync?.NextAllowedAt, summary.ChosenValidityDays,
        [.. summary.Loans.Where(p => p.NoLongerSharedSince is null).Select(AccountWords.Label)], summary.RenewalOpensAt, summary.IsRenewalDue,
        summary.Consent.Status == ConsentStatuses.TerminatedByTpp && summary.Consent.EndReason == ConsentEndReasons.LinkedDataDeleted,
        summary.HasData ? null : summary.Consent.KeptDataDeletedAt)
    {
        SharedLoans = summary.Products - summary.Loans.Count(p => p.NoLongerSharedSince is not null),
        UpdatesPerDay = summary.Consent.FrequencyPerDay,
        NoLongerShared =
        [
            .. summary.Accounts.Where(a => a.NoLongerSharedSince is not null)
                .Select(a => new NoLongerSharedItem(AccountWords.Label(a), a.NoLongerSharedSince!.Value)),
            .. summary.Loans.Where(p => p.NoLongerSharedSince is not null)
                .Select(p => new NoLongerSharedItem(AccountWords.Label(p), p.NoLongerSharedSince!.Value)),
        ],
    };

    /// <summary>
    /// Where the renew flow for a live consent starts: the review page with that bank chosen. Before
    /// renewal is due (<see cref="IsRenewalDue"/>) the same page explains that, and a new consent there only
    /// changes what is shared or for how long.
    /// </summary>
    /// <param name="share">A kind of data (a <see cref="ConsentPermissions"/> value) the review ticks besides what is shared now: the
    /// step a page offers to share what the consent leaves out ("To see them, change what you share") lands ready to continue.</param>
    public static string RenewHref(string bankId, string? share = null) =>
        $"connections/new?bank={Uri.EscapeDataString(bankId)}" + (share is null ? "" : $"&share={Uri.EscapeDataString(share)}");

    /// <summary>
    /// Where connecting an ended connection again starts: the same review page. With no live consent
    /// at the bank it is a new connection, offering the validity chosen last time.
    /// </summary>
    public static string ReconnectHref(string bankId, string? share = null) => RenewHref(bankId, share);
}
