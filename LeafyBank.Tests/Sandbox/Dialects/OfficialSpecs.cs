namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>
/// Where the official OpenAPI documents are (UK OB Read/Write 3.1.11 account-info, Berlin Group
/// NextGenPSD2 1.3.12). They are not in this repository: <c>LEAFYBANK_SPECS_DIR</c> names their
/// folder, otherwise the nearest ancestor of the repository root holding <c>shared/specs</c>
/// is used. Without them the conformance tests are skipped with the reason, never passed.
/// </summary>
public static class OfficialSpecs
{
    public const string UkAccountInfo = "uk-ob-3.1.11-account-info.json";

    public const string BerlinGroup = "bg-psd2-1.3.12.json";

    private const string DirectoryVariable = "LEAFYBANK_SPECS_DIR";

    // Read once per run: each document is over half a megabyte, and many tests check against it.
    private static readonly Dictionary<string, Lazy<OpenApiConformance?>> Documents =
        new[] { UkAccountInfo, BerlinGroup }.ToDictionary(fileName => fileName, fileName => new Lazy<OpenApiConformance?>(() => Load(fileName)));

    /// <summary>The document, or the test is skipped with the reason.</summary>
    public static OpenApiConformance Require(string fileName)
    {
        var document = Documents[fileName].Value;
        Assert.SkipWhen(document is null, $"The official document {fileName} is not available: set {DirectoryVariable} to the folder holding it, " +
            "or place it in shared/specs beside the repository (see shared/specs/README.md).");
        return document;
    }

    private static OpenApiConformance? Load(string fileName) =>
        Find() is { } folder && File.Exists(Path.Combine(folder, fileName)) ? OpenApiConformance.Load(Path.Combine(folder, fileName)) : null;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }
        // The repository root, then its ancestors.
        for (var folder = new DirectoryInfo(Browser.BrowserTest.RepositoryRoot()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "specs");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
