namespace LeafyBank.Tests.Sandbox.Access;

/// <summary>
/// The banks count unattended access as PSD2 RTS Art. 36(5)(b) and Berlin Group
/// <c>frequencyPerDay</c> mean it: per account, per resource and per UTC day, the pages of one
/// report being one access; a call with the dialect's customer-present header is not counted.
/// Real tokens, real dialect endpoints, the customers' real books, a clock the test moves.
/// </summary>
public sealed class UnattendedAllowanceTests : IAsyncLifetime
{
    private SandboxTestHost host = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync(clock: TestTime.Frozen(), withBankBooks: true);

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    public static TheoryData<string> BankIds => new() { "greenbank", "mongodbbank", "donaubank", "thamesbank" };

    private static SandboxBank Bank(string bankId) => SandboxBankCatalog.Find(bankId)!;

    private SandboxBankData Books => host.Services.GetRequiredService<SandboxBankData>();

    private static string AccountsPath(string bankId) => Bank(bankId).Dialect switch
    {
        SandboxDialects.BerlinGroup => "v1/accounts",
        SandboxDialects.UkOpenBanking => "open-banking/v3.1/aisp/accounts",
        _ => "api/accounts",
    };

    /// <summary>The first page of an account's transactions report, in the bank's dialect.</summary>
    private static string TransactionsPath(string bankId, string accountId) =>
        $"{AccountsPath(bankId)}/{Uri.EscapeDataString(accountId)}/transactions" + (Bank(bankId).Dialect == SandboxDialects.BerlinGroup ? "?bookingStatus=both" : "");

    /// <summary>Frida's account with the longest history: its transactions report has several pages everywhere.</summary>
    private string BusiestAccount(string bankId)
    {
        var bank = Bank(bankId);
        return Books.Customer(bank, "frida")!.Accounts.MaxBy(a => Books.Transactions(bank, "frida", a.Id).Count)!.Id;
    }

