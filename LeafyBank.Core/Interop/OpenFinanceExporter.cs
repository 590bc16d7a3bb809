using System.Text;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace LeafyBank.Core.Interop;

/// <summary>One exported collection: where it went and how many documents it holds.</summary>
public sealed record ExportedCollection(string Collection, string Path, long Documents);

/// <summary>
/// Writes every collection as <c>open_finance.&lt;collection&gt;.json</c>, one canonical
/// Extended JSON document per line: the format mongoimport reads by default, with every BSON
/// type kept (Decimal128 money as <c>$numberDecimal</c>, dates, ObjectIds), so a user can move
/// from the embedded store to MongoDB Atlas with <c>mongoimport --db open_finance --file …</c>.
/// Documents are written exactly as stored: tokens stay encrypted.
/// </summary>
public sealed class OpenFinanceExporter(IDocumentStore store)
{
    /// <summary>The collection holding the token encryption keys, left out unless asked for.</summary>
    public static string KeyRingCollection => OpenFinanceCollections.DataProtectionKeys.CollectionName;

    private static readonly JsonWriterSettings CanonicalOneLine = new()
    {
        OutputMode = JsonOutputMode.CanonicalExtendedJson,
        Indent = false,
    };

    /// <summary>mongoexport's <c>&lt;database&gt;.&lt;collection&gt;.json</c>, which our import also reads.</summary>
    public static string FileNameFor(string collection) => $"{ConfigurationKeys.DefaultDatabaseName}.{collection}.json";

    public async Task<IReadOnlyList<ExportedCollection>> ExportAsync(string directory, bool includeKeyRing, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var exported = new List<ExportedCollection>();
        foreach (var kind in OpenFinanceCollections.All)
        {
            if (kind.CollectionName == KeyRingCollection && !includeKeyRing)
            {
                continue;
            }
            // Sign-in sessions are live credentials of this installation, not the customer's data:
            // carried to another store, an old cookie could sign in there. Never exported, nor why one ended.
            if (kind.CollectionName == OpenFinanceCollections.Sessions.CollectionName
                || kind.CollectionName == OpenFinanceCollections.EndedSessions.CollectionName)
            {
                continue;
            }

            var path = Path.Combine(directory, FileNameFor(kind.CollectionName));
            // Write beside the target and move into place, so an interrupted export never leaves half a file.
            var partial = path + ".partial";
            long count = 0;
            await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.NewLine = "\n";
                await foreach (var document in Documents(kind, cancellationToken))
                {
                    await writer.WriteLineAsync(document.ToJson(CanonicalOneLine).AsMemory(), cancellationToken);
                    count++;
                }
            }
            File.Move(partial, path, overwrite: true);
            exported.Add(new ExportedCollection(kind.CollectionName, path, count));
        }
        return exported;
    }

    private IAsyncEnumerable<BsonDocument> Documents(IDocumentKind kind, CancellationToken cancellationToken) =>
        kind.ExportFrom(store, cancellationToken);
}
