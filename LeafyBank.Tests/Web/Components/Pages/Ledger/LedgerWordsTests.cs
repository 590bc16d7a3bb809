using LeafyBank.Core.Ledger;
using LeafyBank.Web.Components.Pages.Ledger;

namespace LeafyBank.Tests.Web.Components.Pages.Ledger;

/// <summary>A renewal's heading agrees with its details: it says it renewed, and what changed in what is shared.</summary>
public sealed class LedgerWordsTests
{
    private static readonly DateTime At = TestTime.Frozen().GetUtcNow().UtcDateTime;

    private static LedgerRow Renewal(SharingChange? change) => new(At, AuditKinds.ConsentRenewed, "greenbank", "Green Bank", "c-2", LedgerOutcomes.Succeeded,
        "Changed what Green Bank shares: the consent ending on 18 Feb 2027 is replaced by one for your accounts and balances valid until 23 Feb 2027, adding balances.",
        Change: change);

    [Fact]
    public void A_renewal_that_added_a_kind_of_data_and_dropped_an_account_says_it_renewed_and_both_changes()
    {
        var row = Renewal(new SharingChange([], ["Instant Saver •••• 9907"], [ConsentPermissions.Balances], []));

        Assert.Equal("Renewed, and sharing changed: now also shares balances; no longer shares Instant Saver •••• 9907", LedgerWords.Event(row));
    }

    [Fact]
    public void A_renewal_that_changed_nothing_or_cannot_be_compared_is_a_plain_renewal()
    {
        Assert.Equal("Consent renewed", LedgerWords.Event(Renewal(new SharingChange([], [], [], []))));
        Assert.Equal("Consent renewed", LedgerWords.Event(Renewal(null)));
    }

    [Fact]
    public void Removing_one_unshared_accounts_data_is_named_apart_from_deleting_a_banks_data()
    {
        Assert.Equal("Account data removed", LedgerWords.Event(AuditKinds.UnsharedDataRemoved));
        Assert.Equal("Bank data deleted", LedgerWords.Event(AuditKinds.DataDeleted));
    }
}
