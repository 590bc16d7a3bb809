using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Position;

/// <summary>
/// A configurable table of conversion rates, each expressed as the value of one unit of a
/// currency in the table's reference currency (USD by default). Rates are a dated snapshot,
/// not live market data, and the position says so.
/// </summary>
public sealed class ExchangeRates
{
    private readonly Dictionary<string, decimal> unitValues;

    public ExchangeRates(string referenceCurrency, DateOnly asOf, IReadOnlyDictionary<string, decimal> unitValues)
    {
        ReferenceCurrency = NormalizeCode(referenceCurrency);
        AsOf = asOf;
        this.unitValues = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
        {
            [ReferenceCurrency] = 1m,
        };
        foreach (var (code, value) in unitValues)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(unitValues), $"The rate for {code} must be positive.");
            }
            this.unitValues[NormalizeCode(code)] = value;
        }
    }

    public string ReferenceCurrency { get; }
    public DateOnly AsOf { get; }

    public IReadOnlyCollection<string> Currencies => unitValues.Keys;

    /// <summary>Defaults used when configuration names no table (mid-market rates on the date given).</summary>
    public static ExchangeRates Default { get; } = new("USD", new DateOnly(2026, 11, 2), new Dictionary<string, decimal>
    {
        ["EUR"] = 1.0850m,
        ["GBP"] = 1.2950m,
        ["CHF"] = 1.1300m,
        ["JPY"] = 0.0066m,
        ["MXN"] = 0.0520m,
        ["CAD"] = 0.7200m,
    });

    /// <summary>The method in the customer's words (the day as the pages write days).</summary>
    public string Method =>
        $"Converted at fixed reference rates as of {DayFormat.Of(AsOf)} (one unit of each currency valued in {ReferenceCurrency}), not live market rates.";

    /// <summary>The multiplier from <paramref name="from"/> to <paramref name="to"/>, or null when either is unknown.</summary>
    public decimal? RateBetween(string from, string to)
    {
        if (!unitValues.TryGetValue(from, out var fromValue) || !unitValues.TryGetValue(to, out var toValue))
        {
            return null;
        }
        return fromValue / toValue;
    }

    public bool Knows(string currency) => unitValues.ContainsKey(currency);

    private static string NormalizeCode(string code)
    {
        var trimmed = code.Trim().ToUpperInvariant();
        if (trimmed.Length != 3 || !trimmed.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"'{code}' is not an ISO 4217 currency code (three letters, e.g. USD).", nameof(code));
        }
        return trimmed;
    }
}
