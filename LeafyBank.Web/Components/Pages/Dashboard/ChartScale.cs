using System.Globalization;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// A value axis with round steps (1, 2 or 5 times a power of ten) that covers the data with a
/// little room, so a chart's ticks read 10,000 · 15,000 · 20,000 rather than 20480 · 40960.
/// </summary>
public sealed record ChartScale(decimal Min, decimal Max, decimal Step)
{
    public IEnumerable<decimal> Ticks
    {
        get
        {
            for (var tick = Min; tick <= Max; tick += Step)
            {
                yield return tick;
            }
        }
    }

    /// <summary>Where <paramref name="value"/> sits on the axis: 0 at the bottom, 1 at the top.</summary>
    public double Fraction(decimal value) => Max == Min ? 0.5 : (double)((value - Min) / (Max - Min));

    /// <summary>A tick's label: whole units with thousands separators, or "12.5k"/"1.2M" when the steps are that large.</summary>
    public string Label(decimal tick)
    {
        var invariant = CultureInfo.InvariantCulture;
        var size = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (size >= 10_000_000m)
        {
            return (tick / 1_000_000m).ToString("0.##", invariant) + "M";
        }
        if (size >= 100_000m)
        {
            return (tick / 1_000m).ToString("0.##", invariant) + "k";
        }
        return tick.ToString(Step < 1 ? "N2" : "N0", invariant);
    }

    /// <summary>About <paramref name="targetTicks"/> round ticks covering every value.</summary>
    public static ChartScale For(IReadOnlyCollection<decimal> values, int targetTicks = 4)
    {
        if (values.Count == 0)
        {
            return new ChartScale(0, 1, 1);
        }
        var low = values.Min();
        var high = values.Max();
        if (low == high)
        {
            // A flat line: a band around it, so it sits in the middle rather than on an edge.
            var pad = Math.Max(Math.Abs(low) * 0.05m, 1m);
            low -= pad;
            high += pad;
        }
        var step = NiceStep((high - low) / Math.Max(1, targetTicks - 1));
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        return new ChartScale(min, max, step);
    }

    private static decimal NiceStep(decimal rough)
    {
        var power = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)rough)));
        var fraction = rough / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
