using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace LeafyBank.Core.Persistence.Validation;

/// <summary>
/// Checks a document against a <c>$jsonSchema</c> written with <see cref="SchemaRules"/>, as
/// MongoDB's validator would: the embedded engine enforces the same definition the server holds,
/// and both engines check before they write, so a bad document is refused whole with the reasons.
/// </summary>
public static class SchemaValidator
{
    private static readonly Dictionary<string, Regex> Patterns = [];
    private static readonly Lock PatternsGate = new();

    /// <summary>What is wrong with <paramref name="document"/>, in words; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(BsonDocument schema, BsonDocument document)
    {
        var problems = new List<string>();
        Check(schema, document, "", problems);
        return problems;
    }

    private static void Check(BsonDocument schema, BsonValue value, string path, List<string> problems)
    {
        var name = path.Length == 0 ? "the document" : path;
        if (schema.TryGetValue("bsonType", out var bsonType) && !HasType(value, bsonType))
        {
            problems.Add($"{name} must be {Describe(bsonType)}, not {TypeName(value)}");
            return;
        }
        if (schema.TryGetValue("enum", out var allowed) && !allowed.AsBsonArray.Contains(value))
        {
            problems.Add($"{name} must be one of {string.Join(", ", allowed.AsBsonArray.Select(v => v.ToString()))}, not '{value}'");
        }
        if (value.IsString)
        {
            if (schema.TryGetValue("minLength", out var minLength) && value.AsString.Length < minLength.ToInt32())
            {
                problems.Add($"{name} must not be empty");
            }
            if (schema.TryGetValue("pattern", out var pattern) && !Pattern(pattern.AsString).IsMatch(value.AsString))
            {
                problems.Add($"{name} is not in the stored form it must have ({pattern.AsString})");
            }
        }
        if (value is BsonDocument document)
        {
            if (schema.TryGetValue("required", out var required))
            {
                foreach (var field in required.AsBsonArray.Select(f => f.AsString).Where(field => !document.Contains(field)))
                {
                    problems.Add($"{Join(path, field)} is required");
                }
            }
            if (schema.TryGetValue("properties", out var properties))
            {
                foreach (var property in properties.AsBsonDocument)
                {
                    if (document.TryGetValue(property.Name, out var fieldValue))
                    {
                        Check(property.Value.AsBsonDocument, fieldValue, Join(path, property.Name), problems);
                    }
                }
            }
        }
        if (value is BsonArray array && schema.TryGetValue("items", out var items))
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items.AsBsonDocument, array[i], $"{path}[{i}]", problems);
            }
        }
    }

    private static bool HasType(BsonValue value, BsonValue bsonType) =>
        bsonType.IsBsonArray ? bsonType.AsBsonArray.Any(type => TypeName(value) == type.AsString) : TypeName(value) == bsonType.AsString;

    private static string Describe(BsonValue bsonType) =>
        bsonType.IsBsonArray ? string.Join(" or ", bsonType.AsBsonArray.Select(t => t.AsString)) : bsonType.AsString;

    /// <summary>The <c>$jsonSchema</c> bsonType alias of a value.</summary>
    private static string TypeName(BsonValue value) => value.BsonType switch
    {
        BsonType.Document => "object",
        BsonType.Array => "array",
        BsonType.String => "string",
        BsonType.ObjectId => "objectId",
        BsonType.Boolean => "bool",
        BsonType.DateTime => "date",
        BsonType.Null => "null",
        BsonType.Int32 => "int",
        BsonType.Int64 => "long",
        BsonType.Double => "double",
        BsonType.Decimal128 => "decimal",
        BsonType.Binary => "binData",
        BsonType.Timestamp => "timestamp",
        _ => value.BsonType.ToString(),
    };

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static Regex Pattern(string pattern)
    {
        lock (PatternsGate)
        {
            if (!Patterns.TryGetValue(pattern, out var regex))
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
                Patterns[pattern] = regex;
            }
            return regex;
        }
    }
}
