namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// How many decimals each currency has (ISO 4217 List One, "minor unit", as published by the
/// maintenance agency, SIX, 2024 edition): yen and won have none, dinars mostly three. Codes
/// outside the list (a bank's own or a future code) get two, the most common, and are named
/// by <see cref="IsIso"/> so nothing pretends they were looked up.
/// </summary>
public static class CurrencyMinorUnits
{
    private static readonly Dictionary<string, int> Table = Build(
        (0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"),
        (2, """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
            CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
            GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL
            MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK
            PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
            TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
            """),
        (3, "BHD IQD JOD KWD LYD OMR TND"),
        (4, "CLF UYW"));

    /// <summary>The currency's decimals by ISO 4217; two for a code the standard does not list.</summary>
    public static int Of(string? currency) =>
        currency is not null && Table.TryGetValue(currency.Trim(), out var digits) ? digits : 2;

    public static bool IsIso(string? currency) => currency is not null && Table.ContainsKey(currency.Trim());

    private static Dictionary<string, int> Build(params (int Digits, string Codes)[] groups) =>
        groups
            .SelectMany(group => group.Codes.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(code => (code, group.Digits)))
            .ToDictionary(entry => entry.code, entry => entry.Digits, StringComparer.OrdinalIgnoreCase);
}
