using MongoDB.Bson;

namespace LeafyBank.Core.Persistence.Validation;

/// <summary>
/// Builds a collection's <c>$jsonSchema</c> (the subset MongoDB and <see cref="SchemaValidator"/>
/// both understand: bsonType, required, properties, enum, pattern, minLength, items), so each
/// collection's rules are written once, as the server will hold them.
/// </summary>
public static class SchemaRules
{
    /// <summary>An object with these fields; <paramref name="required"/> names the ones that must be there.</summary>
    public static BsonDocument Object(IEnumerable<string> required, params (string Field, BsonDocument Rule)[] properties)
    {
        var schema = new BsonDocument("bsonType", "object");
        var requiredFields = new BsonArray(required);
        if (requiredFields.Count > 0)
        {
            schema.Add("required", requiredFields);
        }
        var fields = new BsonDocument();
        foreach (var (field, rule) in properties)
        {
            fields.Add(field, rule);
        }
        schema.Add("properties", fields);
        return schema;
    }

    /// <summary>Money: Decimal128 only (a double would round cents).</summary>
    public static BsonDocument Money() => new("bsonType", "decimal");

    /// <summary>Money that may be absent or null.</summary>
    public static BsonDocument OptionalMoney() => new("bsonType", new BsonArray { "decimal", "null" });

    public static BsonDocument Id() => new("bsonType", "objectId");

    public static BsonDocument Date() => new("bsonType", "date");

    public static BsonDocument Text() => new("bsonType", "string");

    /// <summary>A 64-bit whole number (a C# <c>long</c>), as the mapping writes one: counters and revisions.</summary>
    public static BsonDocument WholeNumber() => new("bsonType", "long");

    /// <summary>A string that must not be empty (identifiers).</summary>
    public static BsonDocument NonEmptyText() => new BsonDocument("bsonType", "string").Add("minLength", 1);

    /// <summary>One of a fixed set of strings.</summary>
    public static BsonDocument OneOf(params string[] values) => new BsonDocument("bsonType", "string").Add("enum", new BsonArray(values));

    /// <summary>A string matching <paramref name="pattern"/> (an ECMAScript/PCRE-compatible regular expression).</summary>
    public static BsonDocument Matching(string pattern) => new BsonDocument("bsonType", "string").Add("pattern", pattern);

    /// <summary>The owner reference every owned document carries: the user's id is required and an ObjectId.</summary>
    public static BsonDocument OwnerReference() =>
        Object(["UserId"], ("UserId", Id()), ("UserName", Text()));
}
