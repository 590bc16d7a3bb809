namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>Answers a test scripts by hand, and remembers what was asked.</summary>
internal sealed class StubBankHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(answer(request));
    }

    public static StubBankHandler Json(Func<string, string?> bodyForPath) => new(request =>
        bodyForPath(request.RequestUri!.AbsolutePath) is { } body
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
}

/// <summary>Odd-but-valid answers are read; broken ones fail with the right kind, in plain words, without the token.</summary>
public sealed class ConnectorFailureAndMappingTests
{
    private const string Token = "eyJ.secret-token.sig";
    private static readonly TimeProvider Clock = TestTime.Frozen();

    private static BankFetchRequest Request(string dialect, string name, string accountsPath, bool unattended = true, string[]? permissions = null) =>
        new(new BankDirectoryEntry("bank", name, dialect, new Uri("https://bank.example/sandbox/bank"), new Uri($"https://bank.example/sandbox/bank/{accountsPath}")),
            BankAccessToken.Bearer(Token), "consent-1", new PartyReference { UserName = "adalove", UserId = ObjectId.Parse("671ff0081ec726b417352702") },
            (permissions ?? [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products]).ToHashSet(),
            null, unattended);

    private static BankFetchRequest Green(bool unattended = true, string[]? permissions = null) => Request(BankDialects.GreenBank, "Green Bank", "api/accounts", unattended, permissions);

    private static BankFetchRequest Uk() => Request(BankDialects.UkOpenBanking, "Thames Bank", "open-banking/v3.1/aisp/accounts", permissions: [ConsentPermissions.Accounts]);

    private static BankFetchRequest Bg(string[] permissions) => Request(BankDialects.BerlinGroup, "Donau Bank", "v1/accounts", permissions: permissions);

    private static async Task<BankApiException> FailsAsync(IBankConnector connector, BankFetchRequest request, BankFailureKind kind)
    {
        var failure = await Assert.ThrowsAsync<BankApiException>(() => connector.FetchAsync(request, TestContext.Current.CancellationToken));
        Assert.Equal(kind, failure.Kind);
        Assert.Contains(request.Bank.Name, failure.Message);
        Assert.DoesNotContain(Token, failure.Message);
        Assert.DoesNotContain(Token, failure.ToString());
        return failure;
    }

    private static HttpClient Client(HttpMessageHandler handler) => new(handler);

