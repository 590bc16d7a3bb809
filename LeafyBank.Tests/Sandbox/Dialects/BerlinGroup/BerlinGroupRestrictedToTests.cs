namespace LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// Berlin Group NextGenPSD2 1.3.12 <c>access.restrictedTo</c> at Donau Bank, as <c>bg-psd2-1.3.12.json</c>
/// (<c>components/schemas/accountAccess/properties/restrictedTo</c>) describes it: with a bank-offered consent (empty
/// arrays), <c>availableAccounts</c> or <c>allPsd2</c>, the third party "may include this element to restrict access to
/// the referred account types" (<c>cashAccountType</c> codes); without it, "access to accounts of all types is
/// requested". The customer's books at Donau Bank: a current account (CACC), a savings account (SVGS), loans (LOAN);
/// Grace also keeps a dollar current account.
/// </summary>
public sealed class BerlinGroupRestrictedToTests : IAsyncLifetime
{
    private SandboxTestHost host = null!;
    private BerlinGroupSandboxClient donau = null!;

    public async ValueTask InitializeAsync()
    {
        host = await SandboxTestHost.StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DialectTestHost.Start), withBankBooks: true);
        donau = new BerlinGroupSandboxClient(host);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private SandboxCustomerData Books(string customer) =>
        host.Services.GetRequiredService<SandboxBankData>().Customer(SandboxBankCatalog.Find("donaubank")!, customer)!;

    [Fact]
    public async Task A_consent_restrictedTo_LOAN_lists_and_reads_only_the_loans_and_not_the_current_or_savings_account()
    {
        var frida = Books("frida");
        var (consentId, tokens) = await donau.ConnectAsync(access: BankOffered(restrictedTo: ["LOAN"]));

        var list = await donau.ReadAsync("accounts?withBalance=true", tokens.AccessToken, consentId);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(frida.Products.Select(p => p.Id).Order(), ResourceIds(list).Order());
        Assert.All(list.Body.GetProperty("accounts").EnumerateArray(), a => Assert.Equal("LOAN", a.GetProperty("cashAccountType").GetString()));

        foreach (var deposit in frida.Accounts)
        {
            (await donau.ReadAsync($"accounts/{deposit.Id}", tokens.AccessToken, consentId)).AssertBerlinGroupError(HttpStatusCode.NotFound, "RESOURCE_UNKNOWN");
            (await donau.ReadAsync($"accounts/{deposit.Id}/balances", tokens.AccessToken, consentId)).AssertBerlinGroupError(HttpStatusCode.NotFound, "RESOURCE_UNKNOWN");
            (await donau.ReadAsync($"accounts/{deposit.Id}/transactions?bookingStatus=both", tokens.AccessToken, consentId))
                .AssertBerlinGroupError(HttpStatusCode.NotFound, "RESOURCE_UNKNOWN");
        }
        Assert.Equal(HttpStatusCode.OK, (await donau.ReadAsync($"accounts/{frida.Products[0].Id}/balances", tokens.AccessToken, consentId)).Status);
    }

    [Fact]
    public async Task An_allPsd2_consent_restrictedTo_SVGS_shares_the_savings_account_with_its_balances_and_transactions_and_nothing_else()
    {
        var frida = Books("frida");
        var savings = frida.Accounts.Single(a => a.Kind == SandboxAccountKind.Savings);
        var (consentId, tokens) = await donau.ConnectAsync(access: new Dictionary<string, object> { ["allPsd2"] = "allAccounts", ["restrictedTo"] = new[] { "SVGS" } });

        var list = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);
        var balances = await donau.ReadAsync($"accounts/{savings.Id}/balances", tokens.AccessToken, consentId);
        var transactions = await donau.ReadAsync($"accounts/{savings.Id}/transactions?bookingStatus=both", tokens.AccessToken, consentId);

        Assert.Equal([savings.Id], ResourceIds(list));
        Assert.Equal("SVGS", list.Body.GetProperty("accounts")[0].GetProperty("cashAccountType").GetString());
        Assert.Equal(HttpStatusCode.OK, balances.Status);
        Assert.Equal(HttpStatusCode.OK, transactions.Status);
        (await donau.ReadAsync($"accounts/{frida.Products[0].Id}", tokens.AccessToken, consentId)).AssertBerlinGroupError(HttpStatusCode.NotFound, "RESOURCE_UNKNOWN");
    }

    [Fact]
    public async Task An_availableAccounts_consent_restrictedTo_CACC_lists_both_of_Graces_current_accounts_without_balances_and_nothing_else()
    {
        var grace = Books("grace");
        var consentId = await donau.CreateConsentAsync(access: new Dictionary<string, object> { ["availableAccounts"] = "allAccounts", ["restrictedTo"] = new[] { "CACC" } });
        var tokens = await host.ApproveAsync("donaubank", consentId, customer: "grace");

        var list = await donau.ReadAsync("accounts?withBalance=true", tokens.AccessToken, consentId);

        var current = grace.Accounts.Where(a => a.Kind == SandboxAccountKind.Checking).Select(a => a.Id).ToList();
        Assert.Equal(2, current.Count);
        Assert.Equal(current.Order(), ResourceIds(list).Order());
        Assert.All(list.Body.GetProperty("accounts").EnumerateArray(), a => Assert.False(a.TryGetProperty("balances", out _)));
    }

    [Fact]
    public async Task Without_restrictedTo_every_type_is_shared_current_savings_and_loans()
    {
        var frida = Books("frida");
        var (consentId, tokens) = await donau.ConnectAsync(access: BankOffered(restrictedTo: null));

        var list = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);

        Assert.Equal(frida.Accounts.Select(a => a.Id).Concat(frida.Products.Select(p => p.Id)).Order(), ResourceIds(list).Order());
    }

    [Fact]
    public async Task My_consents_at_the_bank_describes_a_consent_restrictedTo_LOAN_as_loans_and_mortgages_and_names_only_the_loans()
    {
        var frida = Books("frida");
        await donau.ConnectAsync(access: BankOffered(restrictedTo: ["LOAN"]));

        // The customer's own page at the bank, in the browser that just approved (signed in there).
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            await host.Browser.GetStringAsync("/sandbox/donaubank/my-consents", Xunit.TestContext.Current.CancellationToken));

        var consent = Assert.Single(page.QuerySelectorAll("[data-testid=consent]"));
        Assert.Equal(["Your loans, mortgages and other products: the amount owed, rates and terms"], consent.QuerySelector("dd ul")!.Children.Select(li => li.TextContent));
        Assert.Null(consent.QuerySelector("[data-testid=consent-accounts]"));
        Assert.Equal(frida.Products.Count, consent.QuerySelectorAll("[data-testid=consent-loans] li").Length);
    }

    [Theory]
    [InlineData("[]", "restrictedTo names no account type")]
    [InlineData("[\"loan\"]", "'loan'")]
    [InlineData("[\"CACC\", \"\"]", "''")]
    [InlineData("[\"SAVINGS\"]", "'SAVINGS'")]
    [InlineData("\"LOAN\"", "must be an array")]
    public async Task A_restrictedTo_that_names_no_type_or_is_not_a_list_of_cashAccountType_codes_is_400_FORMAT_ERROR_naming_it(string restrictedTo, string named)
    {
        var access = JsonDocument.Parse($$"""{"accounts": [], "restrictedTo": {{restrictedTo}}}""").RootElement;

        var created = await donau.SendAsync(HttpMethod.Post, "consents", BerlinGroupSandboxClient.ConsentBody(donau.Today, access));

        created.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        Assert.Contains(named, created.Body.GetProperty("tppMessages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, object> BankOffered(string[]? restrictedTo)
    {
        var access = new Dictionary<string, object>
        {
            ["accounts"] = Array.Empty<object>(),
            ["balances"] = Array.Empty<object>(),
            ["transactions"] = Array.Empty<object>(),
        };
        if (restrictedTo is not null)
        {
            access["restrictedTo"] = restrictedTo;
        }
        return access;
    }

    private static List<string> ResourceIds(Answer list)
    {
        Assert.True(list.Status == HttpStatusCode.OK, list.Body.ToString());
        return [.. list.Body.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("resourceId").GetString()!)];
    }
}
