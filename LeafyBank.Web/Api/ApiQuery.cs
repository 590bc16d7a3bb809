using System.Globalization;

namespace LeafyBank.Web.Api;

/// <summary>Typed query values read from text, each failure recorded against the parameter's name.</summary>
internal static class ApiQuery
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The whole number in <paramref name="text"/>, <paramref name="fallback"/> when absent; on bad text an error and the fallback.</summary>
    public static int Integer(string name, string? text, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors[name] = [$"{name} must be a whole number (got '{text}')."];
        return fallback;
    }

    /// <summary>A calendar day written yyyy-MM-dd; null when absent or (with an error) when not such a day.</summary>
    public static DateOnly? Date(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[name] = [$"{name} must be a date written {DateFormat}, e.g. 2026-03-31 (got '{text}')."];
        return null;
    }
}
