using System.Xml.Linq;
using LeafyBank.Core.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MongoDB.Bson.Serialization;

namespace LeafyBank.Core.Security;

/// <summary>
/// Keeps the Data Protection key ring in the document store (collection
/// <c>data_protection_keys</c>): it survives restarts, moves with the data, and is shared by
/// every app instance using the same MongoDB. Losing it would orphan every stored token.
/// </summary>
public sealed class StoreXmlRepository(IDocumentStore store, TimeProvider timeProvider) : IXmlRepository
{
    // Data Protection calls these synchronously and caches the result, so blocking here is rare and short.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        ReadAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        store.Collection(OpenFinanceCollections.DataProtectionKeys)
            .UpsertAsync(new DataProtectionKeyDocument
            {
                FriendlyName = friendlyName,
                Xml = element.ToString(SaveOptions.DisableFormatting),
                CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
            })
            .GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> ReadAllAsync()
    {
        var elements = new List<XElement>();
        await foreach (var raw in store.Collection(OpenFinanceCollections.DataProtectionKeys).ExportAsync())
        {
            var document = BsonSerializer.Deserialize<DataProtectionKeyDocument>(raw);
            elements.Add(XElement.Parse(document.Xml));
        }
        return elements;
    }
}
