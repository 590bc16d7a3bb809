using System.Globalization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// The one definition of what the transaction lists mean (month, order, category names), used by
/// both engines. What counts as spending is <see cref="CashFlowRules"/>'s, for the dashboard and
/// <see cref="ITransactionQuery.SpendingByCategoryAsync"/> alike.
/// </summary>
public static class TransactionRules
{
    /// <summary>The category named for spending that has none (null or blank).</summary>
    public const string Uncategorised = "Uncategorised";

    /// <summary>The month a transaction falls in, as "yyyy-MM" of its UTC booking date (MongoDB's $dateToString default zone).</summary>
    public static string MonthOf(DateTime bookingDate) =>
        bookingDate.ToUniversalTime().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Newest booking date first; on the same instant by transaction id then bank, which is
    /// unique per owner (the natural key), so pages never overlap or skip. Ordinal, as MongoDB
    /// compares strings without a collation.
    /// </summary>
    public static readonly IComparer<ExternalTransaction> NewestFirst = Comparer<ExternalTransaction>.Create((left, right) =>
    {
        var byDate = right.BookingDate.CompareTo(left.BookingDate);
        if (byDate != 0)
        {
            return byDate;
        }
        var byId = string.CompareOrdinal(left.TransactionId, right.TransactionId);
        return byId != 0 ? byId : string.CompareOrdinal(left.TransactionBank, right.TransactionBank);
    });

    /// <summary>The category a spending row is reported under.</summary>
    public static string CategoryName(string? category) =>
        string.IsNullOrWhiteSpace(category) ? Uncategorised : category.Trim();
}
