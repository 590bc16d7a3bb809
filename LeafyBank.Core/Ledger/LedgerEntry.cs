using System.Globalization;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// One ledger entry as the customer reads it, on the page and in the download: the stored
/// <see cref="AuditEvent"/>'s facts with an outcome from <see cref="LedgerOutcomes"/>, read as of an
/// instant, and a note when that outcome needs one. The stored event is never changed: the audit
/// trail is append-only, and what a request came to is known only from the entries after it. A granted consent names what
/// the customer shared (<see cref="GrantedAccounts"/>, "You shared Girokonto •••• 1234 and …") once Leafy Bank has read it.
/// A renewal names what it changed in what is shared (<see cref="SharingChange"/>), so it is not called a plain renewal when the
/// customer ticked an account off at the bank or shared more.
/// </summary>
public sealed partial record LedgerEntry(DateTime At, string Kind, string? Bank, string? ConsentId, string Outcome, string Detail, string? OutcomeNote = null,
    string? SharedAccounts = null, SharingChange? Change = null)
{
    /// <summary>
    /// <paramref name="events"/> (one customer's, in the order given) as of <paramref name="asOf"/>. A consent request
    /// is answered by a grant (even one whose token exchange failed) or a refusal of the same consent at the same bank;
    /// unanswered, it is not finished once the customer deleted all their linked data (which deletes the open attempts) or once a
    /// later request to the same bank was answered (the customer started again and finished that one), and otherwise waits for the customer while <see cref="ConnectionService"/> keeps the attempt open
    /// (<see cref="ConnectionService.CallbackLifetime"/>; an answer on the last instant is still accepted) and is not
    /// finished after that, because the bank's answer would then be refused anyway.
    /// </summary>
    /// <param name="consents">The customer's consents, for what each granted one shared and what each renewal changed; none given, no
    /// entry names accounts or a change.</param>
    public static IReadOnlyList<LedgerEntry> Read(IReadOnlyList<AuditEvent> events, DateTime asOf, IReadOnlyList<Consent>? consents = null)
    {
        var stored = consents ?? [];
        var shared = stored.Where(c => c.SharedAccounts is not null)
            .ToLookup(c => (c.Bank, c.ConsentId), c => GrantedAccounts.Sentence(c.SharedAccounts));
        var answers = events.Where(e => e.Kind is AuditKinds.ConsentGranted or AuditKinds.ConsentRejected or AuditKinds.ConsentDeclined)
            .ToLookup(e => (e.Bank, e.ConsentId));
        // "Delete all my linked data" (the one erasure that names no bank) deletes every open attempt with the rest
        // (LinkedDataEraser), so no request made before it can be answered any more.
        var erasures = events.Where(e => e.Kind == AuditKinds.DataDeleted && e.Bank is null).Select(e => e.At).ToList();
        var requests = events.Where(e => e.Kind == AuditKinds.ConsentRequested && e.Outcome == AuditOutcomes.Succeeded).ToList();
        return [.. events.Select(e => e.Kind == AuditKinds.ConsentRequested && e.Outcome == AuditOutcomes.Succeeded
            ? ReadRequest(e, answers[(e.Bank, e.ConsentId)], erasures, StartedAgainAndAnswered(e, requests, answers), asOf)
            : e is { Kind: AuditKinds.ConsentGranted, Outcome: AuditOutcomes.Succeeded, Bank: { } bank, ConsentId: { } consentId }
                ? Stored(e, e.Outcome) with { SharedAccounts = shared[(bank, consentId)].FirstOrDefault() }
                : e is { Kind: AuditKinds.ConsentRenewed, Outcome: AuditOutcomes.Succeeded, Bank: { } renewedAt, ConsentId: { } renewalId }
                    ? ReadRenewal(e, stored.Where(c => c.Bank == renewedAt).ToList(), renewalId)
                    : Stored(e, e.Outcome))];
    }

    /// <summary>
    /// A renewal with what it changed in what is shared, and what the renewed consent shares now (with what it stopped sharing),
    /// once Leafy Bank has read the bank under it. Without the renewed consent's record it reads as stored.
    /// </summary>
    private static LedgerEntry ReadRenewal(AuditEvent renewed, IReadOnlyList<Consent> consentsAtBank, string renewalId)
    {
        var entry = Stored(renewed, renewed.Outcome);
        if (consentsAtBank.FirstOrDefault(c => c.ConsentId == renewalId) is not { } renewal)
        {
            return entry;
        }
        var change = SharingChange.Of(renewal, consentsAtBank);
        var sharesNow = GrantedAccounts.Sentence(renewal.SharedAccounts);
        return entry with
        {
            Change = change,
            SharedAccounts = change is { NoLongerShared.Count: > 0 } && sharesNow is not null
                ? $"{sharesNow} No longer shared: {Banking.CountWords.List(change.NoLongerShared)}."
                : sharesNow,
        };
    }

    /// <summary>
    /// Whether the customer, after <paramref name="request"/>, asked the same bank again and that later request was answered
    /// (granted, declined or refused, even by a failed exchange). Going back from the bank's sign-in page and continuing
    /// again leaves the first request unanswered at the bank: once the later one is finished, the first is no longer what
    /// the customer is waiting for. A later request still open replaces nothing yet: either may still be answered.
    /// </summary>
    private static bool StartedAgainAndAnswered(AuditEvent request, IReadOnlyList<AuditEvent> requests, ILookup<(string? Bank, string? ConsentId), AuditEvent> answers) =>
        requests.Any(later => later.At > request.At && later.Bank == request.Bank && later.ConsentId is not null && later.ConsentId != request.ConsentId
                              && answers[(later.Bank, later.ConsentId)].Any(answer => answer.At >= later.At));

    private static LedgerEntry ReadRequest(AuditEvent request, IEnumerable<AuditEvent> answers, IReadOnlyList<DateTime> erasures, bool startedAgain,
        DateTime asOf)
    {
        if (request.ConsentId is not null && answers.Any(answer => answer.At >= request.At))
        {
            return Stored(request, LedgerOutcomes.SentToBank);
        }
        if (erasures.Any(at => at >= request.At))
        {
            return Stored(request, LedgerOutcomes.NotFinished,
                "Ended unanswered when you deleted all your linked data, so this request shared nothing. You can connect the bank again at any time.");
        }
        if (startedAgain)
        {
            return Stored(request, LedgerOutcomes.NotFinished,
                "Not completed: you started again, and your later request to this bank was answered, so this one shared nothing.");
        }
        var minutes = ConnectionService.CallbackLifetime.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
        return asOf > ClosesAt(request.At)
            ? Stored(request, LedgerOutcomes.NotFinished,
                $"Not completed at the bank within {minutes} minutes, so this request shared nothing. You can connect the bank again at any time.")
            : Stored(request, LedgerOutcomes.AwaitingCustomer,
                $"Approve or decline at the bank within {minutes} minutes of asking; until then nothing is shared.");
    }

    /// <summary>
    /// The last instant at which the bank's answer to a consent request made at <paramref name="requestedAt"/> is still
    /// accepted; after it, a request still waiting for the customer reads as not finished.
    /// </summary>
    public static DateTime ClosesAt(DateTime requestedAt) => requestedAt + ConnectionService.CallbackLifetime;

    private static LedgerEntry Stored(AuditEvent entry, string outcome, string? note = null) =>
        new(entry.At, WasDeclinedBefore(entry) ? AuditKinds.ConsentDeclined : entry.Kind, entry.Bank, entry.ConsentId, outcome, entry.Detail, note);

    /// <summary>
    /// A customer's "not approved" stored before <see cref="AuditKinds.ConsentDeclined"/> existed (3 Dec 2026): a
    /// <see cref="AuditKinds.ConsentRejected"/> whose detail is one of the two sentences <see cref="ConnectionService"/>
    /// wrote for it then. The ledger is append-only, so those entries are read as declines rather than rewritten.
    /// </summary>
    private static bool WasDeclinedBefore(AuditEvent entry) =>
        entry.Kind == AuditKinds.ConsentRejected && EarlierDeclineDetail().IsMatch(entry.Detail);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(Not approved at .+: declined or cancelled there\.|Declined at the bank\.)$")]
    private static partial System.Text.RegularExpressions.Regex EarlierDeclineDetail();
}
