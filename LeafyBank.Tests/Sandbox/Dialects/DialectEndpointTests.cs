namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>Each dialect's shape (a few telling fields) and its access rules.</summary>
public sealed class DialectEndpointTests : IAsyncLifetime
{
    private DialectTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await DialectTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? consentId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        // Berlin Group requires it on every request; the other dialects ignore it.
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        if (consentId is not null)
        {
            request.Headers.Add("Consent-ID", consentId);
        }
        using var client = new HttpClient(host.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private SandboxAccount Checking(string bankId, string customerId) =>
        host.Books.Customer(DialectTestHost.Bank(bankId), customerId)!.Accounts[0];

    [Fact]
    public async Task Green_Bank_accounts_use_the_reference_field_names_with_number_balances_and_ISO_dates()
    {
        host.Grant("greenbank", "frida");

        var (status, body) = await GetAsync("/sandbox/greenbank/api/accounts");

        Assert.Equal(HttpStatusCode.OK, status);
        var account = body.GetProperty("Accounts")[0];
        Assert.Equal(JsonValueKind.Number, account.GetProperty("AccountBalance").ValueKind);
        Assert.Equal("Green Bank", account.GetProperty("AccountBank").GetString());
        Assert.Equal("AccountNumber", account.GetProperty("AccountIdentificationType").GetString());
        Assert.Matches(@"^\d{9}$", account.GetProperty("AccountNumber").GetString());
        Assert.EndsWith("Z", account.GetProperty("AccountDate").GetProperty("OpeningDate").GetString());
        Assert.EndsWith("at Green Bank", account.GetProperty("GreenAccountNarrative").GetString());
    }

    [Fact]
    public async Task Green_Bank_leaves_balances_out_without_the_balances_permission()
    {
        host.Grant("greenbank", "frida", BankPermissions.Accounts);

        var (status, body) = await GetAsync("/sandbox/greenbank/api/accounts");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(body.GetProperty("Accounts").EnumerateArray(), a => Assert.False(a.TryGetProperty("AccountBalance", out _)));
    }

    [Fact]
    public async Task Green_Bank_pages_transactions_by_number()
    {
        host.Grant("greenbank", "frida");
        var account = Checking("greenbank", "frida");

        var (_, first) = await GetAsync($"/sandbox/greenbank/api/accounts/{account.Id}/transactions");
        var (_, second) = await GetAsync($"/sandbox/greenbank/api/accounts/{account.Id}/transactions?page=2");

        Assert.True(first.GetProperty("TotalPages").GetInt32() > 1);
        Assert.Equal(50, first.GetProperty("Transactions").GetArrayLength());
        Assert.Equal(2, second.GetProperty("Page").GetInt32());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("Transactions")[0].GetProperty("TransactionAmount").ValueKind);
        Assert.Equal("Pending", first.GetProperty("Transactions")[0].GetProperty("TransactionStatus").GetString());
    }

