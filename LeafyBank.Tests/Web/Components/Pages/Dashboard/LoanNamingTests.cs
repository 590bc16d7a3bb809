namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard's loans are named as the accounts and connections pages name them: the bank's own name for the loan
/// (<see cref="AccountWords.Name(string?, string)"/>), else its type in words, with the bank it is at.
/// </summary>
public sealed class LoanNamingTests : MudTestContext
{
    private static LoanPosition Loan(string id, string bank, string type, string? productName) =>
        new(id, bank, type, "EUR", 9000m, 9765m, 4.5m, 60, new DateOnly(2024, 3, 1), 180m, new DateOnly(2029, 3, 1), 0.5m, null, null, [])
        {
            ProductName = productName,
        };

    private IRenderedComponent<LoansTable> RenderLoans(params LoanPosition[] loans) =>
        Render<LoansTable>(p => p.Add(t => t.Position, Positions.LeafyOnly() with { Loans = loans }));

    private static string Title(IRenderedComponent<LoansTable> cut, string id) =>
        string.Join(' ', cut.Find($"[data-testid=loan-{id}] .debt-name").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void A_loan_the_bank_names_is_shown_by_that_name_at_its_bank_with_its_type_in_words_beside_it()
    {
        var cut = RenderLoans(Loan("DE-1", "Donau Bank", ProductTypes.Loan, "Privatkredit"), Loan("DE-2", "Donau Bank", ProductTypes.Mortgage, " Wohnbaukredit "));

        Assert.Equal("Privatkredit at Donau Bank", Title(cut, "DE-1"));
        Assert.Equal("Privatkredit", cut.Find("[data-testid=loan-DE-1] [data-testid=loan-name]").TextContent);
        Assert.Equal("Loan", cut.Find("[data-testid=loan-DE-1] [data-testid=loan-type]").TextContent.Trim());
        // The bank's name trimmed, as the accounts page shows it.
        Assert.Equal("Wohnbaukredit at Donau Bank", Title(cut, "DE-2"));
        Assert.Equal("Mortgage", cut.Find("[data-testid=loan-DE-2] [data-testid=loan-type]").TextContent.Trim());
    }

    [Fact]
    public void A_loan_without_a_name_is_its_type_in_words_and_a_name_that_says_its_type_is_not_followed_by_it()
    {
        var cut = RenderLoans(Loan("G-1", "Green Bank", ProductTypes.Loan, null), Loan("T-1", "Thames Bank", ProductTypes.Mortgage, "Fixed Rate Mortgage"),
            Loan("M-1", "MongoDB Bank", ProductTypes.Mortgage, "  "));

        Assert.Equal("Loan at Green Bank", Title(cut, "G-1"));
        Assert.Equal("Fixed Rate Mortgage at Thames Bank", Title(cut, "T-1"));
        Assert.Equal("Mortgage at MongoDB Bank", Title(cut, "M-1"));
        Assert.Empty(cut.FindAll("[data-testid=loan-type]"));
    }

    [Fact]
    public void A_name_that_already_says_the_bank_is_not_followed_by_it_again()
    {
        var cut = RenderLoans(Loan("G-2", "Green Bank", ProductTypes.Loan, "Green Bank Personal Loan"));

        Assert.Equal("Green Bank Personal Loan", Title(cut, "G-2"));
    }

    [Fact]
    public void The_dashboard_names_a_loan_as_the_accounts_page_does()
    {
        var product = new ExternalProduct { ProductId = "DE-1", ProductBank = "Donau Bank", ProductType = ProductTypes.Loan, ProductName = "Privatkredit" };
        var loan = Loan("DE-1", "Donau Bank", ProductTypes.Loan, product.ProductName);

        Assert.Equal(AccountWords.Name(product), loan.Name);
        Assert.Equal(AccountWords.Name(product), RenderLoans(loan).Find("[data-testid=loan-name]").TextContent);
    }
}
