using System.Globalization;
using System.Text.RegularExpressions;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Transactions;

/// <summary>
/// A day as the customer types it in a date box, in the way the app writes days (<see cref="DayFormat"/>, "3 Dec 2026"), and as
/// an address holds it ("2026-12-03", which old links and the data API use). Written out as text, not the browser's own date box:
/// that one shows and wants the browser's language's order ("mm/dd/yyyy" in a US browser) in an app that writes "3 Dec 2026",
/// and MudBlazor's date picker cannot be used from the keyboard (MudBlazor issue 9670). Nothing is guessed: "03/12/2026" is the
/// 3rd of December in Europe and the 12th of March in the US, so a day written in numbers only is refused with what to type.
/// </summary>
public static partial class TypedDay
{
    /// <summary>What the date boxes show under them, and every refusal says.</summary>
    public const string Example = "3 Dec 2026";

    /// <summary>The way an address holds a day.</summary>
    public const string AddressPattern = "yyyy-MM-dd";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Reads "3 Dec 2026", "03 dec 2026", "3 December 2026", "3 Sept 2026" (any case, spaces, dots or commas between the parts)
    /// and "2026-12-03". False for anything else, and for a day the calendar has not ("31 Feb 2026").
    /// </summary>
    public static bool TryRead(string? text, out DateOnly day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var value = text.Trim();
        if (DateOnly.TryParseExact(value, AddressPattern, Invariant, DateTimeStyles.None, out day))
        {
            return true;
        }
        if (DayMonthYear().Match(value) is not { Success: true } parts || MonthNumber(parts.Groups["month"].Value) is not { } month)
        {
            return false;
        }
        var dayOfMonth = int.Parse(parts.Groups["day"].Value, Invariant);
        var year = int.Parse(parts.Groups["year"].Value, Invariant);
        if (dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        day = new DateOnly(year, month, dayOfMonth);
        return true;
    }

    /// <summary>A day in the date box, as the app writes it ("3 Dec 2026"); what cannot be read stays as typed, so it can be corrected.</summary>
    public static string? ForBox(string? addressValue) => TryRead(addressValue, out var day) ? DayFormat.Of(day) : addressValue;

    /// <summary>A typed day as the address holds it ("2026-12-03"); what cannot be read goes as typed, so the page can say what is wrong with it.</summary>
    public static string? ForAddress(string? typed) =>
        TryRead(typed, out var day) ? day.ToString(AddressPattern, Invariant) : string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();

    // The month by its English name or its first three letters (and "Sept"), as DayFormat writes months.
    private static int? MonthNumber(string name)
    {
        var months = Invariant.DateTimeFormat.MonthNames;
        for (var index = 0; index < 12; index++)
        {
            if (name.Equals(months[index], StringComparison.OrdinalIgnoreCase)
                || name.Equals(months[index][..3], StringComparison.OrdinalIgnoreCase)
                || (index == 8 && name.Equals("Sept", StringComparison.OrdinalIgnoreCase)))
            {
                return index + 1;
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(?<day>\d{1,2})[\s.,/-]*(?<month>\p{L}+)\.?[\s.,/-]*(?<year>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();
}
