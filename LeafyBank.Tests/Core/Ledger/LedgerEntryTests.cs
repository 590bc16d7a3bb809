using LeafyBank.Core.Ledger;

namespace LeafyBank.Tests.Core.Ledger;

/// <summary>
/// A consent request reads as what it came to, from the entries after it and the clock: waiting for the customer while the
/// attempt is open (<see cref="ConnectionService.CallbackLifetime"/>), not finished after that, sent to the bank once answered.
/// </summary>
public sealed class LedgerEntryTests
{
    private readonly FakeTimeProvider clock = TestTime.Frozen();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Window => $"within {ConnectionService.CallbackLifetime.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minutes";

    private static AuditEvent Event(string kind, DateTime at, string outcome = AuditOutcomes.Succeeded, string? consentId = "consent-1", string? bank = "greenbank") => new()
    {
        Kind = kind,
        Bank = bank,
        ConsentId = consentId,
        At = at,
        Outcome = outcome,
        Detail = $"{kind} at {at:O}",
    };

    /// <summary>The customer asks now; the test then lets <paramref name="elapsed"/> pass and reads the ledger, newest first.</summary>
    private IReadOnlyList<LedgerEntry> AskThenRead(TimeSpan elapsed, params Func<DateTime, AuditEvent>[] laterEvents)
    {
        var request = Event(AuditKinds.ConsentRequested, Now);
        var later = laterEvents.Select(make => make(request.At)).ToList();
        clock.Advance(elapsed);
        return LedgerEntry.Read([.. later.OrderByDescending(e => e.At), request], Now);
    }

    [Fact]
    public void A_granted_consent_names_what_it_shared_and_an_older_grant_without_the_list_reads_as_it_always_did()
    {
        var owner = new PartyReference { UserName = "fridaklo", UserId = ObjectId.GenerateNewId() };
        var recorded = TestDocuments.Consent(owner, "greenbank", "recorded", Now.AddDays(-1), Now.AddDays(89));
        recorded.SharedAccounts = ["Giro •••• 1234", "Home Loan •••• 4484"];
        var older = TestDocuments.Consent(owner, "greenbank", "older", Now.AddDays(-200), Now.AddDays(-110));
        AuditEvent[] events =
        [
            Event(AuditKinds.ConsentGranted, Now.AddDays(-1), consentId: "recorded"),
            // The same consent id at another bank is another consent.
            Event(AuditKinds.ConsentGranted, Now.AddDays(-2), consentId: "recorded", bank: "thamesbank"),
            Event(AuditKinds.ConsentGranted, Now.AddDays(-3), AuditOutcomes.Failed, consentId: "recorded"),
            Event(AuditKinds.ConsentGranted, Now.AddDays(-200), consentId: "older"),
        ];

        var entries = LedgerEntry.Read(events, Now, [recorded, older]);

        Assert.Equal(["You shared Giro •••• 1234 and Home Loan •••• 4484.", null, null, null], entries.Select(e => e.SharedAccounts));
        Assert.All(entries, entry => Assert.Equal($"{entry.Kind} at {entry.At:O}", entry.Detail));
    }

