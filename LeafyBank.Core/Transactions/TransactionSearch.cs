using System.Globalization;
using System.Text;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// The one definition of how transaction search compares text, for both engines: lower-case,
/// diacritics stripped (Unicode FormD, combining marks dropped), control characters as spaces.
/// Each transaction stores its description, merchant and category in this form
/// (<see cref="ExternalTransaction.SearchText"/>); a query is normalised the same way and matched
/// as a literal substring, so "cafe" finds "Café" and "CAFÉ" alike.
/// </summary>
public static class TransactionSearch
{
    /// <summary>
    /// Between the fields in <see cref="TextOf"/>. A control character, which <see cref="Normalise"/>
    /// turns into a space, so no query can match across two fields.
    /// </summary>
    public const char FieldSeparator = '\n';

    /// <summary>The stored search field of a transaction: its description, merchant and category, each normalised.</summary>
    public static string TextOf(ExternalTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return TextOf(transaction.Description, transaction.Merchant, transaction.Category);
    }

    /// <summary>The stored search field from the three searched fields (missing ones left out).</summary>
    public static string TextOf(string? description, string? merchant, string? category) =>
        string.Join(FieldSeparator, new[] { description, merchant, category }.Where(field => !string.IsNullOrEmpty(field)).Select(field => Normalise(field!)));

    /// <summary>Lower-case, without diacritics, control characters as spaces; the same for stored text and queries.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var character in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(character))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                    break;
                case UnicodeCategory.Control:
                    kept.Append(' ');
                    break;
                default:
                    kept.Append(character);
                    break;
            }
        }
        // Recomposed, so characters that have no unaccented form (Hangul, for one) read as they were typed.
        return kept.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }
}
