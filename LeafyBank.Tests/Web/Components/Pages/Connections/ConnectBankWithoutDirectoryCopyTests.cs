namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// The connect page before the bank directory has ever answered: it renders its loading state
/// without waiting, gives the directory <see cref="ConnectionService.InteractiveBankBudget"/>,
/// then says so in one sentence with a way to try again.
/// </summary>
public sealed class ConnectBankWithoutDirectoryCopyTests : PersonasTestContext
{
    private readonly SilentDirectory directory = new();

    public ConnectBankWithoutDirectoryCopyTests() => Services.AddSingleton<IBankDirectory>(directory);

    /// <summary>A directory that has no copy and answers only when the test says so.</summary>
    private sealed class SilentDirectory : IBankDirectory
    {
        private TaskCompletionSource<IReadOnlyList<BankDirectoryEntry>> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) => answer.Task.WaitAsync(cancellationToken);

        public void Answer(params BankDirectoryEntry[] banks) => answer.TrySetResult(banks);
    }

    [Fact]
    public void The_page_renders_its_loading_state_at_once_and_a_silent_directory_becomes_a_sentence_with_a_way_to_try_again()
    {
        var cut = Render<ConnectBank>();

        Assert.NotNull(cut.Find("[data-testid=banks-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=connect-error]"));

        Clock.Advance(ConnectionService.InteractiveBankBudget);

        cut.WaitForAssertion(() => Assert.Equal(BankTroubleWords.DirectoryUnavailable, cut.Find("[data-testid=connect-error]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=banks-loading]"));

        directory.Answer(GreenBank, ThamesBank);
        cut.Find("[data-testid=retry-banks]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=choose-thamesbank]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=connect-error]"));
    }

    [Fact]
    public void A_directory_that_answers_late_but_within_the_budget_fills_the_list()
    {
        var cut = Render<ConnectBank>();
        Assert.NotNull(cut.Find("[data-testid=banks-loading]"));

        Clock.Advance(ConnectionService.InteractiveBankBudget - TimeSpan.FromSeconds(1));
        directory.Answer(GreenBank);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=choose-greenbank]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=connect-error]"));
    }
}
