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

    /// <summary>A string, trimmed; refused when longer than its kind allows, holding a control character, or (when required) empty.</summary>
    public string? String(string name, bool required, TextKind kind, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Text(name, required, kind, Expect(name, value, "a string", value.IsString ? value.AsString.Trim() : null))
            : null;

    /// <summary>An identifier such as an account number: a string, or a whole number written without quotes.</summary>
    public string? Identifier(string name, bool required, bool consume = true) =>
        Take(name, required, consume) is { } value
            ? Text(name, required, TextKind.Name, Expect(name, value, "a string", value.BsonType switch
            {
                BsonType.String => value.AsString.Trim(),
                BsonType.Int32 => value.AsInt32.ToString(CultureInfo.InvariantCulture),
                BsonType.Int64 => value.AsInt64.ToString(CultureInfo.InvariantCulture),
                _ => null,
            }))
            : null;

    /// <summary>int32, int64, double or decimal128 as decimal (the reference demo wrote Python floats), within <paramref name="range"/>.</summary>
    public decimal? Decimal(string name, bool required, NumberRange range, bool consume = true) =>
        Take(name, required, consume) is { } value ? InRange(name, value, range) : null;

    public int? WholeNumber(string name, bool required, NumberRange range, bool consume = true)
    {
        if (Take(name, required, consume) is not { } value || InRange(name, value, range) is not { } number)
        {
            return null;
        }
        return number == decimal.Truncate(number)
            ? (int)number
            : Expect(name, value, "a whole number", (int?)null);
    }

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

    /// <summary>The text, or null with the reason when its kind does not allow it.</summary>
    private string? Text(string name, bool required, TextKind kind, string? text)
    {
        if (text is null)
        {
            return null;
        }
        var (maximum, noun) = kind switch
        {
            TextKind.Narrative => (ImportLimits.MaxNarrativeLength, "narratives"),
            TextKind.Token => (ImportLimits.MaxTokenLength, "tokens"),
            _ => (ImportLimits.MaxNameLength, "ids and names"),
        };
        if (text.Length > maximum)
        {
            AddError(name, string.Create(CultureInfo.InvariantCulture, $"is {text.Length:N0} characters long; {noun} may be at most {maximum:N0} characters."));
            return null;
        }
        var controlAt = IndexOfControl(text, allowLineBreaks: kind == TextKind.Narrative);
        if (controlAt >= 0)
        {
            AddError(name, $"contains the control character U+{(int)text[controlAt]:X4} (\"{ExtendedJsonValidator.Shown(text)}\"); {noun} may not contain control characters.");
            return null;
        }
        if (required && text.Length == 0)
        {
            AddError(name, "is empty.");
            return null;
        }
        return text;
    }

    private static int IndexOfControl(string text, bool allowLineBreaks)
    {
        for (var index = 0; index < text.Length; index++)
        {
            if (char.IsControl(text[index]) && !(allowLineBreaks && text[index] is '\t' or '\r' or '\n'))
            {
                return index;
            }
        }
        return -1;
    }

    /// <summary>A number within the range, or null with the reason (not a number, NaN, out of range).</summary>
    private decimal? InRange(string name, BsonValue value, NumberRange range)
    {
        if (!value.IsNumeric)
        {
            return Expect(name, value, "a number", (decimal?)null);
        }
        if (ToDecimal(value) is { } number && range.Contains(number))
        {
            return number;
        }
        var shown = value.IsDouble
            ? value.AsDouble.ToString(CultureInfo.InvariantCulture)
            : ToDecimal(value)?.ToString(CultureInfo.InvariantCulture) ?? Shown(value);
        AddError(name, $"is {shown}, outside the accepted range {range}.");
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

    private static string Shown(BsonValue value)
    {
        var text = value.ToJson();
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    private static string Describe(BsonValue value)
    {
        var text = Shown(value);
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
