using System.Globalization;

namespace LeafyBank.Core.Banking;

/// <summary>Counts in words a customer reads: "1 product", "2 products".</summary>
public static class CountWords
{
    public static string Count(long count, string noun) => Count(count, noun, noun + "s");

    public static string Count(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
