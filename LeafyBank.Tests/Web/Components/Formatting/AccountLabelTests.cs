using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Formatting;

/// <summary>An account is named the same way on every page: the bank's name for it and the last four characters of its number.</summary>
public sealed class AccountLabelTests
{
    private static ExternalAccount Giro(string? name, string? identification, string id = "5367b38d-0021") => new()
    {
        AccountId = id,
        AccountBank = "Donau Bank",
        AccountType = AccountTypes.Checking,
        AccountCurrency = "EUR",
        AccountName = name,
        AccountIdentification = identification,
    };

    [Fact]
    public void A_named_account_reads_as_its_name_and_the_end_of_its_number_held_together()
    {
        Assert.Equal("Girokonto ••••\u00A03000", AccountWords.Label(Giro("Girokonto", "DE89 3704 0044 0532 0130 00")));
    }

    [Fact]
    public void An_account_without_a_name_or_number_reads_as_its_type_and_the_end_of_the_banks_id_in_capitals()
    {
        Assert.Equal("Current account ••••\u00A0ACC1", AccountWords.Label(Giro(null, "  ", id: "green-acc1")));
        Assert.Equal("Mortgage ••••\u00A07120", AccountWords.Label(new ExternalProduct { ProductId = "m-7120", ProductType = ProductTypes.Mortgage }));
    }

    [Fact]
    public void An_account_row_on_the_accounts_pages_carries_the_same_label()
    {
        var account = Giro("Girokonto", "DE89 3704 0044 0532 0130 00");
        var row = new AccountRow("Donau Bank", false, false, account.AccountId, "6740f0c2a1b2c3d4e5f60718", AccountWords.Name(account), AccountWords.Masked(AccountWords.Number(account)),
            "Current account", "Active", true, 10m, "EUR", 10m, null, null, null, null);

        Assert.Equal(AccountWords.Label(account), row.Label);
    }
}