    /// <summary>
    /// Frida's consent at Green Bank shared <paramref name="before"/>; she renewed it a month later and, at the bank, shared
    /// <paramref name="after"/> (null: not read yet) with <paramref name="permissionsAfter"/>. The ledger, newest first.
    /// </summary>
    /// <param name="refsBefore">The bank's references recorded with <paramref name="before"/> (none: a consent recorded before they were kept).</param>
    private IReadOnlyList<LedgerEntry> RenewThenRead(string[] before, string[]? after, string[]? permissionsAfter = null, string[]? refsBefore = null,
        string[]? refsAfter = null)
    {
        var owner = new PartyReference { UserName = "fridaklo", UserId = ObjectId.GenerateNewId() };
        var renewedAt = Now.AddDays(-1);
        var replaced = TestDocuments.Consent(owner, "greenbank", "first", Now.AddDays(-31), Now.AddDays(59), ConsentStatuses.TerminatedByTpp,
            statusChangedAt: renewedAt);
        replaced.SharedAccounts = [.. before];
        replaced.SharedAccountRefs = refsBefore is null ? null : [.. refsBefore];
        var renewal = TestDocuments.Consent(owner, "greenbank", "renewal", renewedAt.AddMinutes(-2), Now.AddDays(89), permissions: permissionsAfter,
            statusChangedAt: renewedAt);
        renewal.SharedAccounts = after is null ? null : [.. after];
        renewal.SharedAccountRefs = refsAfter is null ? null : [.. refsAfter];
        // A consent at another bank, renewed at the same instant, is no part of Green Bank's renewal.
        var elsewhere = TestDocuments.Consent(owner, "thamesbank", "thames", Now.AddDays(-31), Now.AddDays(59), ConsentStatuses.TerminatedByTpp,
            statusChangedAt: renewedAt);
        elsewhere.SharedAccounts = ["Thames Saver •••• 1111"];
        AuditEvent[] events =
        [
            Event(AuditKinds.ConsentRenewed, renewedAt, consentId: "renewal"),
            Event(AuditKinds.ConsentGranted, renewedAt, consentId: "renewal"),
            Event(AuditKinds.ConsentGranted, Now.AddDays(-31), consentId: "first"),
        ];
        return LedgerEntry.Read(events, Now, [renewal, replaced, elsewhere]);
    }

    [Fact]
    public void A_renewal_that_ticked_an_account_off_at_the_bank_says_what_it_no_longer_shares()
    {
        var renewed = RenewThenRead(["Giro •••• 1234", "Instant Saver •••• 9907"], ["Giro •••• 1234"])[0];

        Assert.Equal(AuditKinds.ConsentRenewed, renewed.Kind);
        Assert.Equal(new SharingChange([], ["Instant Saver •••• 9907"], [], []), renewed.Change, SharingChangeComparer.Instance);
        Assert.Equal("You shared Giro •••• 1234. No longer shared: Instant Saver •••• 9907.", renewed.SharedAccounts);
        // The stored words stay as they were recorded.
        Assert.Equal($"{AuditKinds.ConsentRenewed} at {renewed.At:O}", renewed.Detail);
    }

    [Fact]
    public void A_renewal_that_shares_more_says_what_it_added_and_one_that_changed_nothing_is_a_plain_renewal()
    {
        var more = RenewThenRead(["Giro •••• 1234"], ["Giro •••• 1234", "Home Loan •••• 4484"],
            [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products])[0];
        var fewerKinds = RenewThenRead(["Giro •••• 1234"], ["Giro •••• 1234"], [ConsentPermissions.Accounts, ConsentPermissions.Balances])[0];
        var same = RenewThenRead(["Giro •••• 1234"], ["Giro •••• 1234"])[0];
        var notReadYet = RenewThenRead(["Giro •••• 1234"], after: null)[0];

        Assert.Equal(new SharingChange(["Home Loan •••• 4484"], [], [], []), more.Change, SharingChangeComparer.Instance);
        Assert.Equal("You shared Giro •••• 1234 and Home Loan •••• 4484.", more.SharedAccounts);
        Assert.Equal(new SharingChange([], [], [], [ConsentPermissions.Transactions, ConsentPermissions.Products]), fewerKinds.Change,
            SharingChangeComparer.Instance);
        Assert.False(same.Change!.ChangesSharing);
        Assert.Equal("You shared Giro •••• 1234.", same.SharedAccounts);
        // Until Leafy Bank has read the bank under the renewal, no account is said to be gone.
        Assert.False(notReadYet.Change!.ChangesSharing);
        Assert.Null(notReadYet.SharedAccounts);
    }

    [Fact]
    public void A_renewal_compares_accounts_by_the_banks_reference_so_a_renamed_account_is_neither_dropped_nor_added()
    {
        var renamed = RenewThenRead(["Giro •••• 1234", "Instant Saver •••• 9907"], ["Everyday Account •••• 1234", "Instant Saver •••• 9907"],
            refsBefore: ["account:ACC-1", "account:SAV-7"], refsAfter: ["account:ACC-1", "account:SAV-7"])[0];

        Assert.False(renamed.Change!.ChangesSharing);
        // What it shares now is said in the renewed consent's words.
        Assert.Equal("You shared Everyday Account •••• 1234 and Instant Saver •••• 9907.", renamed.SharedAccounts);
    }

