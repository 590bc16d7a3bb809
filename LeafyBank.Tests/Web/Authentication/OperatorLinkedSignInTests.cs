namespace LeafyBank.Tests.Web.Authentication;

/// <summary>
/// Where first sign-ins are not linked by user name (a real provider's default), a customer gets in
/// only once an operator has linked their identity, as the refused sign-in's log line tells them how.
/// </summary>
public sealed class OperatorLinkedSignInTests(OperatorLinkedSignInTests.NoUserNameLinkingFactory factory)
    : IClassFixture<OperatorLinkedSignInTests.NoUserNameLinkingFactory>
{
    public sealed class NoUserNameLinkingFactory() : LeafyBankWebFactory(new Dictionary<string, string>
    {
        [SignInSettings.LinkByUserNameKey] = "false",
        [BankingServiceExtensions.SyncEnabledKey] = "false",
    });

    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_whose_identity_no_operator_linked_is_not_let_in_by_user_name_until_link_identity_links_it()
    {
        using var first = new SignInDriver(factory);
        var landing = await first.SignInAsync("gracehop");
        var refused = await first.App.GetStringAsync(landing, Cancellation);

        // The user name matches a customer, but it links nothing here: the page says so, and the log names the identity to link.
        Assert.Contains("data-testid=\"unknown-customer\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Welcome,", refused, StringComparison.Ordinal);
        var line = Assert.Single(factory.Logs.Lines, l => l.Line.Contains("is not linked to a Leafy Bank customer", StringComparison.Ordinal)).Line;
        var match = Regex.Match(line, @"A sign-in at (?<issuer>\S+) \(subject (?<subject>[^)]+)\)");
        Assert.True(match.Success, line);

        using var output = new StringWriter();
        using var error = new StringWriter();
        var linked = await CommandLine.RunAsync(["link-identity", "gracehop", match.Groups["issuer"].Value, match.Groups["subject"].Value],
            factory.Services, output, error, Cancellation);
        Assert.True(linked == CommandLine.Succeeded, error.ToString());

        using var second = new SignInDriver(factory);
        var welcome = await second.App.GetStringAsync(await second.SignInAsync("gracehop"), Cancellation);
        Assert.Contains("Welcome, Grace Hopper", welcome, StringComparison.Ordinal);
    }
}
