namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// The CSV download of the transactions page: the signed-in customer's own transactions, filtered
/// as the page is, with a readable header, invariant numbers, ISO dates, and bank text that a
/// spreadsheet can never run as a formula.
/// </summary>
public sealed class TransactionExportTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId FridaId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    private static readonly ObjectId GraceId = ObjectId.Parse("66fe219d625d93a100528224");

    private Uri baseAddress = null!;

    /// <summary>The reference of Frida's Girokonto (its stored document's id), as the page's links name it.</summary>
    private ObjectId girokontoReference;

    // One app for the class: every test reads the same transactions (upserted again, unchanged, before each).
    public async ValueTask InitializeAsync()
    {
        baseAddress = factory.Start();
        var transactions = factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.ExternalTransactions);
        var at = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        await transactions.UpsertAsync(Tx(FridaId, "fridaklo", "F1", -1234.5m, "EUR", at, "Café Ümlaut, \"the best\"", "Eating out"), Cancel);
        await transactions.UpsertAsync(Tx(FridaId, "fridaklo", "F2", 2500m, "JPY", at.AddDays(-1), "=HYPERLINK(\"http://evil.example\",\"Refund\")", null), Cancel);
        await transactions.UpsertAsync(Tx(FridaId, "fridaklo", "F3", -12.345m, "BHD", at.AddDays(-2), "@SUM(A1:A9)", "+cmd"), Cancel);
        await transactions.UpsertAsync(Tx(FridaId, "fridaklo", "F4", -9.99m, "EUR", at.AddDays(-40), "-2+3 coffee", "Eating out"), Cancel);
        await transactions.UpsertAsync(Tx(GraceId, "gracehop", "G1", -77m, "EUR", at, "Grace's secret purchase", "Eating out"), Cancel);
        // Frida's account as her bank names it; Grace has no account of that name, only transactions under the same id.
        var girokonto = TestDocuments.Account(FridaId, "Donau Bank", "AT-99", 5000m, "EUR");
        girokonto.AccountName = "Girokonto";
        girokonto.AccountIdentification = "AT61 1904 3002 3457 3201";
        await factory.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(girokonto, Cancel);
        girokontoReference = girokonto.Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ExternalTransaction Tx(ObjectId owner, string userName, string id, decimal amount, string currency, DateTime at, string description, string? category) => new()
    {
        TransactionId = id,
        TransactionBank = "Donau Bank",
        AccountId = "AT-99",
        TransactionUser = new PartyReference { UserId = owner, UserName = userName },
        BookingStatus = id == "F2" ? BookingStatuses.Pending : BookingStatuses.Booked,
        Amount = amount,
        Currency = currency,
        BookingDate = at,
        ValueDate = at.AddDays(1),
        Description = description,
        Category = category,
    };

    private async Task<(HttpResponseMessage Response, string Body)> DownloadAsync(string query)
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");
        var response = await browser.App.GetAsync("/transactions/export.csv" + query, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        return (response, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task A_customer_downloads_their_own_transactions_as_a_csv_with_a_header_invariant_numbers_and_iso_dates()
    {
        var (response, body) = await DownloadAsync("");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("leafybank-transactions-" + TestTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ".csv",
            response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.StartsWith("\uFEFF", body, StringComparison.Ordinal);
        var lines = body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date,Value date,Bank,Account,Description,Merchant,Category,Status,Amount,Currency", lines[0]);
        Assert.Equal("2026-11-20,2026-11-21,Donau Bank,Girokonto •••• 3201,\"Café Ümlaut, \"\"the best\"\"\",,Eating out,Booked,-1234.50,EUR", lines[1]);
        Assert.Equal(5, lines.Length);
        Assert.DoesNotContain("Grace", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_names_each_account_as_the_page_does_and_carries_no_internal_ids()
    {
        var (_, body) = await DownloadAsync("");
        var lines = body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.All(lines.Skip(1), line => Assert.Contains(",Donau Bank,Girokonto •••• 3201,", line, StringComparison.Ordinal));
        // Neither the bank's internal account id nor the transaction ids, which no statement or screen shows a customer.
        Assert.DoesNotContain("AT-99", body, StringComparison.Ordinal);
        Assert.DoesNotContain(lines.Skip(1), line => line.EndsWith(",F1", StringComparison.Ordinal) || line.Contains(",F2", StringComparison.Ordinal));
        Assert.DoesNotContain("Transaction id", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bank_text_that_starts_like_a_formula_is_written_as_text_and_amounts_stay_numbers()
    {
        var (_, body) = await DownloadAsync("");
        var lines = body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("2026-11-19,2026-11-20,Donau Bank,Girokonto •••• 3201,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Refund\"\")\",,Uncategorised,Pending,2500,JPY", lines[2]);
        Assert.Equal("2026-11-18,2026-11-19,Donau Bank,Girokonto •••• 3201,\"'@SUM(A1:A9)\",,\"'+cmd\",Booked,-12.345,BHD", lines[3]);
        Assert.Equal("2026-10-11,2026-10-12,Donau Bank,Girokonto •••• 3201,\"'-2+3 coffee\",,Eating out,Booked,-9.99,EUR", lines[4]);
        // No cell other than an amount starts with a formula character.
        var cells = lines.Skip(1).SelectMany(line => line.Split(',')).Where(cell => cell.Length > 0 && !decimal.TryParse(cell, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.DoesNotContain(cells, cell => "=+-@".Contains(cell.TrimStart('"')[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_download_holds_exactly_what_the_pages_filters_ask_for()
    {
        var (_, body) = await DownloadAsync("?category=Eating%20out&from=2026-11-01&to=2026-11-30&min=1000");
        var lines = body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.Contains("Café Ümlaut", lines[1], StringComparison.Ordinal);

        var (pending, pendingBody) = await DownloadAsync("?status=pending&account=AT-99&bank=Donau%20Bank");
        Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
        var pendingLines = pendingBody.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, pendingLines.Length);
        Assert.Contains("HYPERLINK", pendingLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_named_by_its_reference_as_the_page_links_it_downloads_its_transactions_and_another_customers_reference_finds_none()
    {
        var (response, body) = await DownloadAsync($"?bank=Donau%20Bank&account={girokontoReference}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Grace has transactions under the same bank id, but Frida's reference is not hers: nothing of anyone's matches it.
        using var grace = new SignInDriver(factory, baseAddress);
        await grace.SignInAsync("gracehop");
        using var graces = await grace.App.GetAsync($"/transactions/export.csv?account={girokontoReference}", Cancel);
        Assert.Equal(HttpStatusCode.OK, graces.StatusCode);
        var graceLines = (await graces.Content.ReadAsStringAsync(Cancel)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(graceLines);
    }

    [Fact]
    public async Task Filters_that_cannot_be_used_get_a_clear_refusal_and_no_file()
    {
        var (response, body) = await DownloadAsync("?from=2026-11-30&to=2026-11-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Contains("The start date (30 Nov 2026) is after the end date (1 Nov 2026).", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_customers_bank_and_account_never_reach_the_file_and_anonymous_visitors_get_none()
    {
        using var grace = new SignInDriver(factory, baseAddress);
        await grace.SignInAsync("gracehop");
        using var graces = await grace.App.GetAsync("/transactions/export.csv?bank=Donau%20Bank&account=AT-99", Cancel);
        var graceBody = await graces.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("Grace's secret purchase", graceBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Café", graceBody, StringComparison.Ordinal);
        // Grace's file names the account by its number alone: Frida's name for her own account never reaches it.
        Assert.Contains(",Donau Bank,Account •••• AT99,", graceBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Girokonto", graceBody, StringComparison.Ordinal);

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        using var refused = await anonymous.GetAsync("/transactions/export.csv", Cancel);
        Assert.True(refused.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, refused.StatusCode.ToString());
        Assert.DoesNotContain("Café", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