    [Fact]
    public void Of_two_accounts_with_the_same_name_and_number_the_one_ticked_off_is_said_to_be_no_longer_shared()
    {
        // Two savings pots the bank names alike, whose numbers end alike: only the references tell them apart.
        var renewed = RenewThenRead(["Savings •••• 0001", "Savings •••• 0001", "Giro •••• 1234"], ["Savings •••• 0001", "Giro •••• 1234"],
            refsBefore: ["account:POT-A-0001", "account:POT-B-0001", "account:ACC-1"], refsAfter: ["account:POT-A-0001", "account:ACC-1"])[0];

        Assert.Equal(new SharingChange([], ["Savings •••• 0001"], [], []), renewed.Change, SharingChangeComparer.Instance);
        Assert.Equal("You shared Savings •••• 0001 and Giro •••• 1234. No longer shared: Savings •••• 0001.", renewed.SharedAccounts);
    }

    [Fact]
    public void An_account_and_a_loan_with_the_same_id_at_the_bank_are_two_things()
    {
        var renewed = RenewThenRead(["Giro •••• 0042", "Car Loan •••• 0042"], ["Giro •••• 0042"],
            refsBefore: ["account:42", "product:42"], refsAfter: ["account:42"])[0];

        Assert.Equal(new SharingChange([], ["Car Loan •••• 0042"], [], []), renewed.Change, SharingChangeComparer.Instance);
    }

    [Fact]
    public void A_replaced_consent_recorded_before_references_were_kept_is_compared_by_name_and_masked_number()
    {
        var renewed = RenewThenRead(["Giro •••• 1234", "Instant Saver •••• 9907"], ["Giro •••• 1234"], refsAfter: ["account:ACC-1"])[0];

        Assert.Equal(new SharingChange([], ["Instant Saver •••• 9907"], [], []), renewed.Change, SharingChangeComparer.Instance);
    }

    [Fact]
    public void A_renewal_whose_consents_are_not_stored_reads_as_it_was_recorded()
    {
        var renewed = LedgerEntry.Read([Event(AuditKinds.ConsentRenewed, Now.AddDays(-1), consentId: "renewal")], Now, []).Single();

        Assert.Null(renewed.Change);
        Assert.Null(renewed.SharedAccounts);
    }

    /// <summary>Records of lists compare by reference; these compare by the items, in order.</summary>
    private sealed class SharingChangeComparer : IEqualityComparer<SharingChange?>
    {
        public static readonly SharingChangeComparer Instance = new();

        public bool Equals(SharingChange? x, SharingChange? y) => x is null || y is null
            ? x is null && y is null
            : x.NowShared.SequenceEqual(y.NowShared) && x.NoLongerShared.SequenceEqual(y.NoLongerShared)
              && x.DataAdded.SequenceEqual(y.DataAdded) && x.DataDropped.SequenceEqual(y.DataDropped);

        public int GetHashCode(SharingChange? obj) => 0;
    }

