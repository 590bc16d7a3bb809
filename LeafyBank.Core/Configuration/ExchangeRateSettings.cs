using System.Globalization;
using LeafyBank.Core.Position;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// Reads the conversion table from section <c>LeafyBank:ExchangeRates</c>
/// (<c>ReferenceCurrency</c>, <c>AsOf</c>, <c>Rates:{CODE}</c>); the built-in table otherwise.
/// </summary>
public static class ExchangeRateSettings
{
    public const string Section = "LeafyBank:ExchangeRates";

    public static ExchangeRates FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.Exists())
        {
            return ExchangeRates.Default;
        }

        var reference = section["ReferenceCurrency"] ?? ExchangeRates.Default.ReferenceCurrency;
        var asOfText = section["AsOf"];
        if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            throw new ConfigurationException($"{Section}:AsOf", $"must be a date like 2026-11-02 (got '{asOfText}').");
        }

        var rates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in section.GetSection("Rates").GetChildren())
        {
            if (!decimal.TryParse(entry.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new ConfigurationException($"{Section}:Rates:{entry.Key}", $"must be a positive number (got '{entry.Value}').");
            }
            rates[entry.Key] = value;
        }

        try
        {
            return new ExchangeRates(reference, asOf, rates);
        }
        catch (ArgumentException exception)
        {
            throw new ConfigurationException(Section, exception.Message);
        }
    }
}
