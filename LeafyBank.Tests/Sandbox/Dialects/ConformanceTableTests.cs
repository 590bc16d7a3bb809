using LeafyBank.Tests.Browser;
using LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking;

namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>
/// Keeps the conformance tables in <c>docs/open-banking-sandbox.md</c> true: each lists every
/// account-information operation of its official document, once, and no other; the status it
/// states (<c>served</c> / <c>not served</c>) is the one measured here against the bank; a served
/// operation's answer conforms to the document; and the rows marked Mandatory are exactly the
/// operations the suite holds mandatory, all served. Any drift between the doc, the bank and the
/// standard fails with the rows that drifted.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed partial class ConformanceTableTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private const string DocPath = "docs/open-banking-sandbox.md";

    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private sealed record Row(string Operation, string Status, string Notes);

    [Theory]
    [InlineData(OfficialSpecs.BerlinGroup)]
    [InlineData(OfficialSpecs.UkAccountInfo)]
    public async Task The_conformance_table_lists_every_account_information_operation_of_the_official_document_with_the_status_the_bank_shows(string specFile)
    {
        var document = OfficialSpecs.Require(specFile);
        var rows = Table(specFile);
        var berlinGroup = specFile == OfficialSpecs.BerlinGroup;
        var operations = document.Operations(berlinGroup ? "Account Information Service (AIS)" : null)
            .Select(o => $"{o.Method} {o.Path}").ToList();
        var mandatory = berlinGroup
            ? DonauBankConformanceTests.MandatoryOperations.Select(o => $"{o.Method} {o.Template}").ToList()
            : ThamesBankConformanceTests.MandatoryOperations.ToList();

        var drift = new List<string>();
        drift.AddRange(operations.Where(o => !rows.Any(r => r.Operation == o)).Select(o => $"{o}: an operation of {document.Title} missing from the table"));
        drift.AddRange(rows.Where(r => !operations.Contains(r.Operation)).Select(r => $"{r.Operation}: in the table, but not an account-information operation of {document.Title}"));
        drift.AddRange(rows.GroupBy(r => r.Operation).Where(g => g.Count() > 1).Select(g => $"{g.Key}: listed {g.Count()} times"));
        drift.AddRange(rows.Where(r => r.Notes.StartsWith("Mandatory.", StringComparison.Ordinal) != mandatory.Contains(r.Operation))
            .Select(r => $"{r.Operation}: the table's Mandatory mark disagrees with the suite's mandatory operations"));
        drift.AddRange(mandatory.Where(o => rows.Any(r => r.Operation == o && r.Status != "served")).Select(o => $"{o}: mandatory, but the table does not say served"));
        foreach (var row in rows.Where(r => operations.Contains(r.Operation)))
        {
            var (measured, answer) = berlinGroup ? await ProbeDonauAsync(row.Operation) : await ProbeThamesAsync(row.Operation);
            if (measured != row.Status)
            {
                drift.Add($"{row.Operation}: the table says '{row.Status}', the bank shows '{measured}' ({answer.Status})");
            }
            else if (measured == "served")
            {
                drift.AddRange(document.Violations(answer));
            }
        }

        Assert.True(drift.Count == 0, $"{DocPath} has drifted from {specFile} or the bank:{Environment.NewLine}{string.Join(Environment.NewLine, drift)}");
    }

    [Theory]
    [InlineData("donaubank", 404)]
    [InlineData("thamesbank", 404)]
    [InlineData("greenbank", 201)]
    [InlineData("mongodbbank", 201)]
    public async Task Only_the_reference_banks_keep_the_generic_consent_resource(string bankId, int expected)
    {
        var validUntil = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var created = await host.PostConsentAsync(bankId, new { access = new[] { "accounts" }, validUntil, frequencyPerDay = 4, recurringIndicator = true });

        Assert.Equal(expected, (int)created.StatusCode);
    }

    [Fact]
    public void A_row_in_a_conformance_table_reads_as_operation_status_and_notes()
    {
        var rows = Table(OfficialSpecs.BerlinGroup);

        var create = Assert.Single(rows, r => r.Operation == "POST /v1/consents");
        Assert.Equal("served", create.Status);
        Assert.StartsWith("Mandatory.", create.Notes, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Status == "not served");
        Assert.All(rows, r => Assert.Contains(r.Status, new[] { "served", "not served" }));
    }

    /// <summary>Donau unauthenticated: a served operation answers 401 with its Berlin Group code (CERTIFICATE_MISSING at the consent resource, TOKEN_INVALID for data); any other answer means not served.</summary>
    private async Task<(string Status, ObservedResponse Answer)> ProbeDonauAsync(string operation)
    {
        var (method, template) = Split(operation);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/sandbox/{BerlinGroupSandboxClient.Bank}{Probe(template)}");
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("PSU-IP-Address", "192.0.2.10");
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent(JsonSerializer.Serialize(BerlinGroupSandboxClient.ConsentBody("2099-01-01")), Encoding.UTF8, "application/json");
        }
        var answer = await SendAsync(request, method, template);
        var served = answer.Status == 401 && answer.Body.Length > 0
            && JsonDocument.Parse(answer.Body).RootElement.TryGetProperty("code", out var code)
            && code.GetString() is "CERTIFICATE_MISSING" or "TOKEN_INVALID";
        return (served ? "served" : "not served", answer);
    }

    /// <summary>Thames unauthenticated: a served operation answers 401 with an interaction id; one it does not serve answers 404 without.</summary>
    private async Task<(string Status, ObservedResponse Answer)> ProbeThamesAsync(string operation)
    {
        var (method, template) = Split(operation);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/sandbox/thamesbank/open-banking/v3.1/aisp{Probe(template)}");
        if (method == "POST")
        {
            request.Content = new StringContent(UkOpenBankingThirdParty.ConsentBody(["ReadAccountsDetail"]), Encoding.UTF8, "application/json");
        }
        var answer = await SendAsync(request, method, template);
        return (answer.Status == 401 && answer.Headers.ContainsKey("x-fapi-interaction-id") ? "served" : "not served", answer);
    }

    private async Task<ObservedResponse> SendAsync(HttpRequestMessage request, string method, string template)
    {
        using var client = host.NewClient();
        using var response = await client.SendAsync(request, Ct);
        return await ObservedResponse.ReadAsync(method, template, response, Ct);
    }

    private static (string Method, string Template) Split(string operation) =>
        (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    private static string Probe(string template) => PathParameter().Replace(template, "probe");

    /// <summary>The table after <c>&lt;!-- conformance-table: {specFile} --&gt;</c>: its rows whose first cell is a backticked operation.</summary>
    private static List<Row> Table(string specFile)
    {
        var lines = File.ReadAllLines(Path.Combine(BrowserTest.RepositoryRoot(), DocPath));
        var marker = Array.FindIndex(lines, line => line.Trim() == $"<!-- conformance-table: {specFile} -->");
        Assert.True(marker >= 0, $"{DocPath} has no conformance table for {specFile} (marker line missing).");
        return [.. lines.Skip(marker + 1).SkipWhile(line => !line.StartsWith('|')).TakeWhile(line => line.StartsWith('|'))
            .Select(line => TableRow().Match(line)).Where(match => match.Success)
            .Select(match => new Row(match.Groups["operation"].Value, match.Groups["status"].Value.Trim(), match.Groups["notes"].Value.Trim()))];
    }

    [GeneratedRegex(@"^\| `(?<operation>(GET|POST|PUT|DELETE|PATCH) /[^`]*)` \|(?<status>[^|]+)\|(?<notes>.*)\|\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
