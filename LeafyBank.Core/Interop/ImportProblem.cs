namespace LeafyBank.Core.Interop;

/// <summary>Where a document sits in an import file: its 1-based number and the line it starts on.</summary>
public sealed record DocumentLocation(string File, int DocumentNumber, int Line)
{
    /// <summary>The whole file, for problems that are not about one document.</summary>
    public static DocumentLocation WholeFile(string file) => new(file, 0, 0);

    public override string ToString() => DocumentNumber == 0
        ? File
        : $"{File}, document {DocumentNumber} (line {Line})";
}

/// <summary>Why (part of) an import file was rejected, in words that say what to fix.</summary>
public sealed record ImportProblem(DocumentLocation Location, string Reason)
{
    public override string ToString() => $"{Location}: {Reason}";
}
