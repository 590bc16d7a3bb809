namespace LeafyBank.Tests.Core.Banking;

public sealed class CountWordsTests
{
    [Fact]
    public void Counts_say_one_or_many()
    {
        Assert.Equal("1 account", CountWords.Count(1, "account"));
        Assert.Equal("0 accounts", CountWords.Count(0, "account"));
        Assert.Equal("2 loans and mortgages", CountWords.Count(2, "loan or mortgage", "loans and mortgages"));
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
