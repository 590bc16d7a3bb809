namespace LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking;

/// <summary>
/// Thames Bank against the official UK Open Banking Read/Write 3.1.11 account-info document: every
/// operation it serves, answered with success and with errors, is checked for a documented status,
/// the documented headers and a body valid against the operation's schema. Real tokens, the real
/// consent page, the customers' real books. Skipped (with the reason) where the document is absent.
/// </summary>
public sealed class ThamesBankConformanceTests : IAsyncLifetime
{
    private const string Bank = "thamesbank";

    /// <summary>What 3.1.11 marks Mandatory for an ASPSP offering AIS, and the optional ones Thames serves.</summary>
    public static TheoryData<string, string> ServedOperations => new()
    {
        { "POST", "/account-access-consents" },
        { "GET", "/account-access-consents/{ConsentId}" },
        { "DELETE", "/account-access-consents/{ConsentId}" },
        { "GET", "/accounts" },
        { "GET", "/accounts/{AccountId}" },
        { "GET", "/accounts/{AccountId}/balances" },
        { "GET", "/accounts/{AccountId}/transactions" },
        { "GET", "/accounts/{AccountId}/product" },
        { "GET", "/balances" },
        { "GET", "/products" },
    };

    /// <summary>What 3.1.11 marks Mandatory for an ASPSP offering account information.</summary>
    internal static readonly string[] MandatoryOperations =
    [
        "POST /account-access-consents", "GET /account-access-consents/{ConsentId}", "DELETE /account-access-consents/{ConsentId}",
        "GET /accounts", "GET /accounts/{AccountId}", "GET /accounts/{AccountId}/balances", "GET /accounts/{AccountId}/transactions",
    ];

    private SandboxTestHost host = null!;
    private UkOpenBankingThirdParty tpp = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        host = await SandboxTestHost.StartAsync(clock: TestTime.Frozen(), withBankBooks: true);
        tpp = new UkOpenBankingThirdParty(host, Bank);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private SandboxCustomerData Books(string customer) =>
        host.Services.GetRequiredService<SandboxBankData>().Customer(SandboxBankCatalog.Find(Bank)!, customer)!;