    [Fact]
    public async Task MongoDB_Bank_writes_amounts_as_strings_plain_dates_and_cursors()
    {
        host.Grant("mongodbbank", "claude");
        var account = Checking("mongodbbank", "claude");

        var (_, accounts) = await GetAsync("/sandbox/mongodbbank/api/accounts");
        var (_, page) = await GetAsync($"/sandbox/mongodbbank/api/accounts/{account.Id}/transactions");
        var (_, products) = await GetAsync("/sandbox/mongodbbank/api/products");

        var first = accounts.GetProperty("Accounts")[0];
        Assert.Equal(JsonValueKind.String, first.GetProperty("AccountBalance").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", first.GetProperty("AccountDate").GetProperty("OpeningDate").GetString());
        Assert.EndsWith("powered by MongoDB at MongoDB Bank", first.GetProperty("MDBAccountNarrative").GetString());
        Assert.False(string.IsNullOrEmpty(page.GetProperty("next_cursor").GetString()));
        Assert.Contains(page.GetProperty("Transactions").EnumerateArray(), t => t.GetProperty("Status").GetString() == "posted");
        Assert.All(products.GetProperty("Products").EnumerateArray(), p => Assert.Equal(
            p.GetProperty("ProductType").GetString() == "Mortgage", p.TryGetProperty("AmortizationPeriod", out _) && p.TryGetProperty("PropertyDetails", out _)));
    }

    [Fact]
    public async Task MongoDB_Bank_rejects_a_cursor_it_did_not_issue()
    {
        host.Grant("mongodbbank", "claude");
        var account = Checking("mongodbbank", "claude");

        var (status, _) = await GetAsync($"/sandbox/mongodbbank/api/accounts/{account.Id}/transactions?cursor=not-ours");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Berlin_Group_requires_the_consent_id_of_the_token()
    {
        var access = host.Grant("donaubank", "grace");

        var (missing, missingBody) = await GetAsync("/sandbox/donaubank/v1/accounts");
        var (wrong, wrongBody) = await GetAsync("/sandbox/donaubank/v1/accounts", "someone-elses-consent");
        var (right, _) = await GetAsync("/sandbox/donaubank/v1/accounts", access.ConsentId);

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("FORMAT_ERROR", missingBody.GetProperty("tppMessages")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Equal("CONSENT_UNKNOWN", wrongBody.GetProperty("tppMessages")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, right);
    }

    [Fact]
    public async Task Berlin_Group_lists_loans_as_LOAN_accounts_only_with_the_products_permission()
    {
        var access = host.Grant("donaubank", "grace");
        var (_, all) = await GetAsync("/sandbox/donaubank/v1/accounts", access.ConsentId);
        access = host.Grant("donaubank", "grace", BankPermissions.Accounts);
        var (_, withoutProducts) = await GetAsync("/sandbox/donaubank/v1/accounts", access.ConsentId);

        var loan = all.GetProperty("accounts").EnumerateArray().First(a => a.GetProperty("cashAccountType").GetString() == "LOAN");
        Assert.Equal(JsonValueKind.String, loan.GetProperty("loanDetails").GetProperty("outstandingAmount").GetProperty("amount").ValueKind);
        Assert.StartsWith("AT", loan.GetProperty("iban").GetString());
        Assert.Contains(all.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("currency").GetString() == "USD");
        Assert.DoesNotContain(withoutProducts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("cashAccountType").GetString() == "LOAN");
    }

    [Fact]
    public async Task Berlin_Group_balances_need_the_balances_permission()
    {
        var account = Checking("donaubank", "grace");
        var access = host.Grant("donaubank", "grace", BankPermissions.Accounts, BankPermissions.Transactions);
        var (forbidden, _) = await GetAsync($"/sandbox/donaubank/v1/accounts/{account.Id}/balances", access.ConsentId);
        access = host.Grant("donaubank", "grace");
        var (ok, body) = await GetAsync($"/sandbox/donaubank/v1/accounts/{account.Id}/balances", access.ConsentId);

        // Berlin Group 1.3.12 lists CONSENT_INVALID under 401: the consent does not cover the call.
        Assert.Equal(HttpStatusCode.Unauthorized, forbidden);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(["closingBooked", "interimAvailable"], body.GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("balanceType").GetString()));
    }

    [Fact]
    public async Task Berlin_Group_splits_booked_and_pending_and_links_the_next_page()
    {
        var account = Checking("donaubank", "grace");
        var access = host.Grant("donaubank", "grace");

        var (status, body) = await GetAsync($"/sandbox/donaubank/v1/accounts/{account.Id}/transactions?bookingStatus=both", access.ConsentId);
        var (badStatus, _) = await GetAsync($"/sandbox/donaubank/v1/accounts/{account.Id}/transactions", access.ConsentId);

        Assert.Equal(HttpStatusCode.OK, status);
        var transactions = body.GetProperty("transactions");
        Assert.True(transactions.GetProperty("pending").GetArrayLength() > 0);
        Assert.False(transactions.GetProperty("pending")[0].TryGetProperty("bookingDate", out _));
        Assert.Matches(@"^-?\d+\.\d{2}$", transactions.GetProperty("booked")[0].GetProperty("transactionAmount").GetProperty("amount").GetString());
        Assert.StartsWith($"/sandbox/donaubank/v1/accounts/{account.Id}/transactions?", transactions.GetProperty("_links").GetProperty("next").GetProperty("href").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
    }

    [Fact]
    public async Task UK_Open_Banking_answers_in_Data_Links_Meta_with_indicators_and_Links_Next()
    {
        host.Grant("thamesbank", "ada");
        var account = Checking("thamesbank", "ada");

        var (_, accounts) = await GetAsync("/sandbox/thamesbank/open-banking/v3.1/aisp/accounts");
        var (_, transactions) = await GetAsync($"/sandbox/thamesbank/open-banking/v3.1/aisp/accounts/{account.Id}/transactions");

        var first = accounts.GetProperty("Data").GetProperty("Account")[0];
        Assert.Equal("Personal", first.GetProperty("AccountType").GetString());
        Assert.Equal("CurrentAccount", first.GetProperty("AccountSubType").GetString());
        Assert.Equal("UK.OBIE.SortCodeAccountNumber", first.GetProperty("Account")[0].GetProperty("SchemeName").GetString());
        Assert.Contains(accounts.GetProperty("Data").GetProperty("Account").EnumerateArray(), a => a.GetProperty("AccountSubType").GetString() == "Mortgage");
        Assert.True(transactions.GetProperty("Meta").GetProperty("TotalPages").GetInt32() > 1);
        Assert.StartsWith("http://localhost/sandbox/thamesbank/", transactions.GetProperty("Links").GetProperty("Next").GetString());
        var entry = transactions.GetProperty("Data").GetProperty("Transaction")[0];
        Assert.Contains(entry.GetProperty("CreditDebitIndicator").GetString(), new[] { "Credit", "Debit" });
        Assert.DoesNotContain("-", entry.GetProperty("Amount").GetProperty("Amount").GetString());
    }

    [Fact]
    public async Task UK_Open_Banking_product_endpoint_gives_the_mortgage_terms()
    {
        host.Grant("thamesbank", "ada");
        var mortgage = host.Books.Customer(DialectTestHost.Bank("thamesbank"), "ada")!.Products.First(p => p.Kind == SandboxProductKind.Mortgage);

        var (status, body) = await GetAsync($"/sandbox/thamesbank/open-banking/v3.1/aisp/accounts/{mortgage.Id}/product");

        Assert.Equal(HttpStatusCode.OK, status);
        var details = body.GetProperty("Data").GetProperty("Product")[0].GetProperty("LoanDetails");
        Assert.Matches(@"^P\d+Y$", details.GetProperty("Term").GetString());
        Assert.Equal(mortgage.Outstanding.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), details.GetProperty("OutstandingBalance").GetProperty("Amount").GetString());
    }

    public static TheoryData<string, string> TransactionPaths => new()
    {
        { "greenbank", "/api/accounts/{0}/transactions" },
        { "mongodbbank", "/api/accounts/{0}/transactions" },
        { "donaubank", "/v1/accounts/{0}/transactions?bookingStatus=both" },
    };

    /// <summary>UK Open Banking answers an id it does not share with 400 UK.OBIE.Resource.NotFound, not 404 (3.1.11).</summary>
    [Fact]
    public async Task UK_Open_Banking_answers_another_customers_or_a_left_out_account_with_400_Resource_NotFound()
    {
        var strangersAccount = Checking("thamesbank", "claude");
        var access = host.Grant("thamesbank", "frida");
        var leftOut = Checking("thamesbank", "frida");
        host.Access = access with { AccountIds = access.AccountIds.Where(id => id != leftOut.Id).ToHashSet() };

        foreach (var id in new[] { strangersAccount.Id, leftOut.Id })
        {
            var (status, body) = await GetAsync($"/sandbox/thamesbank/open-banking/v3.1/aisp/accounts/{id}/transactions", access.ConsentId);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("UK.OBIE.Resource.NotFound", body.GetProperty("Errors")[0].GetProperty("ErrorCode").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(TransactionPaths))]
    public async Task Another_customers_account_is_not_found(string bankId, string pathTemplate)
    {
        var strangersAccount = Checking(bankId, "claude");
        var access = host.Grant(bankId, "frida");

        var (status, body) = await GetAsync($"/sandbox/{bankId}{string.Format(System.Globalization.CultureInfo.InvariantCulture, pathTemplate, strangersAccount.Id)}", access.ConsentId);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TransactionPaths))]
    public async Task An_account_left_out_of_the_consent_is_not_found(string bankId, string pathTemplate)
    {
        var access = host.Grant(bankId, "frida");
        var account = Checking(bankId, "frida");
        host.Access = access with { AccountIds = access.AccountIds.Where(id => id != account.Id).ToHashSet() };

        var (status, _) = await GetAsync($"/sandbox/{bankId}{string.Format(System.Globalization.CultureInfo.InvariantCulture, pathTemplate, account.Id)}", access.ConsentId);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [MemberData(nameof(TransactionPaths))]
    public async Task Transactions_need_the_transactions_permission(string bankId, string pathTemplate)
    {
        var access = host.Grant(bankId, "frida", BankPermissions.Accounts, BankPermissions.Balances);
        var account = Checking(bankId, "frida");

        var (status, _) = await GetAsync($"/sandbox/{bankId}{string.Format(System.Globalization.CultureInfo.InvariantCulture, pathTemplate, account.Id)}", access.ConsentId);

        // Berlin Group answers a consent that does not cover the call with 401 CONSENT_INVALID.
        Assert.Equal(bankId == "donaubank" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, status);
    }
}
