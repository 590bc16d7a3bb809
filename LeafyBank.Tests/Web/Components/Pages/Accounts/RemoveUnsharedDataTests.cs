using LeafyBank.Web.Components.Pages.Accounts;
using MudBlazor;
using AccountsPage = LeafyBank.Web.Components.Pages.Accounts.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// On the page of an account or loan the customer unticked at a bank that is still connected: a clear choice to remove its
/// data from Leafy Bank, asked first in words that say what goes and that the bank keeps the account; after it the account,
/// its transactions and its place in the totals are gone, and the customer is back on the accounts list. An account the bank
/// still shares offers no such choice, and one shared again by the time the customer confirms is kept, with the reason.
/// </summary>
public sealed class RemoveUnsharedDataTests : PersonasTestContext
{
    private async Task<(ExternalAccount Saver, ExternalProduct Loan, ExternalAccount Current)> GreenBankWithTheSaverAndLoanUntickedAsync()
    {
        var current = Account(Frida, "Green Bank", "204515800", AccountTypes.Checking, 300m, "USD", name: "Green Current");
        await AddAsync(current);
        var saver = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 16_078.89m, "USD", name: "Green Bank Savings");
        saver.Source!.RetrievedAt = Now.AddDays(-3);
        saver.NoLongerSharedSince = Now.AddDays(-3).AddHours(1);
        await AddAsync(saver);
        var loan = Loan(Frida, "Green Bank", "GB-LOAN-1", ProductTypes.Loan, 4_000m, "USD", 6.5m, 48, new DateOnly(2025, 1, 10), name: "Green Car Loan");
        loan.NoLongerSharedSince = Now.AddDays(-3).AddHours(1);
        await AddAsync(loan);
        await AddAsync(TestDocuments.Transaction(Frida.UserId, "tx-saver-1", Now.AddDays(-5), 25m, "Green Bank", "204515807", currency: "USD", description: "Interest"));
        await AddAsync(TestDocuments.Transaction(Frida.UserId, "tx-saver-2", Now.AddDays(-6), -40m, "Green Bank", "204515807", currency: "USD", description: "Transfer"));
        await AddAsync(TestDocuments.Transaction(Frida.UserId, "tx-current-1", Now.AddDays(-1), -12.5m, "Green Bank", "204515800", currency: "USD", description: "Coffee"));
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-3), Now.AddDays(150), statusChangedAt: Now.AddDays(-3));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-1), lastAttemptAt: Now.AddMinutes(-1), lastError: null);
        return (saver, loan, current);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderWithDialogs<TPage>(string? reference = null) where TPage : IComponent =>
        RenderWithProviders<TPage>(reference is null ? null : new Dictionary<string, object?> { [nameof(AccountPage.Reference)] = reference });

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> OpenPage(ObjectId reference)
    {
        var cut = RenderWithDialogs<AccountPage>(reference.ToString());
        cut.WaitForElement("[data-testid=account-balance]", TimeSpan.FromSeconds(10));
        return cut;
    }

    private async Task<IReadOnlyList<string>> TransactionIdsAsync() =>
        [.. (await Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(Frida.UserId, cancellationToken: Cancel)).Select(t => t.TransactionId).Order(StringComparer.Ordinal)];

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string testId) =>
        cut.Find($".mud-dialog [data-testid={testId}]");

    [Fact]
    public async Task An_unticked_accounts_page_asks_in_plain_words_then_removes_the_account_and_its_transactions_and_goes_back_to_the_list()
    {
        var (saver, _, _) = await GreenBankWithTheSaverAndLoanUntickedAsync();
        var cut = OpenPage(saver.Id);

        var offer = cut.Find("[data-testid=unshared-removal]");
        Assert.Contains("You no longer share this account with Leafy Bank.", offer.TextContent, StringComparison.Ordinal);
        Assert.Contains("Removing it here changes nothing at Green Bank.", offer.TextContent, StringComparison.Ordinal);
        var button = cut.Find("[data-testid=remove-unshared]");
        Assert.Equal("Remove this account's data", button.TextContent.Trim());

        // Not awaited: the handler waits for the customer's answer in the dialog.
        button.Click();
        cut.WaitForElement("[data-testid=remove-unshared-dialog]", TimeSpan.FromSeconds(10));
        var words = cut.Find(".mud-dialog").TextContent;
        Assert.Contains("Remove Green Bank Savings ••••\u00A05807 from Leafy Bank?", words, StringComparison.Ordinal);
        Assert.Contains("its balance and 2 transactions", cut.Find("[data-testid=remove-unshared-what]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Your account at Green Bank stays as it is: this changes nothing at Green Bank.", cut.Find("[data-testid=remove-unshared-bank]").TextContent, StringComparison.Ordinal);
        Assert.Contains("This cannot be undone.", words, StringComparison.Ordinal);
        // Permanent, so it looks it; Cancel does not.
        Assert.Contains("mud-button-filled-error", DialogButton(cut, "confirm-remove-unshared").ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-button-filled", DialogButton(cut, "remove-unshared-cancel").ClassName, StringComparison.Ordinal);
        DialogButton(cut, "confirm-remove-unshared").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/accounts", navigation.Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, a => a.AccountId == "204515807", Cancel));
        Assert.Equal(["tx-current-1"], await TransactionIdsAsync());
        Assert.Contains(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.UnsharedDataRemoved && e.Detail == "Removed the data of Green Bank Savings ••••\u00A05807 (no longer shared by Green Bank): the account and 2 transactions.");
        cut.WaitForAssertion(() => Assert.Contains("The data of Green Bank Savings ••••\u00A05807 was removed from Leafy Bank. Green Bank keeps the account.",
            cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task After_the_removal_the_accounts_list_and_its_totals_no_longer_include_the_account()
    {
        var (saver, _, _) = await GreenBankWithTheSaverAndLoanUntickedAsync();
        var before = Render<AccountsPage>();
        before.WaitForElement("[data-testid=institution][data-bank='Green Bank']", TimeSpan.FromSeconds(10));
        var totalBefore = (await PositionService.GetAsync(PositionService.LastUser!, Cancel)).TotalBalance;
        Assert.Equal("16,378.89 USD", before.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=institution-balance]").TextContent.Trim());
        var cut = OpenPage(saver.Id);
        cut.Find("[data-testid=remove-unshared]").Click();
        cut.WaitForElement("[data-testid=confirm-remove-unshared]", TimeSpan.FromSeconds(10)).Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/accounts", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var list = Render<AccountsPage>();

        list.WaitForElement("[data-testid=institution][data-bank='Green Bank']", TimeSpan.FromSeconds(10));
        Assert.Empty(list.FindAll("[data-testid=account-row][data-id='204515807']"));
        Assert.Single(list.FindAll("[data-testid=account-row][data-id='204515800']"));
        Assert.Equal("300.00 USD", list.Find("[data-testid=institution][data-bank='Green Bank'] [data-testid=institution-balance]").TextContent.Trim());
        var totalAfter = (await PositionService.GetAsync(PositionService.LastUser!, Cancel)).TotalBalance;
        Assert.Equal(16_078.89m, totalBefore - totalAfter);
        Assert.Contains(DashboardFormat.Money(totalAfter, "USD"), list.Find("[data-testid=accounts-total-balance]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_keeps_everything()
    {
        var (saver, _, _) = await GreenBankWithTheSaverAndLoanUntickedAsync();
        var cut = OpenPage(saver.Id);

        cut.Find("[data-testid=remove-unshared]").Click();
        cut.WaitForElement("[data-testid=remove-unshared-cancel]", TimeSpan.FromSeconds(10)).Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=remove-unshared-dialog]")), TimeSpan.FromSeconds(10));
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, a => a.AccountId == "204515807", Cancel));
        Assert.Equal(3, (await TransactionIdsAsync()).Count);
        Assert.DoesNotContain(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Frida.UserId, cancellationToken: Cancel), e => e.Kind is AuditKinds.DataDeleted or AuditKinds.UnsharedDataRemoved);
        Assert.NotNull(cut.Find("[data-testid=remove-unshared]"));
    }

    [Fact]
    public async Task An_unticked_loans_page_asks_about_the_loan_and_removes_only_it()
    {
        var (_, loan, _) = await GreenBankWithTheSaverAndLoanUntickedAsync();
        var cut = OpenPage(loan.Id);

        Assert.Equal("Remove this loan's data", cut.Find("[data-testid=remove-unshared]").TextContent.Trim());
        cut.Find("[data-testid=remove-unshared]").Click();
        cut.WaitForElement("[data-testid=remove-unshared-dialog]", TimeSpan.FromSeconds(10));
        Assert.Contains("its outstanding amount, interest rate and terms", cut.Find("[data-testid=remove-unshared-what]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Your loan at Green Bank stays as it is", cut.Find("[data-testid=remove-unshared-bank]").TextContent, StringComparison.Ordinal);
        DialogButton(cut, "confirm-remove-unshared").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/accounts", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(2, (await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel)).Count);
        Assert.Equal(3, (await TransactionIdsAsync()).Count);
    }

    [Fact]
    public async Task An_account_the_bank_still_shares_offers_no_removal()
    {
        var (_, _, current) = await GreenBankWithTheSaverAndLoanUntickedAsync();

        var cut = OpenPage(current.Id);

        Assert.Empty(cut.FindAll("[data-testid=unshared-removal]"));
        Assert.Empty(cut.FindAll("[data-testid=remove-unshared]"));
    }

    [Fact]
    public async Task An_account_shared_again_before_the_customer_confirms_is_kept_and_the_page_says_why()
    {
        var (saver, _, _) = await GreenBankWithTheSaverAndLoanUntickedAsync();
        var cut = OpenPage(saver.Id);
        cut.Find("[data-testid=remove-unshared]").Click();
        cut.WaitForElement("[data-testid=remove-unshared-dialog]", TimeSpan.FromSeconds(10));

        // Meanwhile the customer ticked it again at the bank and an update read it.
        saver.NoLongerSharedSince = null;
        await Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(saver, Cancel);
        DialogButton(cut, "confirm-remove-unshared").Click();

        cut.WaitForAssertion(() => Assert.Contains("Green Bank still shares Green Bank Savings ••••\u00A05807 with Leafy Bank, so its data was kept",
            cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=remove-unshared]")), TimeSpan.FromSeconds(10));
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, a => a.AccountId == "204515807", Cancel));
        Assert.Equal(3, (await TransactionIdsAsync()).Count);
    }
}
