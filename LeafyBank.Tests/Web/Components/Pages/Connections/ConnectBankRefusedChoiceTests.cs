namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// Continue on the review when Leafy Bank itself refuses the choice (<c>ConnectionService.StartAsync</c>'s
/// <see cref="ArgumentException"/>): the customer reads what to do next beside the button, not the error page, and nothing
/// is asked of the bank or stored.
/// </summary>
public sealed class ConnectBankRefusedChoiceTests : PersonasTestContext
{
    private readonly RefusingDirectory directory = new(new FixedBankDirectory(GreenBank, ThamesBank));

    public ConnectBankRefusedChoiceTests() => Banks = directory;

    [Fact]
    public async Task A_choice_Leafy_Bank_refuses_is_said_beside_Continue_with_what_to_do_and_nothing_is_asked_or_stored()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/connections/new?bank=greenbank&data=accounts,balances&days=90");
        var cut = Render<ConnectBank>();
        var proceed = cut.WaitForElement("[data-testid=continue]", TimeSpan.FromSeconds(10));
        var before = Services.GetRequiredService<NavigationManager>().Uri;
        // The review offers only what Core accepts today, so no address reaches one of Core's refusals: this stands in for a rule
        // the review does not know (yet), thrown as Core throws its own, before the bank is asked.
        directory.RefuseNextLookUp = new ArgumentOutOfRangeException("request", "A consent lasts between 1 and 180 days.");

        proceed.Click();

        var error = cut.WaitForElement("[data-testid=connect-error]", TimeSpan.FromSeconds(10));
        Assert.Equal("Leafy Bank cannot ask Green Bank for this choice, so Green Bank was not contacted. " +
                     "Check what you share and for how long above, then choose Continue again.", error.TextContent.Trim());
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
        Assert.Equal(before, Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(FridaId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(FridaId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(FridaId, cancellationToken: Cancel));
    }

    /// <summary>The bank directory, refusing the next bank look-up with the exception a test arms it with.</summary>
    private sealed class RefusingDirectory(IBankDirectory inner) : IBankDirectory
    {
        public Exception? RefuseNextLookUp { get; set; }

        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public Task<BankDirectoryEntry> GetAsync(string bankId, CancellationToken cancellationToken = default)
        {
            if (RefuseNextLookUp is { } refusal)
            {
                RefuseNextLookUp = null;
                return Task.FromException<BankDirectoryEntry>(refusal);
            }
            return inner.GetAsync(bankId, cancellationToken);
        }
    }
}
