namespace LeafyBank.Tests.Core.Banking;

public sealed class CountWordsTests
{
    [Fact]
    public void Counts_say_one_or_many()
    {
        Assert.Equal("1 account", CountWords.Count(1, "account"));
        Assert.Equal("0 accounts", CountWords.Count(0, "account"));
    }

    [Fact]
    public void Loans_and_mortgages_are_counted_with_or_so_a_list_has_one_and()
    {
        Assert.Equal("1 loan or mortgage", CountWords.LoansOrMortgages(1));
        Assert.Equal("2 loans or mortgages", CountWords.LoansOrMortgages(2));
        Assert.Equal("4 accounts, 2 loans or mortgages and 9 transactions",
            CountWords.List([CountWords.Count(4, "account"), CountWords.LoansOrMortgages(2), CountWords.Count(9, "transaction")]));
    }

    [Fact]
    public void Names_are_listed_as_a_sentence_lists_them()
    {
        Assert.Equal("", CountWords.List([]));
        Assert.Equal("Green Bank", CountWords.List(["Green Bank"]));
        Assert.Equal("Green Bank and Thames Bank", CountWords.List(["Green Bank", "Thames Bank"]));
        Assert.Equal("Donau Bank, Green Bank and Thames Bank", CountWords.List(["Donau Bank", "Green Bank", "Thames Bank"]));
    }
}
