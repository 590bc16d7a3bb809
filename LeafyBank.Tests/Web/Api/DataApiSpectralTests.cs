using LeafyBank.Tests.Browser;
using LeafyBank.Web.Api;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The lint of the data API's document with Spectral's OpenAPI rules (<c>.spectral.yaml</c>): the document the
/// app serves has no finding at error or warning level, and a document with known faults is caught, which
/// proves the tool ran with the ruleset rather than found nothing to read.
/// </summary>
public sealed class DataApiSpectralTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_served_document_has_no_spectral_errors_or_warnings()
    {
        SkipWithoutSpectral();

        var findings = await SpectralLinter.LintAsync(await ServedDocumentAsync(), Cancel);

        var failing = findings.Where(finding => finding.Severity is SpectralSeverity.Error or SpectralSeverity.Warn).ToList();
        Assert.True(failing.Count == 0, $"Spectral {SpectralLinter.Version} found {failing.Count}:{Environment.NewLine}{string.Join(Environment.NewLine, failing)}");
    }

    [Fact]
    public async Task A_duplicate_operation_id_and_an_operation_without_a_success_response_are_reported()
    {
        SkipWithoutSpectral();
        var document = JsonNode.Parse(await ServedDocumentAsync())!;
        // A second route that reuses ListAccounts' operationId and documents only its failures.
        var copy = document["paths"]!["/api/v1/accounts"]!.DeepClone();
        copy["get"]!["responses"]!.AsObject().Remove("200");
        document["paths"]!.AsObject().Add("/api/v1/accounts-again", copy);

        var findings = await SpectralLinter.LintAsync(document.ToJsonString(), Cancel);

        Assert.Contains(findings, finding => finding is { Code: "operation-operationId-unique", Severity: SpectralSeverity.Error }
                                             && finding.Path.StartsWith("paths./api/v1/accounts-again.get", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding is { Code: "operation-success-response", Severity: SpectralSeverity.Warn }
                                             && finding.Path.StartsWith("paths./api/v1/accounts-again.get", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ci_script_installs_the_spectral_version_the_tests_name()
    {
        var script = File.ReadAllText(Path.Combine(BrowserTest.RepositoryRoot(), ".ci", "run"));

        Assert.Contains(SpectralLinter.Package, script, StringComparison.Ordinal);
        Assert.Contains(".tools/spectral", script, StringComparison.Ordinal);
    }

    private static void SkipWithoutSpectral()
    {
        if (SpectralLinter.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private async Task<string> ServedDocumentAsync()
    {
        using var anonymous = fixture.ClientWith(null);
        return await anonymous.GetStringAsync(DataApiServiceExtensions.OpenApiPath, Cancel);
    }
}
