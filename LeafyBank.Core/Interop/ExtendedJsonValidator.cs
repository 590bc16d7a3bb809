using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using MongoDB.Bson;

namespace LeafyBank.Core.Interop;

/// <summary>A rule a document broke, and the byte offset in the file where it broke it.</summary>
internal readonly record struct DocumentViolation(long Offset, string Reason);

/// <summary>
/// Walks one document's JSON tokens before MongoDB.Bson parses it, and stops at the first rule
/// it breaks. The BSON parser throws on some of these (a duplicate field, a whole number beyond
/// 64 bits, a year past 9999) and silently accepts others that MongoDB, <c>mongoimport</c> or the
/// BSON writer would refuse later, half-way through an import (a <c>$where</c> field, a dotted
/// name, NaN, an unpaired surrogate, a NUL in a field name). Checking tokens also gives the exact
/// line and field of each problem. The limits are <see cref="ImportLimits"/>'s.
/// </summary>
internal static class ExtendedJsonValidator
{
    /// <summary>Extended JSON type wrappers (v2, and the legacy forms mongoexport still writes), with the keys each may carry beside it.</summary>
    private static readonly Dictionary<string, string[]> TypeWrappers = new(StringComparer.Ordinal)
    {
        ["$oid"] = [],
        ["$date"] = [],
        ["$numberInt"] = [],
        ["$numberLong"] = [],
        ["$numberDouble"] = [],
        ["$numberDecimal"] = [],
        ["$binary"] = ["$type"],
        ["$uuid"] = [],
        ["$timestamp"] = [],
        ["$regularExpression"] = [],
        ["$regex"] = ["$options"],
        ["$code"] = ["$scope"],
        ["$minKey"] = [],
        ["$maxKey"] = [],
    };

    private static readonly string WholeNumberRange = string.Create(CultureInfo.InvariantCulture, $"{long.MinValue:N0} to {long.MaxValue:N0}");

    private static readonly long EarliestMilliseconds = new DateTimeOffset(ImportLimits.EarliestDate).ToUnixTimeMilliseconds();
    private static readonly long LatestMilliseconds = new DateTimeOffset(ImportLimits.LatestDate).ToUnixTimeMilliseconds();

    /// <summary>
    /// Reads the document the reader stands on (its <c>{</c>) through its closing <c>}</c>.
    /// Returns the first rule broken, or null; the reader is then past the document.
    /// Malformed JSON still surfaces as the reader's own <see cref="JsonException"/>.
    /// </summary>
    public static DocumentViolation? Check(ref Utf8JsonReader reader) =>
        new Walk(reader.CurrentDepth).Object(ref reader, isDocument: true, enclosingWrapper: null);

