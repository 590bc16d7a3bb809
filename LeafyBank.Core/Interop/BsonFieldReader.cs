using System.Globalization;
using MongoDB.Bson;

namespace LeafyBank.Core.Interop;

/// <summary>
/// Reads typed fields out of a raw document, remembering which fields were used (the rest
/// become the bank's extras) and collecting every problem with the field's full path, so one
/// pass reports all of a document's errors instead of the first.
/// </summary>
internal sealed class BsonFieldReader
{
    private readonly BsonDocument document;
    private readonly string pathPrefix;
    private readonly List<string> errors;
    private readonly HashSet<string> consumed = new(StringComparer.Ordinal);

    public BsonFieldReader(BsonDocument document) : this(document, "", []) { }

    private BsonFieldReader(BsonDocument document, string pathPrefix, List<string> errors)
    {
        this.document = document;
        this.pathPrefix = pathPrefix;
        this.errors = errors;
    }

    public IReadOnlyList<string> Errors => errors;

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => document.TryGetValue(name, out var value) && !value.IsBsonNull;

    /// <summary>Marks a field as handled without reading it (e.g. one the import replaces).</summary>
    public void Ignore(string name) => consumed.Add(name);

    public void AddError(string name, string problem) => errors.Add($"{Path(name)} {problem}");

    public string? String(string name, bool required, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Expect(name, value, "a string", value.IsString ? value.AsString.Trim() : null)
            : null;

    /// <summary>An identifier such as an account number: a string, or a whole number written without quotes.</summary>
    public string? Identifier(string name, bool required, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Expect(name, value, "a string", value.BsonType switch
            {
                BsonType.String => value.AsString.Trim(),
                BsonType.Int32 => value.AsInt32.ToString(CultureInfo.InvariantCulture),
                BsonType.Int64 => value.AsInt64.ToString(CultureInfo.InvariantCulture),
                _ => null,
            })
            : null;

    /// <summary>int32, int64, double or decimal128 as decimal (the reference demo wrote Python floats).</summary>
    public decimal? Decimal(string name, bool required, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Expect(name, value, "a number", ToDecimal(value))
            : null;

    public int? WholeNumber(string name, bool required, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Expect(name, value, "a whole number",
                ToDecimal(value) is { } number && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue
                    ? (int)number
                    : (int?)null)
            : null;

    public DateTime? Date(string name, bool required) =>
        Take(name, required, consume: true) is { } value
            ? Expect(name, value, "a date ({\"$date\": …})", value.IsValidDateTime ? value.ToUniversalTime() : (DateTime?)null)
            : null;

    public ObjectId? ObjectId(string name, bool required) =>
        Take(name, required, consume: true) is { } value
            ? Expect(name, value, "an ObjectId ({\"$oid\": …})", value.IsObjectId ? value.AsObjectId : (ObjectId?)null)
            : null;

    /// <summary>A sub-document, read by its own reader that reports errors under this field's path.</summary>
    public BsonFieldReader? Document(string name, bool required, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Expect(name, value, "a document", value.IsBsonDocument ? new BsonFieldReader(value.AsBsonDocument, Path(name) + ".", errors) : null)
            : null;

    /// <summary>A deep copy of the whole document this reader reads, as it was.</summary>
    public BsonDocument CopyOfDocument() => document.DeepClone().AsBsonDocument;

    /// <summary>The fields nothing has read, in their original order and types.</summary>
    public BsonDocument Unread()
    {
        var unread = new BsonDocument();
        foreach (var element in document)
        {
            if (!consumed.Contains(element.Name))
            {
                unread.Add(element);
            }
        }
        return unread;
    }

    /// <summary>The field's value, or null when it is absent or null (an error if it is required).</summary>
    private BsonValue? Take(string name, bool required, bool consume)
    {
        if (consume)
        {
            consumed.Add(name);
        }
        if (document.TryGetValue(name, out var value) && !value.IsBsonNull)
        {
            return value;
        }
        if (required)
        {
            AddError(name, "is required but missing.");
        }
        return null;
    }

    /// <summary>Passes a converted value through, reporting the field when the conversion failed (null).</summary>
    private T Expect<T>(string name, BsonValue value, string expected, T converted)
    {
        if (converted is null)
        {
            AddError(name, $"must be {expected} but is {Describe(value)}.");
        }
        return converted;
    }

    private static decimal? ToDecimal(BsonValue value)
    {
        switch (value.BsonType)
        {
            case BsonType.Int32:
                return value.AsInt32;
            case BsonType.Int64:
                return value.AsInt64;
            case BsonType.Double:
                var number = value.AsDouble;
                return double.IsFinite(number) && Math.Abs(number) < (double)decimal.MaxValue ? (decimal)number : null;
            case BsonType.Decimal128:
                var decimal128 = value.AsDecimal128;
                if (MongoDB.Bson.Decimal128.IsNaN(decimal128) || MongoDB.Bson.Decimal128.IsInfinity(decimal128))
                {
                    return null;
                }
                try
                {
                    return MongoDB.Bson.Decimal128.ToDecimal(decimal128);
                }
                catch (OverflowException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    private static string Describe(BsonValue value)
    {
        var text = value.ToJson();
        if (text.Length > 40)
        {
            text = text[..40] + "…";
        }
        var type = value.BsonType switch
        {
            BsonType.String => "a string",
            BsonType.Document => "a document",
            BsonType.Array => "an array",
            BsonType.Boolean => "true/false",
            BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128 => "a number",
            BsonType.DateTime => "a date",
            BsonType.ObjectId => "an ObjectId",
            _ => value.BsonType.ToString(),
        };
        return $"{type} ({text})";
    }

    private string Path(string name) => pathPrefix + name;
}
