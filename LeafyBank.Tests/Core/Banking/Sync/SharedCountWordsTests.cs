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
}
