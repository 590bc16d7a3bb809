using System.Globalization;
using System.Text;
using System.Text.Json;
using MongoDB.Bson;

namespace LeafyBank.Core.Interop;

/// <summary>One document read from an import file, with where it was found.</summary>
public sealed record SourceDocument(DocumentLocation Location, BsonDocument Document);

/// <summary>The documents of a file, or the first problem that stopped reading it.</summary>
public sealed record ExtendedJsonFile(string File, IReadOnlyList<SourceDocument> Documents, ImportProblem? Problem);

/// <summary>
/// Reads what mongoexport and Compass write: a JSON array of documents (pretty-printed or
/// not, <c>--jsonArray</c>) or documents one after another (one per line by default), in
/// canonical or relaxed Extended JSON. System.Text.Json finds the document boundaries and
/// reports syntax errors with exact lines; <see cref="ExtendedJsonValidator"/> holds each
/// document to <see cref="ImportLimits"/>; MongoDB.Bson's JSON reader then turns it into BSON,
/// so <c>$oid</c>, <c>$date</c>, <c>$numberDecimal</c>… keep their types. Reading stops at a
/// file's first problem, which names the document and the line where it is.
/// </summary>
public static class ExtendedJsonReader
{
    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static ExtendedJsonFile Read(string file, ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Utf8ByteOrderMark))
        {
            content = content[Utf8ByteOrderMark.Length..];
        }

        var documents = new List<SourceDocument>();
        var documentNumber = 0;
        var lines = new LineCursor();
        // Several top-level values are what a mongoexport file without --jsonArray is. The reader's own depth
        // limit stays above ImportLimits.MaxNestingDepth, so deep nesting is reported by that rule, not as a JSON error.
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = ImportLimits.MaxNestingDepth * 2 });
        try
        {
            if (!reader.Read())
            {
                return new ExtendedJsonFile(file, documents, null);
            }

            var isArray = reader.TokenType == JsonTokenType.StartArray;
            if (isArray && !reader.Read())
            {
                return Stop(DocumentLocation.WholeFile(file), "the JSON array is not closed (missing ']').");
            }

            var arrayClosed = false;
            do
            {
                if (isArray && reader.TokenType == JsonTokenType.EndArray)
                {
                    arrayClosed = true;
                    if (reader.Read())
                    {
                        return Stop(At(documentNumber + 1, reader.TokenStartIndex, content, ref lines),
                            "unexpected content after the closing ']' of the array; a file holds one array or one document per line, not both.");
                    }
                    break;
                }

                documentNumber++;
                var start = (int)reader.TokenStartIndex;
                var location = At(documentNumber, start, content, ref lines);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Stop(location, isArray || documentNumber > 1
                        ? $"expected a document ({{ … }}) but found {Describe(reader.TokenType)}."
                        : $"the file holds {Describe(reader.TokenType)}; it must hold documents ({{ … }}, one per line) or an array of them ([{{ … }}, …]).");
                }

                if (ExtendedJsonValidator.Check(ref reader) is { } violation)
                {
                    return Stop(At(documentNumber, violation.Offset, content, ref lines), violation.Reason);
                }
                if (Parse(content[start..(int)reader.BytesConsumed], out var problem) is { } document)
                {
                    documents.Add(new SourceDocument(location, document));
                }
                else
                {
                    return Stop(location, problem);
                }
            }
            while (reader.Read());

            if (isArray && !arrayClosed)
            {
                return Stop(At(documentNumber, content.Length, content, ref lines), "the JSON array is not closed (missing ']').");
            }
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var column = (int)(exception.BytePositionInLine ?? 0) + 1;
            var location = new DocumentLocation(file, Math.Max(documentNumber, 1), line);
            return IsAtEnd(content, line, column)
                ? Stop(location, "the file ends before its JSON is complete (a document, array or string is not closed), so it looks cut off; export it again.")
                : Stop(location, $"malformed JSON at line {line}, column {column}: {WithoutPosition(exception.Message)}");
        }

        return new ExtendedJsonFile(file, documents, null);

        ExtendedJsonFile Stop(DocumentLocation location, string reason) =>
            new(file, [], new ImportProblem(location, reason));

        DocumentLocation At(int number, long offset, ReadOnlySpan<byte> text, ref LineCursor cursor) =>
            new(file, number, cursor.LineAt(text, offset));
    }

    /// <summary>One document's JSON (already checked) as BSON, or why MongoDB.Bson could not take it.</summary>
    private static BsonDocument? Parse(ReadOnlySpan<byte> json, out string problem)
    {
        problem = "";
        BsonDocument document;
        int size;
        try
        {
            document = BsonDocument.Parse(Encoding.UTF8.GetString(json));
            // Serialising is also the proof that the document can be written at all.
            size = document.ToBson().Length;
        }
        catch (Exception exception) when (exception is FormatException or BsonException or ArgumentException or OverflowException or InvalidOperationException)
        {
            // What the validator lets through but the BSON reader refuses, e.g. {"$binary": "not base64", "$type": "00"}.
            problem = $"not valid Extended JSON: {exception.Message}";
            return null;
        }

        if (size > ImportLimits.MaxDocumentBytes)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"the document is {size / 1024.0 / 1024.0:0.0} MB as BSON; MongoDB stores at most {ImportLimits.MaxDocumentBytes / (1024 * 1024)} MB in one document. Split it, or leave out what is not needed.");
            return null;
        }
        return document;
    }

    /// <summary>True when the 1-based line and column are at the end of the content, trailing whitespace aside.</summary>
    private static bool IsAtEnd(ReadOnlySpan<byte> content, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = content[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }
            offset += newline + 1;
        }
        offset = Math.Min(offset + column - 1, content.Length);
        return content[offset..].TrimStart(" \t\r\n"u8).IsEmpty;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true/false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." which we already report.
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    /// <summary>Counts lines forward from the last offset asked about, so a file is scanned once, not once per document.</summary>
    private struct LineCursor
    {
        private long offset;
        private int line;

        public int LineAt(ReadOnlySpan<byte> content, long at)
        {
            at = Math.Min(at, content.Length);
            if (line == 0 || at < offset)
            {
                (offset, line) = (0, 1);
            }
            line += content[(int)offset..(int)at].Count((byte)'\n');
            offset = at;
            return line;
        }
    }
}