    /// <summary>A name or value as a message shows it: control characters made visible, long ones cut.</summary>
    public static string Shown(string text)
    {
        var builder = new StringBuilder();
        foreach (var character in text.Length > 40 ? text[..40] : text)
        {
            if (char.IsControl(character) || char.IsSurrogate(character))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:X4}");
            }
            else
            {
                builder.Append(character);
            }
        }
        return text.Length > 40 ? builder.Append('…').ToString() : builder.ToString();
    }

    /// <summary>The state of one document's walk: where it started and the path to the current value.</summary>
    private sealed class Walk(int documentDepth)
    {
        private readonly List<(string Name, bool IsWrapper)> path = [];

        public DocumentViolation? Object(ref Utf8JsonReader reader, bool isDocument, string? enclosingWrapper)
        {
            if (TooDeep(ref reader) is { } tooDeep)
            {
                return tooDeep;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            string? wrapper = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var at = reader.TokenStartIndex;
                if (ReadString(ref reader, out var name) is { } unreadable)
                {
                    return new DocumentViolation(at, $"a field name in {Where()} {unreadable}");
                }

                var isFirst = names.Count == 0;
                var isWrapper = isFirst && !isDocument && TypeWrappers.ContainsKey(name);
                wrapper = isWrapper ? name : wrapper;
                path.Add((name, isWrapper));
                if (!names.Add(name))
                {
                    return new DocumentViolation(at, $"field \"{FieldPath()}\" appears twice; each field may appear once.");
                }
                if (NameProblem(name, isWrapper, wrapper) is { } problem)
                {
                    return new DocumentViolation(at, problem);
                }

                reader.Read();
                if (Value(ref reader, isWrapper ? name : null, enclosingWrapper) is { } violation)
                {
                    return violation;
                }
                path.RemoveAt(path.Count - 1);
            }
            return null;
        }

        private DocumentViolation? Array(ref Utf8JsonReader reader)
        {
            if (TooDeep(ref reader) is { } tooDeep)
            {
                return tooDeep;
            }
            for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
            {
                path.Add(($"[{index}]", false));
                if (Value(ref reader, wrapper: null, enclosingWrapper: null) is { } violation)
                {
                    return violation;
                }
                path.RemoveAt(path.Count - 1);
            }
            return null;
        }

        /// <summary>The value the reader stands on; <paramref name="wrapper"/> when it is a type wrapper's value, inside <paramref name="enclosingWrapper"/> if any.</summary>
        private DocumentViolation? Value(ref Utf8JsonReader reader, string? wrapper, string? enclosingWrapper)
        {
            var at = reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    return Object(ref reader, isDocument: false, enclosingWrapper: wrapper);
                case JsonTokenType.StartArray:
                    return Array(ref reader);
                case JsonTokenType.String:
                    if (ReadString(ref reader, out var text) is { } unreadable)
                    {
                        return new DocumentViolation(at, $"{Where()} {unreadable}");
                    }
                    if (text.Length > ImportLimits.MaxTextLength)
                    {
                        return new DocumentViolation(at, string.Create(CultureInfo.InvariantCulture,
                            $"{Where()} is {text.Length:N0} characters long; text may be at most {ImportLimits.MaxTextLength:N0} characters."));
                    }
                    return wrapper is null ? null : WrappedString(at, wrapper, enclosingWrapper, text);
                case JsonTokenType.Number:
                    return wrapper == "$date" ? DateMilliseconds(at, reader.TryGetInt64(out var milliseconds) ? milliseconds : null, Raw(ref reader)) : Number(ref reader, at);
                default:
                    return null;
            }
        }

        private DocumentViolation? Number(ref Utf8JsonReader reader, long at)
        {
            var raw = Raw(ref reader);
            var isWhole = !raw.AsSpan().ContainsAny('.', 'e', 'E');
            if (isWhole && !reader.TryGetInt64(out _))
            {
                return new DocumentViolation(at,
                    $"{Where()} is the whole number {ShownNumber(raw)}, beyond what 64 bits hold ({WholeNumberRange}); " +
                    "write it as a string or a decimal ({\"$numberDecimal\": \"…\"}) if it is meant.");
            }
            if (!isWhole && !(reader.TryGetDouble(out var number) && double.IsFinite(number)))
            {
                return new DocumentViolation(at, $"{Where()} is the number {ShownNumber(raw)}, beyond the range of a double (about ±1.8e308).");
            }
            return null;
        }

        private DocumentViolation? WrappedString(long at, string wrapper, string? enclosingWrapper, string text)
        {
            switch (wrapper)
            {
                case "$oid" when text.Length != 24 || !text.All(char.IsAsciiHexDigit):
                    return new DocumentViolation(at, $"{Where()} is {{\"$oid\": \"{Shown(text)}\"}}, which is not an ObjectId (24 hexadecimal digits).");
                case "$numberInt" when !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                    return new DocumentViolation(at, $"{Where()} is {{\"$numberInt\": \"{Shown(text)}\"}}, which is not a whole number within 32 bits.");
                case "$numberLong" when !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                    return new DocumentViolation(at, $"{Where()} is {{\"$numberLong\": \"{Shown(text)}\"}}, which is not a whole number within 64 bits ({WholeNumberRange}).");
                case "$numberLong" when enclosingWrapper == "$date":
                    return DateMilliseconds(at, long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), text);
                case "$numberDouble":
                    if (text is "NaN" or "Infinity" or "-Infinity")
                    {
                        return NotANumber(at, $"{{\"$numberDouble\": \"{text}\"}}");
                    }
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                        ? null
                        : new DocumentViolation(at, $"{Where()} is {{\"$numberDouble\": \"{Shown(text)}\"}}, which is not a finite number within the range of a double.");
                case "$numberDecimal":
                    if (!Decimal128.TryParse(text, out var decimalNumber))
                    {
                        return new DocumentViolation(at, $"{Where()} is {{\"$numberDecimal\": \"{Shown(text)}\"}}, which is not a decimal number (or is beyond its range).");
                    }
                    return Decimal128.IsNaN(decimalNumber) || Decimal128.IsInfinity(decimalNumber)
                        ? NotANumber(at, $"{{\"$numberDecimal\": \"{Shown(text)}\"}}")
                        : null;
                case "$date":
                    return DateText(at, text);
                default:
                    return null;
            }
        }

        private DocumentViolation NotANumber(long at, string written) =>
            new(at, $"{Where()} is {written}; NaN and Infinity are not numbers an import accepts. Write the real value, or leave the field out.");

        private DocumentViolation? DateText(long at, string text)
        {
            // The BSON parser reads ISO 8601 (with Z or an offset) and plain dates; anything it cannot read, or a year it
            // cannot hold (10000), is refused here with the accepted range instead of a parser error.
            var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date);
            return parsed && ImportLimits.IsDateInRange(date.UtcDateTime)
                ? null
                : new DocumentViolation(at,
                    $"{Where()} is the date \"{Shown(text)}\", which is not a date {ImportLimits.DateRange} written as ISO 8601 (e.g. 2024-03-17T02:01:24.699Z).");
        }

        private DocumentViolation? DateMilliseconds(long at, long? milliseconds, string written) =>
            milliseconds is { } value && value >= EarliestMilliseconds && value <= LatestMilliseconds
                ? null
                : new DocumentViolation(at,
                    $"{Where()} is a date {ShownNumber(written)} milliseconds after 1970-01-01, which is not a date {ImportLimits.DateRange}.");

        private string? NameProblem(string name, bool isWrapper, string? wrapper)
        {
            if (name.Length == 0)
            {
                return $"{Container()} has a field with an empty name; every field needs a name.";
            }
            if (name.Length > ImportLimits.MaxNameLength)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"field name \"{Shown(name)}\" is {name.Length:N0} characters long; field names may be at most {ImportLimits.MaxNameLength:N0} characters.");
            }
            if (name.Any(char.IsControl))
            {
                return $"field name \"{FieldPath()}\" contains a control character; field names may not contain any.";
            }
            if (isWrapper)
            {
                return null;
            }
            if (wrapper is not null && !TypeWrappers[wrapper].Contains(name))
            {
                return $"field \"{FieldPath()}\" sits beside the type wrapper {{\"{wrapper}\": …}}, which must be alone in its object.";
            }
            if (name.StartsWith('$') && wrapper is null)
            {
                return $"field \"{FieldPath()}\" starts with '$', which MongoDB reserves for operators (only Extended JSON type wrappers such as " +
                       "{\"$oid\": …} or {\"$date\": …} may, as a field's value); rename the field.";
            }
            if (name.Contains('.', StringComparison.Ordinal))
            {
                return $"field \"{FieldPath()}\" has a '.' in its name, which MongoDB reads as a path into a sub-document; rename the field.";
            }
            return null;
        }

        private DocumentViolation? TooDeep(ref Utf8JsonReader reader)
        {
            var level = reader.CurrentDepth - documentDepth + 1;
            return level > ImportLimits.MaxNestingDepth
                ? new DocumentViolation(reader.TokenStartIndex,
                    $"{Where()} nests documents and arrays more than {ImportLimits.MaxNestingDepth} levels deep; flatten the data.")
                : null;
        }

        /// <summary>The string token as text, or why it cannot be stored (invalid UTF-8, an unpaired surrogate).</summary>
        private static string? ReadString(ref Utf8JsonReader reader, out string text)
        {
            text = "";
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                return "holds bytes that are not valid UTF-8; save the file as UTF-8.";
            }
            try
            {
                text = reader.GetString() ?? "";
                return null;
            }
            catch (InvalidOperationException)
            {
                // An escape such as \ud800 without its pair: MongoDB stores UTF-8, which cannot encode it.
                return "holds an unpaired surrogate escape (such as \\ud800 alone), which is not a character; remove it.";
            }
        }

        private static string Raw(ref Utf8JsonReader reader) => Encoding.UTF8.GetString(reader.ValueSpan);

        private static string ShownNumber(string raw) => raw.Length > 40 ? raw[..20] + "…" + raw[^10..] + $" ({raw.Length} digits)" : raw;

        /// <summary>The field being read, as a message names it: the field's path, or "the document" itself.</summary>
        private string Where() => FieldPath() is { Length: > 0 } field ? $"field \"{field}\"" : "the document";

        /// <summary>The object the current field sits in, for problems with the field's own name.</summary>
        private string Container()
        {
            var parent = string.Join("", Segments(path.Count - 1));
            return parent.Length == 0 ? "the document" : $"field \"{parent}\"";
        }

        /// <summary>The dotted path of the current field without type wrappers: AccountDate.OpeningDate, not AccountDate.OpeningDate.$date.</summary>
        private string FieldPath() => string.Join("", Segments(path.Count));

        private IEnumerable<string> Segments(int count)
        {
            var first = true;
            foreach (var (name, isWrapper) in path.Take(count))
            {
                if (isWrapper)
                {
                    continue;
                }
                var shown = Shown(name);
                yield return first || shown.StartsWith('[') ? shown : "." + shown;
                first = false;
            }
        }
    }
}
