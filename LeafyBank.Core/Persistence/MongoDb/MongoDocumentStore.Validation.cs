using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

public sealed partial class MongoDocumentStore
{
    private readonly List<string> validatorsRefused = [];

    /// <summary>
    /// Where the collections' schemas are enforced: "server and app" when every validator is on the
    /// server, otherwise "app" with the reason (a user without the collMod privilege, or a server
    /// without validators). The app checks every write either way.
    /// </summary>
    public string SchemaValidation => validatorsRefused.Count == 0
        ? "server and app"
        : $"app only for {string.Join(", ", validatorsRefused)}";

    /// <summary>
    /// Puts the collection's <c>$jsonSchema</c> on the server: at creation for a new collection,
    /// by <c>collMod</c> for an existing one (the definition in code always wins, so a changed rule
    /// reaches the server at the next start). Strict and error: a write that breaks it is refused.
    /// Time series are left out (their validators are limited); the app still checks their writes.
    /// </summary>
    private async Task ApplyValidatorAsync(IDocumentKind kind, CancellationToken cancellationToken)
    {
        if (kind.Schema is null || IsTimeSeries(kind.CollectionName))
        {
            return;
        }
        var validator = new BsonDocument("$jsonSchema", kind.Schema);
        try
        {
            if (await CollectionTypeAsync(kind.CollectionName, cancellationToken) is null && await TryCreateWithValidatorAsync(kind, validator, cancellationToken))
            {
                return;
            }
            await database.RunCommandAsync<BsonDocument>(new BsonDocument
            {
                { "collMod", kind.CollectionName },
                { "validator", validator },
                { "validationLevel", "strict" },
                { "validationAction", "error" },
            }, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception)
        {
            lock (validatorsRefused)
            {
                validatorsRefused.Add($"{kind.CollectionName} ({exception.CodeName})");
            }
        }
    }

    /// <returns>False when another instance created the collection first (then collMod applies the validator).</returns>
    private async Task<bool> TryCreateWithValidatorAsync(IDocumentKind kind, BsonDocument validator, CancellationToken cancellationToken)
    {
        try
        {
            await database.CreateCollectionAsync(kind.CollectionName, new CreateCollectionOptions<BsonDocument>
            {
                Validator = validator,
                ValidationLevel = DocumentValidationLevel.Strict,
                ValidationAction = DocumentValidationAction.Error,
            }, cancellationToken);
            return true;
        }
        catch (MongoCommandException exception) when (exception.CodeName == "NamespaceExists")
        {
            return false;
        }
    }
}
