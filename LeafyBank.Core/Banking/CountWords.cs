using System.Globalization;

namespace LeafyBank.Core.Banking;

/// <summary>Counts and lists in words a customer reads: "1 product", "2 products"; "Green Bank and Donau Bank".</summary>
public static class CountWords
{
    public static string Count(long count, string noun) => Count(count, noun, noun + "s");

    public static string Count(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    /// <summary>
    /// "1 loan or mortgage", "2 loans or mortgages": the plural says "or" too, because a count is usually one item in a
    /// list that ends in "and" — "4 accounts, 2 loans or mortgages and 9 transactions", never "… and mortgages and …".
    /// </summary>
    public static string LoansOrMortgages(long count) => Count(count, "loan or mortgage", "loans or mortgages");

    /// <summary>"A", "A and B", "A, B and C": names as a sentence lists them.</summary>
    public static string List(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };
}
