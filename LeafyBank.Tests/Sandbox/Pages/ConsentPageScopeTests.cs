using AngleSharp.Dom;
using LeafyBank.Sandbox.Storage;
using LeafyBank.Tests.Sandbox.Authorization;
using LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

namespace LeafyBank.Tests.Sandbox.Pages;

/// <summary>
/// The bank's consent page offers only what the consent asked for, and the data APIs serve only that: a consent for
/// loans and mortgages (the reference banks' <c>products</c>, UK Open Banking's <c>ReadProducts</c>) offers no deposit
/// account, one restricted to account types (Berlin Group <c>restrictedTo</c>) offers only accounts of those types, and
/// an account the consent cannot cover is never served even if a consent somehow lists it. The test accounts: an
/// everyday account (CACC), a savings account (SVGS) and a home loan (LOAN) per customer and bank.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class ConsentPageScopeTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private static readonly AngleSharp.Html.Parser.HtmlParser Html = new();

    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("greenbank", "GB")]
    [InlineData("mongodbbank", "MB")]
    [InlineData("thamesbank", "TB")]
    public async Task A_consent_for_loans_and_mortgages_only_offers_the_loan_and_no_deposit_account_and_says_only_that(string bankId, string initials)
    {
        var consentId = await host.CreateConsentAsync(bankId, [BankPermissions.Products]);
        var page = await OpenConsentPageAsync(bankId, consentId, [BankPermissions.Products]);

        Assert.Equal([$"{initials}-frida-L01"], SandboxTestHost.AccountCheckboxes(page.Source.Text));
        Assert.Null(page.QuerySelector("[data-testid=share-accounts]"));
        Assert.NotNull(page.QuerySelector("[data-testid=share-loans]"));
        Assert.Equal([BankPermissions.Products], page.QuerySelectorAll("[data-testid=permissions] li").Select(li => li.GetAttribute("data-permission")));
    }

    [Fact]
    public async Task A_products_consent_approved_with_a_deposit_account_slipped_into_the_form_shares_only_the_loan()
    {
        var consentId = await host.CreateConsentAsync("greenbank", [BankPermissions.Products]);
        var page = await OpenConsentPageAsync("greenbank", consentId, [BankPermissions.Products]);

        // A form edited by hand: the bank takes only what it offered.
        await new BankBrowser(host.Browser).DecideAsync(page.Source.Text, ("account", "GB-frida-L01"), ("account", "GB-frida-001"), ("decision", "approve"));

        Assert.Equal("GB-frida-L01", (await StoredConsentAsync(consentId)).AccountIds);
    }

    [Fact]
    public async Task A_Berlin_Group_consent_restrictedTo_LOAN_offers_only_the_loan_and_describes_only_loans_and_mortgages()
    {
        var donau = new BerlinGroupSandboxClient(host);
        var consentId = await donau.CreateConsentAsync(access: Restricted("LOAN"));
        var page = await OpenConsentPageAsync("donaubank", consentId);

        Assert.Equal(["DB-frida-L01"], SandboxTestHost.AccountCheckboxes(page.Source.Text));
        Assert.Null(page.QuerySelector("[data-testid=share-accounts]"));
        // Loans are LOAN accounts with balances in Berlin Group; to the customer that is what they owe, described once.
        Assert.Equal([BankPermissions.Products], page.QuerySelectorAll("[data-testid=permissions] li").Select(li => li.GetAttribute("data-permission")));
    }

    [Fact]
    public async Task A_Berlin_Group_consent_restrictedTo_SVGS_and_LOAN_offers_the_savings_account_and_the_loan_but_not_the_current_account()
    {
        var donau = new BerlinGroupSandboxClient(host);
        var consentId = await donau.CreateConsentAsync(access: Restricted("SVGS", "LOAN"));
        var page = await OpenConsentPageAsync("donaubank", consentId);

        Assert.Equal(["DB-frida-002", "DB-frida-L01"], SandboxTestHost.AccountCheckboxes(page.Source.Text));
        Assert.Equal([BankPermissions.Accounts, BankPermissions.Balances, BankPermissions.Transactions, BankPermissions.Products],
            page.QuerySelectorAll("[data-testid=permissions] li").Select(li => li.GetAttribute("data-permission")));
    }

    [Fact]
    public async Task An_account_of_a_type_the_consent_leaves_out_is_not_served_even_when_the_stored_consent_lists_it()
    {
        var donau = new BerlinGroupSandboxClient(host);
        var (consentId, tokens) = await donau.ConnectAsync(access: Restricted("LOAN"));
        // As a consent approved before the bank honoured restrictedTo would read: the current account among the shared ones.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
            (await db.Consents.FindAsync([consentId], Ct))!.AccountIds = "DB-frida-001 DB-frida-L01";
            await db.SaveChangesAsync(Ct);
        }

        using var served = await host.CallApiAsync("donaubank", tokens.AccessToken);

        var body = await served.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(served.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(["DB-frida-L01"], body.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
    }

    private static Dictionary<string, object> Restricted(params string[] types) => new()
    {
        ["accounts"] = Array.Empty<object>(),
        ["balances"] = Array.Empty<object>(),
        ["transactions"] = Array.Empty<object>(),
        ["restrictedTo"] = types,
    };

    /// <summary>The consent page as the customer sees it after signing in, pushed as Leafy Bank's client pushes it.</summary>
    private async Task<IDocument> OpenConsentPageAsync(string bankId, string consentId, string[]? access = null)
    {
        var (_, challenge) = SandboxTestHost.NewPkce();
        var pushed = await host.PushForConsentAsync(bankId, consentId, challenge, access);
        return Html.ParseDocument(await new BankBrowser(host.Browser).OpenConsentPageAsync(pushed.ToString()));
    }

    private async Task<LeafyBank.Sandbox.Consents.Consent> StoredConsentAsync(string consentId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Consents.FindAsync([consentId], Ct))!;
    }
}
