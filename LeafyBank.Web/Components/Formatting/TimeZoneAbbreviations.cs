using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LeafyBank.Web.Components.Formatting;

/// <summary>
/// The short name of a time zone at an instant ("CET", "CEST", "EST", "BST"). .NET only offers long
/// localised names, so the abbreviations come from the tz database's own rule for the present day:
/// the POSIX TZ string at the end of the zone's TZif file ("CET-1CEST,M3.5.0,M10.5.0/3"). Zones
/// the database names by number ("&lt;+03&gt;-3"), or a system without the database, get the offset:
/// "UTC+3", "UTC-3:30".
/// </summary>
public static partial class TimeZoneAbbreviations
{
    private static readonly ConcurrentDictionary<string, PosixNames?> NamesByZone = new(StringComparer.Ordinal);

    public static string At(TimeZoneInfo zone, DateTimeOffset instant)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Etc/Universal" or "Etc/Zulu" || zone == TimeZoneInfo.Utc)
        {
            return "UTC";
        }
        var names = NamesByZone.GetOrAdd(zone.Id, ReadPosixNames);
        var name = zone.IsDaylightSavingTime(instant) ? names?.Daylight : names?.Standard;
        return name ?? Offset(zone.GetUtcOffset(instant));
    }

    /// <summary>"UTC+1", "UTC-3:30", "UTC" for zero.</summary>
    public static string Offset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return "UTC";
        }
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var magnitude = offset.Duration();
        return magnitude.Minutes == 0
            ? $"UTC{sign}{magnitude.Hours.ToString(CultureInfo.InvariantCulture)}"
            : $"UTC{sign}{magnitude.Hours.ToString(CultureInfo.InvariantCulture)}:{magnitude.Minutes.ToString("00", CultureInfo.InvariantCulture)}";
    }

    private static PosixNames? ReadPosixNames(string zoneId)
    {
        var directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } configured ? configured : "/usr/share/zoneinfo";
        // Only IANA ids ("Europe/Berlin"): nothing that could leave the database's folder.
        if (!ZoneIdPattern().IsMatch(zoneId) || zoneId.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }
        var path = Path.Combine(directory, zoneId);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return ParseFooter(File.ReadAllBytes(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The names in a TZif file's footer (version 2 and later: "\n" + POSIX TZ string + "\n" at the very end).</summary>
    public static PosixNames? ParseFooter(byte[] tzif)
    {
        if (tzif.Length < 2 || tzif[^1] != (byte)'\n')
        {
            return null;
        }
        var start = Array.LastIndexOf(tzif, (byte)'\n', tzif.Length - 2);
        if (start < 0)
        {
            return null;
        }
        return ParsePosix(Encoding.ASCII.GetString(tzif, start + 1, tzif.Length - start - 2));
    }

    /// <summary>"CET-1CEST,M3.5.0,M10.5.0/3" → (CET, CEST); "&lt;+03&gt;-3" → none (a number is not a name).</summary>
    public static PosixNames? ParsePosix(string posix)
    {
        var match = PosixPattern().Match(posix);
        if (!match.Success)
        {
            return null;
        }
        var standard = match.Groups["std"].Value;
        var daylight = match.Groups["dst"].Success ? match.Groups["dst"].Value : null;
        return new PosixNames(AsName(standard), daylight is null ? null : AsName(daylight));
    }

    // Quoted names are either letters ("<WIB>") or a number standing in for a name ("<+03>").
    private static string? AsName(string posixName)
    {
        var name = posixName.Trim('<', '>');
        return name.All(char.IsAsciiLetter) && name.Length >= 2 ? name : null;
    }

    [GeneratedRegex(@"^(?<std>[A-Za-z]{3,}|<[A-Za-z0-9+\-]{3,}>)[+\-]?\d{1,2}(:\d{2}){0,2}(?<dst>[A-Za-z]{3,}|<[A-Za-z0-9+\-]{3,}>)?", RegexOptions.CultureInvariant)]
    private static partial Regex PosixPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneIdPattern();
}

/// <summary>A zone's present-day abbreviations; null where the database has only a number.</summary>
public sealed record PosixNames(string? Standard, string? Daylight);
