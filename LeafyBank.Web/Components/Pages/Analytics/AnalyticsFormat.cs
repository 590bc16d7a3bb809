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

    /// <summary>An amount with its customers ("3,800.00 USD · 3 customers"), or a count of customers.</summary>
    public static string Describe(Figure figure, string? currency)
    {
        if (figure.Suppressed is { } reason)
        {
            return reason;
        }
        var customers = figure.Customers == 1 ? "1 customer" : string.Create(CultureInfo.InvariantCulture, $"{figure.Customers:N0} customers");
        return currency is null || figure.Amount is null
            ? string.Create(CultureInfo.InvariantCulture, $"{figure.Customers:N0}")
            : $"{Money(figure.Amount.Value, currency)} · {customers}";
    }

    public static string KindText(ProductMixKind kind) => kind switch
    {
        ProductMixKind.Account => "Account (deposits)",
        ProductMixKind.Debt => "Loan or mortgage (debt)",
        _ => "Other product",
    };
}
