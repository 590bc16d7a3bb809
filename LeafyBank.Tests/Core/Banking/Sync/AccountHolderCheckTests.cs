namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>Whose accounts these are: the holder's name against the customer's, as people write names.</summary>
public sealed class AccountHolderCheckTests
{
    [Theory]
    [InlineData("Frida Kahlo")]
    [InlineData("FRIDA KAHLO")]
    [InlineData("  frida   kahlo ")]
    [InlineData("Fridá Káhlo")]
    [InlineData("Kahlo, Frida")]
    [InlineData("Ms Frida Kahlo")]
    [InlineData("Frida Kahlo & Diego Rivera")]
    [InlineData("Diego Rivera and Frida Kahlo")]
    [InlineData("DIEGO RIVERA AND FRIDA KAHLO")]
    [InlineData("Diego Rivera; Frida Kahlo")]
    public void The_customers_own_name_written_any_way_is_their_account(string holder) =>
        Assert.True(AccountHolderCheck.IsHeldBy(holder, "Frida Kahlo"));

    [Theory]
    [InlineData("Grace Hopper")]
    [InlineData("Frida")]
    [InlineData("Kahlo")]
    [InlineData("Frida Rivera & Diego Kahlo")]
    [InlineData("Diego Rivera")]
    [InlineData("Frida Kahlos")]
    public void Someone_elses_name_or_only_part_of_the_customers_is_not_their_account(string holder) =>
        Assert.False(AccountHolderCheck.IsHeldBy(holder, "Frida Kahlo"));

    [Fact]
    public void An_accented_customer_name_matches_the_bank_writing_it_without_accents() =>
        Assert.True(AccountHolderCheck.IsHeldBy("Jose Garcia Marquez", "José García"));
}
