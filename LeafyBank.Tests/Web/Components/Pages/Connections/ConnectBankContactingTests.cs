namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// Continue on the review while Leafy Bank contacts the bank (a few seconds at a slow bank): the button keeps the keyboard
/// focus and says it is busy (aria-disabled, never disabled, which would drop the focus to the page's body), and a status
/// line that screen readers announce says what is happening. A second press asks nothing more.
/// </summary>
public sealed class ConnectBankContactingTests : PersonasTestContext
{
    private readonly HoldingDirectory directory = new(new FixedBankDirectory(GreenBank, ThamesBank));

    public ConnectBankContactingTests() => Banks = directory;

    [Fact]
    public void While_the_bank_is_contacted_Continue_stays_focusable_and_a_status_line_says_what_is_happening()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/connections/new?bank=greenbank");
        var cut = Render<ConnectBank>();
        cut.WaitForElement("[data-testid=continue]", TimeSpan.FromSeconds(10));
        // Present and silent before: a live region that appears together with its words is often not read out.
        var status = cut.Find("[data-testid=contacting-status]");
        Assert.Equal("status", status.GetAttribute("role"));
        Assert.Equal("", status.TextContent.Trim());
        var answer = directory.HoldNextLookUp();

        cut.Find("[data-testid=continue]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Contacting Green Bank…", cut.Find("[data-testid=continue]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        var proceed = cut.Find("[data-testid=continue]");
        Assert.False(proceed.HasAttribute("disabled"));
        Assert.Equal("true", proceed.GetAttribute("aria-disabled"));
        Assert.Equal("contacting-status", proceed.GetAttribute("aria-describedby"));
        Assert.Equal("Contacting Green Bank. This can take a few seconds; then Green Bank's sign-in page opens.",
            cut.Find("[data-testid=contacting-status]").TextContent.Trim());

        // Pressed again meanwhile (it can be: it keeps the focus): the bank is not asked twice.
        cut.Find("[data-testid=continue]").Click();
        Assert.Equal(1, directory.LookUps);

        answer.SetException(new BankNotFoundException("greenbank"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=connect-error]")), TimeSpan.FromSeconds(10));
        proceed = cut.Find("[data-testid=continue]");
        Assert.Equal("Continue to Green Bank", proceed.TextContent.Trim());
        Assert.False(proceed.HasAttribute("aria-disabled"));
        Assert.Equal("", cut.Find("[data-testid=contacting-status]").TextContent.Trim());
    }

    /// <summary>The bank directory, holding the next bank look-up (where starting a connection begins) until the test answers it.</summary>
    private sealed class HoldingDirectory(IBankDirectory inner) : IBankDirectory
    {
        private TaskCompletionSource<BankDirectoryEntry>? held;

        public int LookUps { get; private set; }

        public TaskCompletionSource<BankDirectoryEntry> HoldNextLookUp() =>
            held = new TaskCompletionSource<BankDirectoryEntry>(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public Task<BankDirectoryEntry> GetAsync(string bankId, CancellationToken cancellationToken = default)
        {
            LookUps++;
            if (held is { } answer)
            {
                held = null;
                return answer.Task;
            }
            return inner.GetAsync(bankId, cancellationToken);
        }
    }
}
