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
/// reports syntax errors with exact lines; MongoDB.Bson's JSON reader turns each document
/// into BSON, so <c>$oid</c>, <c>$date</c>, <c>$numberDecimal</c>… keep their types.
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
        // Several top-level values are what a mongoexport file without --jsonArray is.
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { AllowMultipleValues = true });
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
                        return Stop(At(file, documentNumber + 1, content, reader.TokenStartIndex),
                            "unexpected content after the closing ']' of the array; a file holds one array or one document per line, not both.");
                    }
                    break;
                }

                documentNumber++;
                var start = (int)reader.TokenStartIndex;
                var location = At(file, documentNumber, content, start);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Stop(location, $"expected a document ({{ … }}) but found {Describe(reader.TokenType)}.");
                }

                reader.Skip();
                var json = Encoding.UTF8.GetString(content[start..(int)reader.BytesConsumed]);
                try
                {
                    documents.Add(new SourceDocument(location, BsonDocument.Parse(json)));
                }
                catch (Exception exception) when (exception is FormatException or BsonException or ArgumentException)
                {
                    // Valid JSON but not valid Extended JSON, e.g. {"$oid": "not-hex"}.
                    return Stop(location, $"not valid Extended JSON: {exception.Message}");
                }
            }
            while (reader.Read());

            if (isArray && !arrayClosed)
            {
                return Stop(At(file, documentNumber, content, content.Length), "the JSON array is not closed (missing ']').");
            }
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var column = (int)(exception.BytePositionInLine ?? 0) + 1;
            return Stop(new DocumentLocation(file, Math.Max(documentNumber, 1), line),
                $"malformed JSON at line {line}, column {column}: {WithoutPosition(exception.Message)}");
        }

        return new ExtendedJsonFile(file, documents, null);

        ExtendedJsonFile Stop(DocumentLocation location, string reason) =>
            new(file, [], new ImportProblem(location, reason));
    }

    private static DocumentLocation At(string file, int documentNumber, ReadOnlySpan<byte> content, long offset) =>
        new(file, documentNumber, content[..(int)Math.Min(offset, content.Length)].Count((byte)'\n') + 1);

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
}