    [Fact]
    public void An_unanswered_request_waits_for_the_customer_until_the_last_instant_of_the_attempt()
    {
        var request = AskThenRead(ConnectionService.CallbackLifetime).Single();

        Assert.Equal(LedgerOutcomes.AwaitingCustomer, request.Outcome);
        Assert.Contains(Window, request.OutcomeNote, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unanswered_request_is_not_finished_just_after_the_attempt_has_closed()
    {
        var request = AskThenRead(ConnectionService.CallbackLifetime + TimeSpan.FromSeconds(1)).Single();

        Assert.Equal(LedgerOutcomes.NotFinished, request.Outcome);
        Assert.Equal($"Not completed at the bank {Window}, so this request shared nothing. You can connect the bank again at any time.", request.OutcomeNote);
    }

    [Fact]
    public void A_request_the_bank_granted_was_sent_to_the_bank_however_long_ago_and_the_grant_keeps_its_own_outcome()
    {
        var entries = AskThenRead(TimeSpan.FromDays(30), asked => Event(AuditKinds.ConsentGranted, asked.AddMinutes(9)));

        Assert.Equal([(AuditKinds.ConsentGranted, LedgerOutcomes.Succeeded), (AuditKinds.ConsentRequested, LedgerOutcomes.SentToBank)],
            entries.Select(e => (e.Kind, e.Outcome)));
        Assert.All(entries, e => Assert.Null(e.OutcomeNote));
    }

    [Fact]
    public void A_request_the_customer_declined_was_sent_to_the_bank_and_the_decline_keeps_its_kind()
    {
        var entries = AskThenRead(ConnectionService.CallbackLifetime + TimeSpan.FromSeconds(1),
            asked => Event(AuditKinds.ConsentDeclined, asked.AddMinutes(2), AuditOutcomes.Failed));

        Assert.Equal([(AuditKinds.ConsentDeclined, LedgerOutcomes.Failed), (AuditKinds.ConsentRequested, LedgerOutcomes.SentToBank)],
            entries.Select(e => (e.Kind, e.Outcome)));
    }

    [Theory]
    [InlineData(AuditKinds.ConsentGranted, AuditOutcomes.Succeeded)]
    [InlineData(AuditKinds.ConsentGranted, AuditOutcomes.Failed)]
    [InlineData(AuditKinds.ConsentDeclined, AuditOutcomes.Failed)]
    [InlineData(AuditKinds.ConsentRejected, AuditOutcomes.Failed)]
    public void A_request_left_at_the_bank_reads_as_replaced_once_a_later_request_to_the_same_bank_was_answered(string answer, string outcome)
    {
        // Back from the bank's sign-in page, Continue again, and that second request is answered within a minute.
        var entries = AskThenRead(TimeSpan.FromMinutes(2),
            asked => Event(AuditKinds.ConsentRequested, asked.AddSeconds(30), consentId: "consent-2"),
            asked => Event(answer, asked.AddMinutes(1), outcome, consentId: "consent-2"));

        var first = entries.Single(e => e is { Kind: AuditKinds.ConsentRequested, ConsentId: "consent-1" });
        Assert.Equal(LedgerOutcomes.NotFinished, first.Outcome);
        Assert.Equal("Not completed: you started again, and your later request to this bank was answered, so this one shared nothing.", first.OutcomeNote);
        Assert.Equal(LedgerOutcomes.SentToBank, entries.Single(e => e is { Kind: AuditKinds.ConsentRequested, ConsentId: "consent-2" }).Outcome);
    }

    [Fact]
    public void A_request_keeps_waiting_while_the_later_one_is_open_and_beside_requests_answered_at_another_bank_or_before_it()
    {
        var laterStillOpen = AskThenRead(TimeSpan.FromMinutes(2),
            asked => Event(AuditKinds.ConsentRequested, asked.AddSeconds(30), consentId: "consent-2"));
        var laterAtAnotherBank = AskThenRead(TimeSpan.FromMinutes(2),
            asked => Event(AuditKinds.ConsentRequested, asked.AddSeconds(30), consentId: "consent-2", bank: "thamesbank"),
            asked => Event(AuditKinds.ConsentGranted, asked.AddMinutes(1), consentId: "consent-2", bank: "thamesbank"));
        // Two tabs: the other request was made first and answered after this one was made; this one may still be approved.
        var earlierAnsweredAfter = AskThenRead(TimeSpan.FromMinutes(2),
            asked => Event(AuditKinds.ConsentRequested, asked.AddSeconds(-30), consentId: "consent-0"),
            asked => Event(AuditKinds.ConsentGranted, asked.AddMinutes(1), consentId: "consent-0"));

        Assert.All([laterStillOpen, laterAtAnotherBank, earlierAnsweredAfter], entries => Assert.Equal(LedgerOutcomes.AwaitingCustomer,
            entries.Single(e => e is { Kind: AuditKinds.ConsentRequested, ConsentId: "consent-1", Bank: "greenbank" }).Outcome));
    }

    [Theory]
    [InlineData("Not approved at Green Bank: declined or cancelled there.", AuditKinds.ConsentDeclined)]
    [InlineData("Declined at the bank.", AuditKinds.ConsentDeclined)]
    [InlineData("The bank answered 'server_error'.", AuditKinds.ConsentRejected)]
    [InlineData("The approval at the bank took too long.", AuditKinds.ConsentRejected)]
    public void A_decline_stored_before_it_had_its_own_kind_reads_as_a_decline_and_other_endings_as_they_were(string detail, string readAs)
    {
        var stored = Event(AuditKinds.ConsentRejected, Now.AddDays(-30), AuditOutcomes.Failed);
        stored.Detail = detail;

        var entry = LedgerEntry.Read([stored], Now).Single();

        Assert.Equal((readAs, AuditOutcomes.Failed, detail), (entry.Kind, entry.Outcome, entry.Detail));
    }

    [Fact]
    public void A_request_answered_after_the_attempt_closed_or_by_a_failed_exchange_was_still_answered()
    {
        // The bank's answer came too late ("took too long" is recorded as a refusal), or the code could not be exchanged.
        var tooLate = AskThenRead(TimeSpan.FromHours(1), asked => Event(AuditKinds.ConsentRejected, asked.AddMinutes(30), AuditOutcomes.Failed));
        var exchangeFailed = AskThenRead(TimeSpan.FromHours(1), asked => Event(AuditKinds.ConsentGranted, asked.AddMinutes(1), AuditOutcomes.Failed));

        Assert.Equal(LedgerOutcomes.SentToBank, tooLate.Single(e => e.Kind == AuditKinds.ConsentRequested).Outcome);
        Assert.Equal(LedgerOutcomes.SentToBank, exchangeFailed.Single(e => e.Kind == AuditKinds.ConsentRequested).Outcome);
    }

    [Fact]
    public void An_unanswered_request_is_not_finished_once_all_linked_data_was_deleted_after_it_but_a_bank_s_own_deletion_ends_nothing()
    {
        var erasedAll = AskThenRead(TimeSpan.FromMinutes(2), at => Event(AuditKinds.DataDeleted, at.AddMinutes(1), consentId: null, bank: null));
        var erasedOneBank = AskThenRead(TimeSpan.FromMinutes(2), at => Event(AuditKinds.DataDeleted, at.AddMinutes(1), consentId: null));
        var erasedBefore = LedgerEntry.Read([Event(AuditKinds.ConsentRequested, Now), Event(AuditKinds.DataDeleted, Now.AddSeconds(-1), consentId: null, bank: null)], Now);

        Assert.Equal(LedgerOutcomes.NotFinished, erasedAll[^1].Outcome);
        Assert.StartsWith("Ended unanswered when you deleted all your linked data", erasedAll[^1].OutcomeNote, StringComparison.Ordinal);
        Assert.Equal(LedgerOutcomes.AwaitingCustomer, erasedOneBank[^1].Outcome);
        Assert.Equal(LedgerOutcomes.AwaitingCustomer, erasedBefore[0].Outcome);
    }

    [Fact]
    public void Only_an_answer_to_the_same_consent_at_the_same_bank_counts()
    {
        var entries = AskThenRead(ConnectionService.CallbackLifetime + TimeSpan.FromSeconds(1),
            asked => Event(AuditKinds.ConsentGranted, asked.AddMinutes(1), consentId: "another-consent"),
            asked => Event(AuditKinds.ConsentGranted, asked.AddMinutes(2), bank: "thamesbank"),
            asked => Event(AuditKinds.DataPulled, asked.AddMinutes(3)));

        Assert.Equal(LedgerOutcomes.NotFinished, entries.Single(e => e.Kind == AuditKinds.ConsentRequested).Outcome);
    }

    [Fact]
    public void Reading_changes_no_stored_event_and_keeps_every_other_outcome_and_the_order()
    {
        var pulled = Event(AuditKinds.DataPulled, Now.AddDays(-1), AuditOutcomes.Failed);
        var request = Event(AuditKinds.ConsentRequested, Now.AddDays(-2));
        var granted = Event(AuditKinds.ConsentGranted, Now.AddDays(-3), consentId: "earlier");

        var entries = LedgerEntry.Read([pulled, request, granted], Now);

        Assert.Equal([LedgerOutcomes.Failed, LedgerOutcomes.NotFinished, LedgerOutcomes.Succeeded], entries.Select(e => e.Outcome));
        Assert.Equal([pulled.Detail, request.Detail, granted.Detail], entries.Select(e => e.Detail));
        Assert.Equal(AuditOutcomes.Succeeded, request.Outcome);
    }
}