    private static void AssertConforms(OpenApiConformance document, IEnumerable<ObservedResponse> seen)
    {
        var violations = seen.SelectMany(document.Violations).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private static JsonElement Json(ObservedResponse response) => JsonDocument.Parse(response.Body).RootElement;

    private static string ErrorCode(ObservedResponse response) => Json(response).GetProperty("Errors")[0].GetProperty("ErrorCode").GetString()!;

    [Fact]
    public async Task A_third_party_reads_everything_through_a_UK_consent_and_every_answer_matches_the_official_document()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var clientToken = await tpp.ClientTokenAsync();
        var (consentId, tokens) = await tpp.ConnectAsync(customer: "ada");
        var mortgage = Books("ada").Products.First(p => p.Kind == SandboxProductKind.Mortgage);
        var checking = Books("ada").Accounts.MaxBy(a => host.Services.GetRequiredService<SandboxBankData>()
            .Transactions(SandboxBankCatalog.Find(Bank)!, "ada", a.Id).Count)!;
        var interaction = Guid.NewGuid().ToString();

        var consent = await tpp.SendAsync(HttpMethod.Get, "/account-access-consents/{ConsentId}", $"/account-access-consents/{consentId}", clientToken);
        var accounts = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", tokens.AccessToken,
            headers: new Dictionary<string, string> { ["x-fapi-interaction-id"] = interaction, ["x-fapi-customer-ip-address"] = "192.0.2.10" });
        var account = await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}", $"/accounts/{checking.Id}", tokens.AccessToken);
        await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/balances", $"/accounts/{checking.Id}/balances", tokens.AccessToken);
        await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/balances", $"/accounts/{mortgage.Id}/balances", tokens.AccessToken);
        await tpp.SendAsync(HttpMethod.Get, "/balances", "/balances", tokens.AccessToken);
        var transactions = await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/transactions", $"/accounts/{checking.Id}/transactions", tokens.AccessToken);
        var mortgageTransactions = await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/transactions", $"/accounts/{mortgage.Id}/transactions", tokens.AccessToken);
        await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/product", $"/accounts/{mortgage.Id}/product", tokens.AccessToken);
        await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/product", $"/accounts/{checking.Id}/product", tokens.AccessToken);
        await tpp.SendAsync(HttpMethod.Get, "/products", "/products", tokens.AccessToken);
        var deleted = await tpp.SendAsync(HttpMethod.Delete, "/account-access-consents/{ConsentId}", $"/account-access-consents/{consentId}", clientToken);
        var afterDelete = await tpp.SendAsync(HttpMethod.Get, "/account-access-consents/{ConsentId}", $"/account-access-consents/{consentId}", clientToken);

        AssertConforms(document, tpp.Seen);
        Assert.Equal("Authorised", Json(consent).GetProperty("Data").GetProperty("Status").GetString());
        Assert.Equal(UkOpenBankingThirdParty.AllPermissions.Order(), Json(consent).GetProperty("Data").GetProperty("Permissions").EnumerateArray().Select(p => p.GetString()!).Order());
        Assert.Equal(interaction, accounts.Headers["x-fapi-interaction-id"]);
        Assert.Contains(Json(accounts).GetProperty("Data").GetProperty("Account").EnumerateArray(), a => a.GetProperty("AccountId").GetString() == mortgage.Id);
        Assert.Equal(checking.Id, Json(account).GetProperty("Data").GetProperty("Account")[0].GetProperty("AccountId").GetString());
        Assert.True(Json(transactions).GetProperty("Data").GetProperty("Transaction").GetArrayLength() > 0);
        Assert.Equal(200, mortgageTransactions.Status);
        Assert.Equal(0, Json(mortgageTransactions).GetProperty("Data").GetProperty("Transaction").GetArrayLength());
        Assert.Equal(204, deleted.Status);
        Assert.Equal("Revoked", Json(afterDelete).GetProperty("Data").GetProperty("Status").GetString());
        Assert.All(tpp.Seen, seen => Assert.True(Guid.TryParse(seen.Headers.GetValueOrDefault("x-fapi-interaction-id"), out _), $"{seen} has no interaction id"));
    }

    [Fact]
    public async Task A_consent_is_awaiting_authorisation_until_the_customer_approves_and_keeps_what_was_asked()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var clientToken = await tpp.ClientTokenAsync();
        var created = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsBasic", "ReadBalances"], TestTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd'T'HH:mm:ss+00:00"),
                "2026-01-01T00:00:00+00:00", "2026-06-30T23:59:59+00:00"));

        AssertConforms(document, tpp.Seen);
        var data = Json(created).GetProperty("Data");
        Assert.Equal("AwaitingAuthorisation", data.GetProperty("Status").GetString());
        Assert.Equal(["ReadAccountsBasic", "ReadBalances"], data.GetProperty("Permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("2026-01-01T00:00:00+00:00", data.GetProperty("TransactionFromDateTime").GetString());
        Assert.Equal("2026-06-30T23:59:59+00:00", data.GetProperty("TransactionToDateTime").GetString());
    }

    [Fact]
    public async Task A_consent_asked_for_longer_than_90_days_or_open_ended_is_granted_the_banks_90()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var clientToken = await tpp.ClientTokenAsync();
        var latest = host.Clock.GetUtcNow().AddDays(90);

        var long_ = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"], "9999-12-31T00:00:00+00:00"));
        var openEnded = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"]));

        AssertConforms(document, tpp.Seen);
        Assert.All(new[] { long_, openEnded }, created =>
            Assert.Equal(latest.ToUnixTimeSeconds(), DateTimeOffset.Parse(Json(created).GetProperty("Data").GetProperty("ExpirationDateTime").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task Every_error_Thames_gives_is_the_documented_UK_error_with_an_interaction_id()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var clientToken = await tpp.ClientTokenAsync();
        var (consentId, tokens) = await tpp.ConnectAsync(["ReadAccountsDetail"], customer: "ada");
        var limited = tokens.AccessToken;

        var noToken = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", null,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"]));
        var customerTokenAtConsents = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", limited,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"]));
        var unknownPermission = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadEverything"]));
        var notOffered = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadBeneficiariesDetail"]));
        var creditsAlone = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail", "ReadTransactionsCredits"]));
        var pastExpiry = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"], "2020-01-01T00:00:00+00:00"));
        var noRisk = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            """{"Data":{"Permissions":["ReadAccountsDetail"]}}""");
        var unknownConsent = await tpp.SendAsync(HttpMethod.Get, "/account-access-consents/{ConsentId}", "/account-access-consents/aac-nope", clientToken);
        var deleteUnknown = await tpp.SendAsync(HttpMethod.Delete, "/account-access-consents/{ConsentId}", "/account-access-consents/aac-nope", clientToken);
        var accountsNoToken = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", null);
        var clientTokenAtAccounts = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", clientToken);
        var unknownAccount = await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}", "/accounts/no-such-account", limited);
        var balancesNotGranted = await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/balances", "/accounts/no-such-account/balances", limited);
        var badPresence = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", limited,
            headers: new Dictionary<string, string> { ["x-fapi-customer-ip-address"] = "not-an-address" });
        var badInteraction = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", limited,
            headers: new Dictionary<string, string> { ["x-fapi-interaction-id"] = "not-a-uuid" });
        await tpp.SendAsync(HttpMethod.Delete, "/account-access-consents/{ConsentId}", $"/account-access-consents/{consentId}", clientToken);
        var afterRevocation = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", limited);

        AssertConforms(document, tpp.Seen);
        Assert.Equal(401, noToken.Status);
        Assert.Equal("", noToken.Body);
        Assert.Equal(401, customerTokenAtConsents.Status);
        Assert.Equal("UK.OBIE.Field.Invalid", ErrorCode(unknownPermission));
        Assert.Contains("ReadBeneficiariesDetail", Json(notOffered).GetProperty("Message").GetString());
        Assert.Equal("UK.OBIE.Field.Invalid", ErrorCode(creditsAlone));
        Assert.Equal("UK.OBIE.Field.InvalidDate", ErrorCode(pastExpiry));
        Assert.Equal("UK.OBIE.Field.Missing", ErrorCode(noRisk));
        Assert.Equal((400, "UK.OBIE.Resource.NotFound"), (unknownConsent.Status, ErrorCode(unknownConsent)));
        Assert.Equal((400, "UK.OBIE.Resource.NotFound"), (deleteUnknown.Status, ErrorCode(deleteUnknown)));
        Assert.Equal(401, accountsNoToken.Status);
        Assert.Equal(401, clientTokenAtAccounts.Status);
        Assert.Equal((400, "UK.OBIE.Resource.NotFound"), (unknownAccount.Status, ErrorCode(unknownAccount)));
        Assert.Equal((403, "UK.OBIE.Resource.ConsentMismatch"), (balancesNotGranted.Status, ErrorCode(balancesNotGranted)));
        Assert.Equal((400, "UK.OBIE.Header.Invalid"), (badPresence.Status, ErrorCode(badPresence)));
        Assert.Equal((400, "UK.OBIE.Header.Invalid"), (badInteraction.Status, ErrorCode(badInteraction)));
        Assert.Equal(401, afterRevocation.Status);
        Assert.All(tpp.Seen, seen => Assert.True(seen.Headers.ContainsKey("x-fapi-interaction-id"), $"{seen} has no interaction id"));
    }

    [Theory]
    [InlineData(SandboxFaultMode.Error500, 500)]
    [InlineData(SandboxFaultMode.RateLimit, 429)]
    public async Task A_failing_Thames_still_answers_as_the_UK_document_defines(SandboxFaultMode mode, int status)
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var clientToken = await tpp.ClientTokenAsync();
        var (consentId, tokens) = await tpp.ConnectAsync(["ReadAccountsDetail"], customer: "ada");
        host.Services.GetRequiredService<SandboxFaults>().Set(Bank, new SandboxFault(mode, RetryAfterSeconds: 30));
        var interaction = Guid.NewGuid().ToString();

        var accounts = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", tokens.AccessToken,
            headers: new Dictionary<string, string> { ["x-fapi-interaction-id"] = interaction });
        var consent = await tpp.SendAsync(HttpMethod.Get, "/account-access-consents/{ConsentId}", $"/account-access-consents/{consentId}", clientToken);
        var created = await tpp.SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", clientToken,
            UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"]));
        var failing = new[] { accounts, consent, created };

        AssertConforms(document, failing);
        Assert.All(failing, answer => Assert.Equal(status, answer.Status));
        Assert.Equal(interaction, accounts.Headers["x-fapi-interaction-id"]);
        Assert.All(failing, answer => Assert.True(Guid.TryParse(answer.Headers.GetValueOrDefault("x-fapi-interaction-id"), out _), $"{answer} has no interaction id"));
        if (status == 500)
        {
            Assert.All(failing, answer => Assert.Equal("UK.OBIE.UnexpectedError", ErrorCode(answer)));
        }
        else
        {
            Assert.All(failing, answer => Assert.Equal(("30", ""), (answer.Headers["Retry-After"], answer.Body)));
        }
    }

    [Fact]
    public async Task The_transactions_report_stays_inside_the_consents_transaction_window_and_pages_with_links()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var bank = SandboxBankCatalog.Find(Bank)!;
        var data = host.Services.GetRequiredService<SandboxBankData>();
        var checking = Books("ada").Accounts.MaxBy(a => data.Transactions(bank, "ada", a.Id).Count)!;
        var from = new DateTimeOffset(TestTime.UtcNow.Date.AddDays(-30), TimeSpan.Zero);
        var consentId = await tpp.CreateConsentAsync(UkOpenBankingThirdParty.AllPermissions, from: from.ToString("yyyy-MM-dd'T'HH:mm:ss+00:00"));
        var tokens = await host.ApproveAsync(Bank, consentId, customer: "ada");

        var everything = await tpp.SendAsync(HttpMethod.Get, "/accounts/{AccountId}/transactions", $"/accounts/{checking.Id}/transactions", tokens.AccessToken);
        var full = await tpp.SendAsync(HttpMethod.Get, "/accounts", "/accounts", tokens.AccessToken);

        AssertConforms(document, tpp.Seen);
        var booked = Json(everything).GetProperty("Data").GetProperty("Transaction").EnumerateArray()
            .Select(t => DateTimeOffset.Parse(t.GetProperty("BookingDateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(booked);
        Assert.All(booked, at => Assert.True(at >= from, $"{at:o} is before the consent's TransactionFromDateTime {from:o}"));
        Assert.Equal(200, full.Status);
    }

    [Theory]
    [MemberData(nameof(ServedOperations))]
    public async Task Thames_serves_each_UK_account_information_operation_it_names(string method, string template)
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        Assert.True(document.Defines(method, template), $"{method} {template} is not an operation of {document.Title}.");

        // Unauthenticated, an operation Thames serves answers 401 with an interaction id; one it does not serve answers 404 without.
        var path = template.Replace("{ConsentId}", "aac-probe", StringComparison.Ordinal).Replace("{AccountId}", "probe", StringComparison.Ordinal);
        var answer = await tpp.SendAsync(new HttpMethod(method), template, path, token: null,
            json: method == "POST" ? UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"]) : null);

        Assert.True(answer.Status == 401 && answer.Headers.ContainsKey("x-fapi-interaction-id"), $"{method} {template} is not served ({answer.Status}).");
        AssertConforms(document, [answer]);
    }

    [Fact]
    public void The_mandatory_UK_account_information_operations_are_all_served()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);
        var mandatory = MandatoryOperations;
        var defined = document.Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);
        var served = ServedOperations.Select(row => $"{row.Data.Item1} {row.Data.Item2}").ToHashSet(StringComparer.Ordinal);

        var undefined = mandatory.Where(operation => !defined.Contains(operation)).ToList();
        var unserved = mandatory.Where(operation => !served.Contains(operation)).ToList();
        Assert.True(undefined.Count == 0, $"Not operations of {document.Title}: {string.Join(", ", undefined)}");
        Assert.True(unserved.Count == 0, $"Mandatory but not served by Thames Bank: {string.Join(", ", unserved)}");
    }

    [Fact]
    public async Task A_client_credentials_token_is_for_the_consent_resource_only_and_only_at_UK_banks()
    {
        using var elsewhere = await host.TokenRequestAsync("greenbank", ("grant_type", "client_credentials"), ("scope", "accounts"));
        using var wider = await host.TokenRequestAsync(Bank, ("grant_type", "client_credentials"), ("scope", "accounts balances"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("unsupported_grant_type", await elsewhere.Content.ReadAsStringAsync(Ct));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wider.StatusCode);
        Assert.Contains("invalid_scope", await wider.Content.ReadAsStringAsync(Ct));
    }
}
