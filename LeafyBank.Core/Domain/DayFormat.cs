using System.Globalization;

namespace LeafyBank.Core.Domain;

/// <summary>How a calendar day is written wherever a customer reads one ("3 Mar 2027"), the same in every locale.</summary>
public static class DayFormat
{
    public const string Pattern = "d MMM yyyy";

    public static string Of(DateTime at) => at.ToString(Pattern, CultureInfo.InvariantCulture);

    public static string Of(DateOnly day) => day.ToString(Pattern, CultureInfo.InvariantCulture);
}
