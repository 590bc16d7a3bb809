using LeafyBank.Tests.Browser;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// Spectral (Stoplight's OpenAPI linter, from npm) run on a document with the repository's
/// <c>.spectral.yaml</c>. It is taken from <see cref="ExecutableVariable"/> when set, otherwise from
/// <c>.tools/spectral</c> in the clone, where <c>.ci/run</c> installs the pinned <see cref="Version"/>.
/// Without it the lint tests report as skipped with <see cref="SkipReason"/>, never as passed.
/// </summary>
public static class SpectralLinter
{
    public const string Version = "6.16.3";
    public const string Package = "@stoplight/spectral-cli@" + Version;
    public const string ExecutableVariable = "LEAFYBANK_SPECTRAL";

    // Spectral starts in about 3 s; a busy CI machine gets ample room before a hung run fails the test.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Executable { get; } = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path
        ? path
        : Path.Combine(BrowserTest.RepositoryRoot(), ".tools", "spectral", "node_modules", ".bin", "spectral");

    /// <summary>Null when Spectral can run; otherwise why the lint tests are skipped.</summary>
    public static string? SkipReason => File.Exists(Executable)
        ? null
        : $"The OpenAPI lint needs Spectral ({Package}, Node.js 18+) at {Executable}: run " +
          $"`npm install --prefix .tools/spectral --no-audit --no-fund {Package}` at the repository root (.ci/run does), or set {ExecutableVariable}.";

    /// <summary>Lints <paramref name="document"/> (OpenAPI JSON) and returns every finding, of any severity.</summary>
    public static async Task<IReadOnlyList<SpectralFinding>> LintAsync(string document, CancellationToken cancellationToken)
    {
        var workspace = Directory.CreateTempSubdirectory("leafybank-spectral-");
        try
        {
            var documentPath = Path.Combine(workspace.FullName, "openapi.json");
            await File.WriteAllTextAsync(documentPath, document, cancellationToken);
            var ruleset = Path.Combine(BrowserTest.RepositoryRoot(), ".spectral.yaml");
            var start = new ProcessStartInfo(Executable, ["lint", documentPath, "--ruleset", ruleset, "--format", "json", "--quiet"]);
            var run = await AppProcess.RunAsync(start, Timeout, cancellationToken);
            // 0: nothing at error level; 1: errors found. Anything else (2: a bad ruleset or document) is the tool failing.
            if (run.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"{Executable} exited with {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
            }
            return [.. JsonNode.Parse(run.StandardOutput)!.AsArray().Select(Finding)];
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    private static SpectralFinding Finding(JsonNode? result) => new(
        result!["code"]!.ToString(),
        string.Join('.', result["path"]!.AsArray().Select(segment => segment!.ToString())),
        result["message"]!.GetValue<string>(),
        (SpectralSeverity)result["severity"]!.GetValue<int>());
}
