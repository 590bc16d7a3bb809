namespace LeafyBank.Tests.Core.Banking.Sync;

public sealed class SharedCountWordsTests
{
    private static readonly string[] Everything =
        [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products];

    [Fact]
    public void Several_loans_in_a_count_leave_the_list_one_and()
    {
        Assert.Equal("3 accounts, 2 loans or mortgages and 184 transactions", SharedCountWords.Sentence(Everything, 3, 2, 184));
    }

    [Fact]
    public void What_the_consent_leaves_out_is_named_after_the_counts()
    {
        Assert.Equal("1 account and 1 loan or mortgage; transactions are not shared",
            SharedCountWords.Sentence([ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Products], 1, 1, 0));
    }

    [Fact]
    public void A_kind_the_bank_sent_none_of_is_said_in_words_not_counted_as_0()
    {
        // Every loan unticked at the bank (or none held there), though the consent shares them.
        Assert.Equal("1 account and 198 transactions; no loans or mortgages were shared", SharedCountWords.Sentence(Everything, 1, 0, 198));
    }

    [Fact]
    public void None_sent_comes_before_what_the_consent_leaves_out()
    {
        Assert.Equal("1 account and 5 transactions; no loans or mortgages were shared, and balances are not shared",
            SharedCountWords.Sentence([ConsentPermissions.Accounts, ConsentPermissions.Transactions, ConsentPermissions.Products], 1, 0, 5));
    }

    [Fact]
    public void Only_a_loan_shared_counts_the_loan_and_says_no_accounts_or_transactions()
    {
        Assert.Equal("1 loan or mortgage; no accounts and no transactions were shared", SharedCountWords.Sentence(Everything, 0, 1, 0));
    }

    [Fact]
    public void Nothing_sent_is_said_without_a_count()
    {
        var (counted, rest) = SharedCountWords.Of(Everything, 0, 0, 0, "recent transaction");
        Assert.Equal("", counted);
        Assert.Equal("no accounts, no loans or mortgages and no recent transactions were shared", rest);
        Assert.Equal(rest, SharedCountWords.Sentence(Everything, 0, 0, 0, "recent transaction"));
    }
}
