namespace LeafyBank.Core.Persistence.Validation;

/// <summary>
/// A write refused because the document breaks its collection's schema (see
/// <see cref="OpenFinanceSchemas"/>); nothing of it was stored.
/// </summary>
public sealed class DocumentValidationException(string collectionName, IReadOnlyList<string> problems, Exception? inner = null)
    : Exception($"A document for {collectionName} was not stored because it breaks the collection's rules: {string.Join("; ", problems)}. " +
                "Correct the data (or the code that produced it) and write it again.", inner)
{
    public string CollectionName { get; } = collectionName;

    public IReadOnlyList<string> Problems { get; } = problems;
}
