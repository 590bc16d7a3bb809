using LeafyBank.Core.Ledger;

namespace LeafyBank.Tests.Core.Ledger;

/// <summary>
/// What a consent shared is recorded from Leafy Bank's first read after the grant (the bank names the accounts the
/// customer chose only by sending them), in the words the customer knows — name and masked number, never the bank's id —
/// and never rewritten by a later read.
/// </summary>
public sealed class GrantedAccountsTests
{
    private static readonly DateTime GrantedAt = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    private static readonly PartyReference Frida = new() { UserName = "fridaklo", UserId = ObjectId.GenerateNewId() };

    private static Consent Granted() => TestDocuments.Consent(Frida, "greenbank", "green-1", GrantedAt, GrantedAt.AddDays(90));

    private static BankSnapshot Snapshot(params string[] accountIds) => new(
        [.. accountIds.Select(id => new ExternalAccount { AccountId = id, AccountName = $"Account {id[^2..]}", AccountType = AccountTypes.Checking })],
        [new ExternalProduct { ProductId = "LOAN-77-4484", ProductType = ProductTypes.Mortgage }],
        [],
        GrantedAt.AddSeconds(5));

    [Fact]
    public void The_first_read_after_the_grant_records_each_account_and_loan_by_name_and_masked_number_never_by_id()
    {
        var consent = Granted();

        GrantedAccounts.RecordFirstRead(consent, lastSuccessAt: null, Snapshot("DE89370400440532013000"));

        Assert.Equal(["Account 00 •••• 3000", "Mortgage •••• 4484"], consent.SharedAccounts!.Select(label => label.Replace('\u00A0', ' ')));
        Assert.DoesNotContain(consent.SharedAccounts!, label => label.Contains("DE8937", StringComparison.Ordinal) || label.Contains("LOAN-77", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_read_records_the_banks_reference_for_each_account_and_loan_in_the_same_order_as_the_labels()
    {
        var consent = Granted();

        GrantedAccounts.RecordFirstRead(consent, lastSuccessAt: null, Snapshot("DE89370400440532013000", "ACC-2002"));

        Assert.Equal(["account:DE89370400440532013000", "account:ACC-2002", "product:LOAN-77-4484"], consent.SharedAccountRefs);
        Assert.Equal(consent.SharedAccounts!.Count, consent.SharedAccountRefs!.Count);
    }

    [Fact]
    public void A_renewal_records_its_own_accounts_though_the_bank_was_read_under_the_consent_before()
    {
        var consent = Granted();

        GrantedAccounts.RecordFirstRead(consent, lastSuccessAt: GrantedAt.AddHours(-6), Snapshot("ACC-1001"));

        Assert.Equal(2, consent.SharedAccounts!.Count);
    }

    [Fact]
    public void A_later_read_does_not_rewrite_what_the_customer_shared()
    {
        var consent = Granted();
        GrantedAccounts.RecordFirstRead(consent, lastSuccessAt: null, Snapshot("ACC-1001"));

        GrantedAccounts.RecordFirstRead(consent, lastSuccessAt: GrantedAt.AddSeconds(5), Snapshot("ACC-1001", "ACC-2002"));

        Assert.Equal(2, consent.SharedAccounts!.Count);
    }

    [Fact]
    public void A_consent_read_before_accounts_were_recorded_gets_none_rather_than_todays_accounts()
    {
        var consent = Granted();

        GrantedAccounts.RecordFirstRead(consent, lastSuccessAt: GrantedAt.AddDays(3), Snapshot("ACC-1001"));

        Assert.Null(consent.SharedAccounts);
    }

    [Fact]
    public void The_ledger_says_what_was_shared_in_a_sentence_and_nothing_when_it_was_not_recorded()
    {
        Assert.Equal("You shared Giro •••• 1234 and Home Loan •••• 4484.", GrantedAccounts.Sentence(["Giro •••• 1234", "Home Loan •••• 4484"]));
        Assert.Equal("The bank sent no account or loan under this consent.", GrantedAccounts.Sentence([]));
        Assert.Null(GrantedAccounts.Sentence(null));
    }
}