    private async Task<HttpResponseMessage> GetAsync(string bankId, string path, string accessToken, string consentId,
        string? presenceHeader = null, string presenceValue = "192.0.2.10")
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/{bankId}/{path}");
        host.Present(request, accessToken);
        request.Headers.Add("Consent-ID", consentId);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        if (presenceHeader is not null)
        {
            request.Headers.Add(presenceHeader, presenceValue);
        }
        return await client.SendAsync(request, Ct);
    }

    private async Task<HttpStatusCode> StatusAsync(string bankId, string path, string accessToken, string consentId, string? presenceHeader = null)
    {
        using var response = await GetAsync(bankId, path, accessToken, consentId, presenceHeader);
        return response.StatusCode;
    }

    /// <summary>What one unattended sync of a reference bank reads: the account list, the product list, every page of every account's transactions.</summary>
    private async Task<(int Calls, int ContinuationPages)> GreenBankSyncAsync(string accessToken, string consentId)
    {
        var calls = 0;
        var continuations = 0;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("greenbank", "api/accounts", accessToken, consentId));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("greenbank", "api/products", accessToken, consentId));
        calls += 2;
        foreach (var account in Books.Customer(Bank("greenbank"), "frida")!.Accounts)
        {
            for (var page = 1; ; page++)
            {
                using var response = await GetAsync("greenbank", $"api/accounts/{account.Id}/transactions?page={page}", accessToken, consentId);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                calls++;
                continuations += page > 1 ? 1 : 0;
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
                if (page >= json.RootElement.GetProperty("TotalPages").GetInt32())
                {
                    break;
                }
            }
        }
        return (calls, continuations);
    }

    [Fact]
    public async Task A_four_a_day_consent_allows_four_whole_syncs_of_many_accounts_and_pages_and_refuses_the_fifth()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank", frequencyPerDay: 4);

        for (var sync = 0; sync < 4; sync++)
        {
            var (calls, continuations) = await GreenBankSyncAsync(tokens.AccessToken, consentId);
            // Many more calls than the allowance, several of them continuation pages.
            Assert.True(calls > 4 && continuations > 0, $"{calls} calls, {continuations} continuation pages");
        }

        using var fifth = await GetAsync("greenbank", "api/accounts", tokens.AccessToken, consentId);
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
    }

    [Fact]
    public async Task The_fifth_unattended_transactions_report_of_one_account_in_a_day_is_429_other_accounts_still_answer_and_the_next_day_it_is_allowed_again()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank", frequencyPerDay: 4);
        var accounts = Books.Customer(Bank("greenbank"), "frida")!.Accounts;
        var (limited, other) = (accounts[0].Id, accounts[1].Id);

        for (var report = 0; report < 4; report++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync("greenbank", $"api/accounts/{limited}/transactions", tokens.AccessToken, consentId));
        }
        using var fifth = await GetAsync("greenbank", $"api/accounts/{limited}/transactions", tokens.AccessToken, consentId);

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        var now = host.Clock.GetUtcNow();
        var untilMidnight = now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime;
        Assert.InRange(fifth.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1, untilMidnight.TotalSeconds - 1, untilMidnight.TotalSeconds + 1);
        Assert.Contains($"transactions:{limited}", await fifth.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("greenbank", $"api/accounts/{other}/transactions", tokens.AccessToken, consentId));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("greenbank", "api/accounts", tokens.AccessToken, consentId));

        host.Clock.Advance(untilMidnight + TimeSpan.FromSeconds(1));
        var refreshed = await host.RefreshAsync("greenbank", tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("greenbank", $"api/accounts/{limited}/transactions", refreshed.AccessToken, consentId));
    }

    [Fact]
    public async Task The_account_list_counts_against_its_own_allowance_not_against_any_account()
    {
        var (consentId, tokens) = await host.ConnectAsync("donaubank", frequencyPerDay: 1);
        var account = Books.Customer(Bank("donaubank"), "frida")!.Accounts[0].Id;

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("donaubank", "v1/accounts?withBalance=true", tokens.AccessToken, consentId));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("donaubank", $"v1/accounts/{account}/balances", tokens.AccessToken, consentId));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("donaubank", TransactionsPath("donaubank", account), tokens.AccessToken, consentId));

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync("donaubank", "v1/accounts", tokens.AccessToken, consentId));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync("donaubank", $"v1/accounts/{account}/balances", tokens.AccessToken, consentId));
    }

    [Theory]
    [MemberData(nameof(BankIds))]
    public async Task Continuation_pages_of_a_report_are_not_counted_but_its_first_page_is(string bankId)
    {
        var (consentId, tokens) = await host.ConnectAsync(bankId, frequencyPerDay: 1);
        var account = BusiestAccount(bankId);
        Assert.True(Books.Transactions(Bank(bankId), "frida", account).Count > 50, "the report should have a second page");
        var first = TransactionsPath(bankId, account);

        using var firstPage = await GetAsync(bankId, first, tokens.AccessToken, consentId);
        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);
        var next = NextPage(bankId, first, await firstPage.Content.ReadAsStringAsync(Ct));
        for (var again = 0; again < 3; again++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bankId, next, tokens.AccessToken, consentId));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(bankId, first, tokens.AccessToken, consentId));
    }

    /// <summary>The second page, by the dialect's own paging parameter (and, for MongoDB Bank, its cursor).</summary>
    private static string NextPage(string bankId, string first, string firstPageBody)
    {
        var separator = first.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        if (Bank(bankId).Dialect != SandboxDialects.MongoDbBank)
        {
            return first + separator + "page=2";
        }
        using var json = JsonDocument.Parse(firstPageBody);
        var cursor = json.RootElement.GetProperty("next_cursor").GetString();
        Assert.False(string.IsNullOrEmpty(cursor), "the report should have a second page");
        return first + separator + "cursor=" + Uri.EscapeDataString(cursor);
    }

    [Theory]
    [InlineData("greenbank", CustomerPresence.PsuIpAddressHeader)]
    [InlineData("mongodbbank", CustomerPresence.PsuIpAddressHeader)]
    [InlineData("donaubank", CustomerPresence.PsuIpAddressHeader)]
    [InlineData("thamesbank", CustomerPresence.FapiCustomerIpAddressHeader)]
    public async Task A_call_with_its_dialects_customer_present_header_is_not_counted(string bankId, string header)
    {
        var (consentId, tokens) = await host.ConnectAsync(bankId, frequencyPerDay: 1);
        var accounts = AccountsPath(bankId);

        for (var attended = 0; attended < 3; attended++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bankId, accounts, tokens.AccessToken, consentId, header));
        }
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bankId, accounts, tokens.AccessToken, consentId));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(bankId, accounts, tokens.AccessToken, consentId));
        // Used up unattended, still open to the customer.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bankId, accounts, tokens.AccessToken, consentId, header));
    }

    [Theory]
    [InlineData("thamesbank", CustomerPresence.PsuIpAddressHeader)]
    [InlineData("greenbank", CustomerPresence.FapiCustomerIpAddressHeader)]
    [InlineData("donaubank", CustomerPresence.FapiCustomerIpAddressHeader)]
    public async Task Another_dialects_header_does_not_mark_the_customer_present(string bankId, string foreignHeader)
    {
        var (consentId, tokens) = await host.ConnectAsync(bankId, frequencyPerDay: 1);
        var accounts = AccountsPath(bankId);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bankId, accounts, tokens.AccessToken, consentId, foreignHeader));

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(bankId, accounts, tokens.AccessToken, consentId, foreignHeader));
    }

    [Fact]
    public async Task A_customer_present_header_that_is_not_an_IP_address_is_refused_in_words()
    {
        var (consentId, tokens) = await host.ConnectAsync("thamesbank", frequencyPerDay: 1);

        using var response = await GetAsync("thamesbank", AccountsPath("thamesbank"), tokens.AccessToken, consentId,
            CustomerPresence.FapiCustomerIpAddressHeader, presenceValue: "the customer");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be the customer's IP address", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // Refused before counting: the allowance is untouched.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("thamesbank", AccountsPath("thamesbank"), tokens.AccessToken, consentId));
    }

    [Fact]
    public async Task Berlin_Group_says_ACCESS_EXCEEDED_in_tppMessages_when_the_allowance_is_used_up()
    {
        var (consentId, tokens) = await host.ConnectAsync("donaubank", frequencyPerDay: 1);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("donaubank", "v1/accounts", tokens.AccessToken, consentId));

        using var limited = await GetAsync("donaubank", "v1/accounts", tokens.AccessToken, consentId);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        using var json = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(Ct));
        var message = json.RootElement.GetProperty("tppMessages")[0];
        Assert.Equal(("ERROR", "ACCESS_EXCEEDED"), (message.GetProperty("category").GetString(), message.GetProperty("code").GetString()));
    }
}
