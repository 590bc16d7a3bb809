namespace LeafyBank.Tests.Web.Api;

/// <summary>One result of a Spectral run: the rule, where in the document (Spectral's path, dot-joined) and what it says.</summary>
public sealed record SpectralFinding(string Code, string Path, string Message, SpectralSeverity Severity)
{
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Code} at {(Path.Length == 0 ? "(document)" : Path)}: {Message}";
}

/// <summary>Spectral's severities, in the numbers its JSON output uses.</summary>
public enum SpectralSeverity
{
    Error = 0,
    Warn = 1,
    Info = 2,
    Hint = 3,
}
