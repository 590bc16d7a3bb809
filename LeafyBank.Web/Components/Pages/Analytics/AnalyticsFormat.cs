using System.Globalization;
using LeafyBank.Core.Analytics;

namespace LeafyBank.Web.Components.Pages.Analytics;

/// <summary>How the analytics page writes its figures, in the table cells and in the chart's text equivalent alike.</summary>
public static class AnalyticsFormat
{
    public static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {currency}");

    public static string Share(decimal? share) =>
        share is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value * 100m:0.0}%") : "—";

    /// <summary>An amount with its customers ("3,800.00 USD (3 customers)"), or a count of customers.</summary>
    public static string Describe(Figure figure, string? currency, int minimumCustomers)
    {
        if (figure.IsSuppressed)
        {
            return HiddenText(figure, minimumCustomers);
        }
        return CustomersOf(figure, currency) is { } customers ? $"{Headline(figure, currency)} ({customers})" : Headline(figure, currency);
    }

    /// <summary>
    /// A shown figure's number: its amount ("3,800.00 USD"), or the count of customers when it has no amount. An amount no
    /// customer holds is "None": "0.00 USD (0 customers)" reads as a figure someone has.
    /// </summary>
    public static string Headline(Figure figure, string? currency) =>
        currency is null || figure.Amount is null ? string.Create(CultureInfo.InvariantCulture, $"{figure.Customers:N0}")
        : HeldByNoOne(figure) ? None
        : Money(figure.Amount.Value, currency);

    /// <summary>What an amount held by no customer shows.</summary>
    public const string None = "None";

    /// <summary>How many customers an amount covers ("3 customers"); null for a count, which is its own number, and for "None".</summary>
    public static string? CustomersOf(Figure figure, string? currency) =>
        currency is null || figure.Amount is null || HeldByNoOne(figure) ? null
        : figure.Customers == 1 ? "1 customer"
        : string.Create(CultureInfo.InvariantCulture, $"{figure.Customers:N0} customers");

    /// <summary>
    /// Why a cell has no figure, in the analyst's words: <see cref="HiddenWord"/> and <see cref="HiddenReason"/> together,
    /// as the chart's text equivalent says it. The report gives two reasons: the group itself is too small, or showing
    /// this figure would let a too-small group be worked out from the total (complementary suppression).
    /// </summary>
    public static string HiddenText(Figure figure, int minimumCustomers) => HiddenWord(figure) + HiddenReason(figure, minimumCustomers);

    /// <summary>
    /// What a table cell shows in place of a hidden figure: a word as short as a number, so it stays on one line beside
    /// the figures at phone width. The page's privacy notice says once what the two words mean.
    /// </summary>
    public static string HiddenWord(Figure figure) => HidesToProtectAnother(figure) ? "also hidden" : "hidden";

    /// <summary>The rest of the reason (": fewer than 5 customers"), for screen readers in a cell and in the chart's text.</summary>
    public static string HiddenReason(Figure figure, int minimumCustomers) =>
        HidesToProtectAnother(figure)
            ? string.Create(CultureInfo.InvariantCulture, $": would reveal a group under {minimumCustomers}")
            : string.Create(CultureInfo.InvariantCulture, $": fewer than {minimumCustomers} customers");

    private static bool HeldByNoOne(Figure figure) => figure is { Customers: 0, Amount: 0m };

    /// <summary>Hidden only because, with the total shown, it would give away another cell's small group.</summary>
    public static bool HidesToProtectAnother(Figure figure) => figure.Suppressed?.Contains("would reveal", StringComparison.Ordinal) == true;

    /// <summary>A round step (1, 2 or 5 times a power of ten) giving about five ticks up to <paramref name="largest"/>.</summary>
    public static int AxisStep(double largest)
    {
        if (largest <= 5)
        {
            return 1;
        }
        var rough = largest / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var factor = (rough / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        };
        var step = factor * magnitude;
        return (int)Math.Min(step, int.MaxValue);
    }

    /// <summary>A value axis tick, short enough for the chart's narrow axis: "950", "20k", "1.5M".</summary>
    public static string AxisLabel(double value)
    {
        var size = Math.Abs(value);
        return size switch
        {
            >= 1_000_000 => (value / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 1_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            _ => value.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    public static string KindText(ProductMixKind kind) => kind switch
    {
        ProductMixKind.Account => "Account (deposits)",
        ProductMixKind.Debt => "Loan or mortgage (debt)",
        _ => "Other product",
    };
}