    [Fact]
    public async Task Green_Bank_answer_with_unknown_fields_lowercase_statuses_string_amounts_and_no_narrative_is_read()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            "/sandbox/bank/api/accounts" => """
                {"Accounts":[{"AccountNumber":"204515807","AccountBank":"Green Bank","AccountStatus":"active","AccountType":"savings",
                  "AccountBalance":"7825.50","AccountCurrency":"USD","AccountDate":{"OpeningDate":"2024-03-17T02:01:24.699Z"},
                  "SomethingNew":{"nested":[1,2,3]}}],"ApiVersion":"2.1"}
                """,
            "/sandbox/bank/api/products" => """{"Products":[]}""",
            "/sandbox/bank/api/accounts/204515807/transactions" => """
                {"Transactions":[
                  {"TransactionId":"t1","TransactionDate":"2026-11-24T10:00:00Z","TransactionAmount":-12.5,"TransactionCurrency":"USD","TransactionStatus":"pending"},
                  {"TransactionId":"t2","TransactionDate":"2026-11-20T10:00:00+01:00","BookingDate":"2026-11-22T00:00:00Z","TransactionAmount":"100","TransactionCurrency":"USD","TransactionStatus":"BOOKED","Merchant":"Whole Foods Market","Category":"groceries"}
                ],"Page":1,"TotalPages":1}
                """,
            _ => null,
        });

        var snapshot = await new GreenBankConnector(Client(handler), Clock).FetchAsync(Green(), TestContext.Current.CancellationToken);

        var account = Assert.Single(snapshot.Accounts);
        Assert.Equal(AccountTypes.Savings, account.AccountType);
        Assert.Equal(AccountStatuses.Active, account.AccountStatus);
        Assert.Equal(7825.50m, account.AccountBalance);
        Assert.Null(account.GreenAccountNarrative);
        Assert.Equal(new DateTime(2024, 3, 17, 2, 1, 24, 699, DateTimeKind.Utc), account.AccountDate.OpeningDate);
        Assert.Equal([BookingStatuses.Pending, BookingStatuses.Booked], snapshot.Transactions.Select(t => t.BookingStatus));
        var booked = snapshot.Transactions[1];
        Assert.Equal(new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), booked.ValueDate);
        Assert.Equal("Groceries", booked.Category);
        Assert.Equal("Whole Foods Market", booked.Description);
    }

    [Fact]
    public async Task The_token_goes_in_the_Authorization_header_and_PSU_IP_Address_only_when_the_customer_is_present()
    {
        var handler = StubBankHandler.Json(_ => """{"Accounts":[]}""");
        var connector = new GreenBankConnector(Client(handler), Clock);

        await connector.FetchAsync(Green(unattended: true, permissions: [ConsentPermissions.Accounts]), TestContext.Current.CancellationToken);
        await connector.FetchAsync(Green(unattended: false, permissions: [ConsentPermissions.Accounts]) with { }, TestContext.Current.CancellationToken);
        await connector.FetchAsync(new BankFetchRequest(Green(unattended: false).Bank, BankAccessToken.Bearer(Token), "consent-1", new PartyReference(), new HashSet<string> { ConsentPermissions.Accounts }, null, false) { PsuIpAddress = "203.0.113.7" },
            TestContext.Current.CancellationToken);

        Assert.All(handler.Requests, r => Assert.Equal($"Bearer {Token}", r.Headers.Authorization!.ToString()));
        Assert.False(handler.Requests[0].Headers.Contains("PSU-IP-Address"));
        Assert.True(handler.Requests[1].Headers.Contains("PSU-IP-Address"));
        Assert.Equal("203.0.113.7", Assert.Single(handler.Requests[2].Headers.GetValues("PSU-IP-Address")));
    }

    [Fact]
    public async Task Berlin_Group_calls_carry_Consent_ID_and_X_Request_ID()
    {
        var handler = StubBankHandler.Json(_ => """{"accounts":[]}""");

        await new BerlinGroupConnector(Client(handler), Clock).FetchAsync(Bg([ConsentPermissions.Accounts]), TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("consent-1", Assert.Single(request.Headers.GetValues("Consent-ID")));
        Assert.True(Guid.TryParse(Assert.Single(request.Headers.GetValues("X-Request-ID")), out _));
    }

    [Fact]
    public async Task Malformed_JSON_is_a_malformed_response()
    {
        var handler = StubBankHandler.Json(_ => """{"Accounts":[{"AccountNumber":""");

        await FailsAsync(new GreenBankConnector(Client(handler), Clock), Green(), BankFailureKind.MalformedResponse);
    }

    [Fact]
    public async Task A_UK_account_without_AccountId_is_a_malformed_response()
    {
        var handler = StubBankHandler.Json(_ => """{"Data":{"Account":[{"Currency":"GBP","AccountSubType":"CurrentAccount"}]},"Links":{},"Meta":{}}""");

        var failure = await FailsAsync(new UkOpenBankingConnector(Client(handler), Clock), Uk(), BankFailureKind.MalformedResponse);
        Assert.Contains("account list", failure.Message);
    }

    [Fact]
    public async Task An_empty_AccountId_is_a_malformed_response()
    {
        var handler = StubBankHandler.Json(_ => """{"Data":{"Account":[{"AccountId":" ","Currency":"GBP","AccountSubType":"CurrentAccount"}]}}""");

        await FailsAsync(new UkOpenBankingConnector(Client(handler), Clock), Uk(), BankFailureKind.MalformedResponse);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,234.50")]
    public async Task A_Berlin_Group_amount_that_is_not_a_plain_decimal_is_a_malformed_response(string amount)
    {
        var handler = StubBankHandler.Json(path => path.EndsWith("/balances", StringComparison.Ordinal)
            ? $$"""{"balances":[{"balanceAmount":{"currency":"EUR","amount":"{{amount}}"},"balanceType":"closingBooked"}]}"""
            : """{"accounts":[{"resourceId":"r1","currency":"EUR","cashAccountType":"CACC"}]}""");

        await FailsAsync(new BerlinGroupConnector(Client(handler), Clock), Bg([ConsentPermissions.Accounts, ConsentPermissions.Balances]), BankFailureKind.MalformedResponse);
    }

    [Fact]
    public async Task An_unknown_booking_status_is_a_malformed_response()
    {
        var handler = StubBankHandler.Json(path => path.EndsWith("/transactions", StringComparison.Ordinal)
            ? """{"Transactions":[{"TransactionId":"t1","TransactionDate":"2026-11-24T10:00:00Z","TransactionAmount":1,"TransactionCurrency":"USD","TransactionStatus":"maybe"}],"Page":1,"TotalPages":1}"""
            : """{"Accounts":[{"AccountNumber":"1","AccountType":"Checking","AccountCurrency":"USD","AccountDate":{"OpeningDate":"2024-03-17T02:01:24Z"}}]}""");

        await FailsAsync(new GreenBankConnector(Client(handler), Clock), Green(permissions: [ConsentPermissions.Accounts, ConsentPermissions.Transactions]), BankFailureKind.MalformedResponse);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, BankFailureKind.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, BankFailureKind.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, BankFailureKind.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError, BankFailureKind.Unavailable)]
    [InlineData(HttpStatusCode.BadGateway, BankFailureKind.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, BankFailureKind.Unavailable)]
    [InlineData(HttpStatusCode.BadRequest, BankFailureKind.MalformedResponse)]
    public async Task HTTP_errors_map_to_failure_kinds(HttpStatusCode status, BankFailureKind kind)
    {
        var handler = new StubBankHandler(_ => new HttpResponseMessage(status) { Content = new StringContent($"{{\"echo\":\"{Token}\"}}") });

        await FailsAsync(new GreenBankConnector(Client(handler), Clock), Green(), kind);
    }

    [Fact]
    public async Task Too_many_requests_reports_when_to_try_again()
    {
        var handler = new StubBankHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5400));
            return response;
        });

        var failure = await FailsAsync(new UkOpenBankingConnector(Client(handler), Clock), Uk(), BankFailureKind.RateLimited);

        Assert.Equal(TimeSpan.FromSeconds(5400), failure.RetryAfter);
        Assert.Contains("2 hours", failure.Message);
    }

    [Fact]
    public async Task A_retry_after_date_is_measured_against_the_banks_own_date_not_our_clock()
    {
        // The bank's clock is two years from the suite's: only the difference between its two headers counts.
        var banksNow = TestTime.Now.AddYears(2);
        var handler = new StubBankHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.Date = banksNow;
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(banksNow.AddMinutes(90));
            return response;
        });

        var failure = await FailsAsync(new UkOpenBankingConnector(Client(handler), Clock), Uk(), BankFailureKind.RateLimited);

        Assert.Equal(TimeSpan.FromMinutes(90), failure.RetryAfter);
    }

    [Fact]
    public async Task A_timeout_or_refused_connection_means_unavailable()
    {
        var timeout = new StubBankHandler(_ => throw new TaskCanceledException("timed out", new TimeoutException()));
        var refused = new StubBankHandler(_ => throw new HttpRequestException("Connection refused"));

        await FailsAsync(new MongoDbBankConnector(Client(timeout), Clock), Request(BankDialects.MongoDbBank, "MongoDB Bank", "api/accounts"), BankFailureKind.Unavailable);
        await FailsAsync(new MongoDbBankConnector(Client(refused), Clock), Request(BankDialects.MongoDbBank, "MongoDB Bank", "api/accounts"), BankFailureKind.Unavailable);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_bank_failure()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var handler = new StubBankHandler(_ => throw new TaskCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new GreenBankConnector(Client(handler), Clock).FetchAsync(Green(), cancellation.Token));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_over_five_megabytes_is_refused(bool announcesLength)
    {
        var huge = "{\"Accounts\":[],\"Padding\":\"" + new string('x', 6 * 1024 * 1024) + "\"}";
        var handler = new StubBankHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = announcesLength
                ? new StringContent(huge)
                : new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(huge))),
        });

        var failure = await FailsAsync(new GreenBankConnector(Client(handler), Clock), Green(), BankFailureKind.MalformedResponse);
        Assert.Contains("5 MB", failure.Message);
    }

    [Fact]
    public async Task A_next_link_to_another_site_is_not_followed_with_the_token()
    {
        var handler = StubBankHandler.Json(path => path.EndsWith("/transactions", StringComparison.Ordinal)
            ? """{"Data":{"Transaction":[]},"Links":{"Next":"https://attacker.example/steal?page=2"},"Meta":{"TotalPages":2}}"""
            : """{"Data":{"Account":[{"AccountId":"a1","Currency":"GBP","AccountSubType":"CurrentAccount"}]}}""");
        var request = Request(BankDialects.UkOpenBanking, "Thames Bank", "open-banking/v3.1/aisp/accounts",
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Transactions]);

        await FailsAsync(new UkOpenBankingConnector(Client(handler), Clock), request, BankFailureKind.MalformedResponse);
        Assert.DoesNotContain(handler.Requests, r => r.RequestUri!.Host == "attacker.example");
    }

    [Fact]
    public async Task A_next_link_that_repeats_is_not_followed_forever()
    {
        var handler = StubBankHandler.Json(path => path.EndsWith("/transactions", StringComparison.Ordinal)
            ? """{"transactions":{"booked":[],"_links":{"next":{"href":"/sandbox/bank/v1/accounts/r1/transactions?page=2"}}}}"""
            : """{"accounts":[{"resourceId":"r1","currency":"EUR","cashAccountType":"CACC"}]}""");

        await FailsAsync(new BerlinGroupConnector(Client(handler), Clock), Bg([ConsentPermissions.Accounts, ConsentPermissions.Transactions]), BankFailureKind.MalformedResponse);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task UK_debits_are_negative_and_lending_balances_positive_even_without_the_product_endpoint()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            "/sandbox/bank/open-banking/v3.1/aisp/accounts" => """
                {"Data":{"Account":[
                  {"AccountId":"c1","Currency":"GBP","AccountSubType":"CurrentAccount","Status":"Enabled","OpeningDate":"2020-01-02T00:00:00+00:00"},
                  {"AccountId":"m1","Currency":"GBP","AccountSubType":"Mortgage","Status":"Enabled"}]}}
                """,
            "/sandbox/bank/open-banking/v3.1/aisp/accounts/c1/balances" => """{"Data":{"Balance":[{"Amount":{"Amount":"120.00","Currency":"GBP"},"CreditDebitIndicator":"Debit","Type":"InterimBooked"}]}}""",
            "/sandbox/bank/open-banking/v3.1/aisp/accounts/m1/balances" => """{"Data":{"Balance":[{"Amount":{"Amount":"250000.00","Currency":"GBP"},"CreditDebitIndicator":"Debit","Type":"InterimBooked"}]}}""",
            "/sandbox/bank/open-banking/v3.1/aisp/accounts/c1/transactions" => """
                {"Data":{"Transaction":[{"TransactionId":"x","Amount":{"Amount":"9.99","Currency":"GBP"},"CreditDebitIndicator":"debit","Status":"booked","BookingDateTime":"2026-11-20T08:00:00+00:00"}]}}
                """,
            _ => null,
        });
        var request = Request(BankDialects.UkOpenBanking, "Thames Bank", "open-banking/v3.1/aisp/accounts",
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions]);

        var snapshot = await new UkOpenBankingConnector(Client(handler), Clock).FetchAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(-120m, Assert.Single(snapshot.Accounts).AccountBalance);
        var mortgage = Assert.Single(snapshot.Products);
        Assert.Equal(ProductTypes.Mortgage, mortgage.ProductType);
        Assert.Equal(250000m, mortgage.ProductAmount);
        Assert.Null(mortgage.RepaymentPeriod);
        Assert.Equal(-9.99m, Assert.Single(snapshot.Transactions).Amount);
    }

    [Fact]
    public void Every_dialect_has_exactly_one_registered_connector()
    {
        // The sync takes the first connector whose dialect is the bank's: a second one for a dialect would never be used.
        using var services = new ServiceCollection().AddSingleton(Clock).AddBankConnectors().BuildServiceProvider();

        var dialects = services.GetServices<IBankConnector>().Select(c => c.Dialect).Order(StringComparer.Ordinal).ToList();

        Assert.Equal([BankDialects.BerlinGroup, BankDialects.GreenBank, BankDialects.MongoDbBank, BankDialects.UkOpenBanking], dialects);
    }

    [Theory]
    [InlineData("P25Y", 300)]
    [InlineData("P5Y6M", 66)]
    [InlineData("P18M", 18)]
    public void UK_terms_as_ISO_durations_become_months(string term, int months) => Assert.Equal(months, BankValues.DurationMonths(term));

    [Theory]
    [InlineData("LOAN_REPAYMENT", "Loan repayment")]
    [InlineData("groceries", "Groceries")]
    [InlineData("  ", null)]
    public void Category_codes_become_words(string code, string? words) => Assert.Equal(words, BankValues.Category(code));

    [Theory]
    [InlineData("CACC", AccountTypes.Checking)]
    [InlineData("SVGS", AccountTypes.Savings)]
    [InlineData("CurrentAccount", AccountTypes.Checking)]
    [InlineData("savings", AccountTypes.Savings)]
    public void Account_types_are_normalised(string value, string expected) => Assert.Equal(expected, BankValues.AccountType(value));

    /// <summary>A stream that cannot say its length, like a chunked response.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
