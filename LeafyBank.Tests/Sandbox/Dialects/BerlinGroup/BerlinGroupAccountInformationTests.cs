namespace LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// Donau Bank's account-information resources against Berlin Group NextGenPSD2 1.3.12, called as
/// a third party does after the OAuth SCA approach: bearer token, Consent-ID and X-Request-ID.
/// </summary>
public sealed class BerlinGroupAccountInformationTests : IAsyncLifetime
{
    private SandboxTestHost host = null!;
    private BerlinGroupSandboxClient donau = null!;

    public async ValueTask InitializeAsync()
    {
        host = await SandboxTestHost.StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DialectTestHost.Start), withBankBooks: true);
        donau = new BerlinGroupSandboxClient(host);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private SandboxCustomerData Frida =>
        host.Services.GetRequiredService<SandboxBankData>().Customer(SandboxBankCatalog.Find("donaubank")!, "frida")!;

    [Fact]
    public async Task The_account_list_and_each_accounts_details_carry_the_standard_fields_and_links()
    {
        var (consentId, tokens) = await donau.ConnectAsync();
        var checking = Frida.Accounts[0];

        var list = await donau.ReadAsync("accounts?withBalance=true", tokens.AccessToken, consentId);
        var details = await donau.ReadAsync($"accounts/{checking.Id}", tokens.AccessToken, consentId);
        var loan = await donau.ReadAsync($"accounts/{Frida.Products[0].Id}", tokens.AccessToken, consentId);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        list.AssertRequestIdEchoed();
        var listed = list.Body.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("resourceId").GetString() == checking.Id);
        Assert.Matches("^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$", listed.GetProperty("iban").GetString());
        Assert.Equal(["closingBooked", "interimAvailable"], listed.GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("balanceType").GetString()));
        Assert.Equal($"{BerlinGroupSandboxClient.Base}/accounts/{checking.Id}/transactions", listed.GetProperty("_links").GetProperty("transactions").GetProperty("href").GetString());

        Assert.Equal(HttpStatusCode.OK, details.Status);
        details.AssertRequestIdEchoed();
        var account = details.Body.GetProperty("account");
        Assert.Equal((checking.Id, checking.Currency, "enabled", "PRIV"),
            (account.GetProperty("resourceId").GetString(), account.GetProperty("currency").GetString(), account.GetProperty("status").GetString(), account.GetProperty("usage").GetString()));
        Assert.False(account.TryGetProperty("balances", out _));
        Assert.Equal($"{BerlinGroupSandboxClient.Base}/accounts/{checking.Id}/balances", account.GetProperty("_links").GetProperty("balances").GetProperty("href").GetString());
        Assert.Equal("LOAN", loan.Body.GetProperty("account").GetProperty("cashAccountType").GetString());
    }

    [Fact]
    public async Task Balances_and_transactions_by_booking_status_page_with_links_to_the_account_and_the_next_page()
    {
        var (consentId, tokens) = await donau.ConnectAsync();
        // The checking account: at this instant it has a pending payment and more than one page of history.
        var account = Frida.Accounts[0];
        var path = $"accounts/{account.Id}/transactions";

        var balances = await donau.ReadAsync($"accounts/{account.Id}/balances", tokens.AccessToken, consentId);
        var both = await donau.ReadAsync($"{path}?bookingStatus=both", tokens.AccessToken, consentId);
        var booked = await donau.ReadAsync($"{path}?bookingStatus=booked", tokens.AccessToken, consentId);
        var pending = await donau.ReadAsync($"{path}?bookingStatus=pending", tokens.AccessToken, consentId);
        var next = both.Body.GetProperty("transactions").GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!;
        var second = await donau.ReadAsync(next, tokens.AccessToken, consentId);

        Assert.Equal(HttpStatusCode.OK, balances.Status);
        Assert.Equal(account.Identification, balances.Body.GetProperty("account").GetProperty("iban").GetString());
        Assert.All(balances.Body.GetProperty("balances").EnumerateArray(), b => Assert.Matches(@"^-?\d+\.\d{2}$", b.GetProperty("balanceAmount").GetProperty("amount").GetString()));

        var accountLink = $"{BerlinGroupSandboxClient.Base}/accounts/{account.Id}";
        foreach (var report in new[] { both, booked, pending, second })
        {
            Assert.Equal(HttpStatusCode.OK, report.Status);
            report.AssertRequestIdEchoed();
            Assert.Equal(accountLink, report.Body.GetProperty("transactions").GetProperty("_links").GetProperty("account").GetProperty("href").GetString());
        }
        Assert.True(both.Body.GetProperty("transactions").GetProperty("booked").GetArrayLength() > 0);
        Assert.True(both.Body.GetProperty("transactions").GetProperty("pending").GetArrayLength() > 0);
        Assert.False(booked.Body.GetProperty("transactions").TryGetProperty("pending", out _));
        Assert.False(pending.Body.GetProperty("transactions").TryGetProperty("booked", out _));
        Assert.All(pending.Body.GetProperty("transactions").GetProperty("pending").EnumerateArray(), t => Assert.False(t.TryGetProperty("bookingDate", out _)));
        Assert.StartsWith($"{BerlinGroupSandboxClient.Base}/{path}?bookingStatus=both", next, StringComparison.Ordinal);
        var firstIds = both.Body.GetProperty("transactions").GetProperty("booked").EnumerateArray().Select(t => t.GetProperty("transactionId").GetString()).ToHashSet();
        Assert.DoesNotContain(second.Body.GetProperty("transactions").GetProperty("booked").EnumerateArray(), t => firstIds.Contains(t.GetProperty("transactionId").GetString()));
    }

    [Fact]
    public async Task Data_calls_without_X_Request_ID_or_Consent_ID_or_with_an_unknown_account_or_query_are_refused_with_Berlin_Group_codes()
    {
        var (consentId, tokens) = await donau.ConnectAsync();
        var account = Frida.Accounts[0].Id;

        var noRequestId = await donau.ReadAsync("accounts", tokens.AccessToken, consentId, requestId: null);
        var noConsentId = await donau.SendAsync(HttpMethod.Get, "accounts", bearer: tokens.AccessToken);
        var otherConsent = await donau.ReadAsync("accounts", tokens.AccessToken, "cns-someone-else");
        var unknownAccount = await donau.ReadAsync("accounts/no-such-account", tokens.AccessToken, consentId);
        var unknownReport = await donau.ReadAsync("accounts/no-such-account/transactions?bookingStatus=both", tokens.AccessToken, consentId);
        var noBookingStatus = await donau.ReadAsync($"accounts/{account}/transactions", tokens.AccessToken, consentId);
        var information = await donau.ReadAsync($"accounts/{account}/transactions?bookingStatus=information", tokens.AccessToken, consentId);
        var badDate = await donau.ReadAsync($"accounts/{account}/transactions?bookingStatus=both&dateFrom=yesterday", tokens.AccessToken, consentId);
        var badFlag = await donau.ReadAsync("accounts?withBalance=maybe", tokens.AccessToken, consentId);

        noRequestId.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        noConsentId.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        otherConsent.AssertBerlinGroupError(HttpStatusCode.BadRequest, "CONSENT_UNKNOWN");
        unknownAccount.AssertBerlinGroupError(HttpStatusCode.NotFound, "RESOURCE_UNKNOWN");
        unknownReport.AssertBerlinGroupError(HttpStatusCode.NotFound, "RESOURCE_UNKNOWN");
        noBookingStatus.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        information.AssertBerlinGroupError(HttpStatusCode.BadRequest, "PARAMETER_NOT_SUPPORTED");
        badDate.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        badFlag.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
    }

    [Fact]
    public async Task Tokens_that_are_missing_garbage_or_expired_are_401_TOKEN_INVALID_or_TOKEN_EXPIRED()
    {
        var (consentId, tokens) = await donau.ConnectAsync();

        var none = await donau.SendAsync(HttpMethod.Get, "accounts", clientAuth: false, consentId: consentId);
        var garbage = await donau.ReadAsync("accounts", "not-a-token", consentId);
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);

        none.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "TOKEN_INVALID");
        garbage.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "TOKEN_INVALID");
        expired.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task A_consent_that_does_not_cover_the_call_is_401_CONSENT_INVALID_and_one_past_its_last_day_401_CONSENT_EXPIRED()
    {
        // Accounts only (availableAccounts): the balances are not covered.
        var (listOnly, listTokens) = await donau.ConnectAsync(access: new Dictionary<string, object> { ["availableAccounts"] = "allAccounts" });
        var notCovered = await donau.ReadAsync($"accounts/{Frida.Accounts[0].Id}/balances", listTokens.AccessToken, listOnly);

        // A consent whose last day is today, used a minute after midnight with a token still in date.
        var twoToMidnight = new DateTimeOffset(host.Clock.GetUtcNow().UtcDateTime.Date.AddHours(23).AddMinutes(58), TimeSpan.Zero);
        host.Clock.SetUtcNow(twoToMidnight > host.Clock.GetUtcNow() ? twoToMidnight : twoToMidnight.AddDays(1));
        var (lastDay, tokens) = await donau.ConnectAsync(validUntil: donau.Today);
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var expired = await donau.ReadAsync("accounts", tokens.AccessToken, lastDay);

        notCovered.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "CONSENT_INVALID");
        expired.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "CONSENT_EXPIRED");
        Assert.Equal("expired", (await donau.SendAsync(HttpMethod.Get, $"consents/{lastDay}/status")).Body.GetProperty("consentStatus").GetString());
    }

    [Fact]
    public async Task Unattended_reads_beyond_frequencyPerDay_are_429_ACCESS_EXCEEDED_with_Retry_After()
    {
        var (consentId, tokens) = await donau.ConnectAsync(frequencyPerDay: 1);

        var first = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);
        var second = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        second.AssertBerlinGroupError(HttpStatusCode.TooManyRequests, "ACCESS_EXCEEDED");
        Assert.True(second.Headers.ContainsKey("Retry-After"));
    }
}
