namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>Amounts are written with their currency's ISO 4217 decimals and the culture's grouping.</summary>
public sealed class MoneyFormatTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    [Theory]
    [InlineData(1234567.891, "JPY", "1,234,568 JPY")]
    [InlineData(1234567.891, "KRW", "1,234,568 KRW")]
    [InlineData(1234567.891, "EUR", "1,234,567.89 EUR")]
    [InlineData(1234567.891, "USD", "1,234,567.89 USD")]
    [InlineData(1234567.8915, "BHD", "1,234,567.892 BHD")]
    [InlineData(-12.5, "KWD", "-12.500 KWD")]
    [InlineData(0.5, "CLF", "0.5000 CLF")]
    [InlineData(3.14159, "XYZ", "3.14 XYZ")]
    public void A_customer_sees_each_currency_with_its_own_decimals(double amount, string currency, string expected)
    {
        Assert.Equal(expected, DashboardFormat.Money((decimal)amount, currency, English));
    }

    [Fact]
    public void A_customer_sees_the_grouping_and_decimal_marks_of_their_culture()
    {
        Assert.Equal("1.234.567,89 EUR", DashboardFormat.Money(1234567.891m, "EUR", German));
        Assert.Equal("1.234.568 JPY", DashboardFormat.Money(1234567.891m, "JPY", German));
        Assert.Equal("1.234,568 BHD", DashboardFormat.Money(1234.5678m, "BHD", German));
    }

    [Fact]
    public void A_signed_amount_keeps_its_sign_and_never_wraps_away_from_its_currency()
    {
        Assert.Equal("-135.54\u00A0USD", DashboardFormat.SignedMoney(-135.54m, "USD", English));
        Assert.Equal("+2,500\u00A0JPY", DashboardFormat.SignedMoney(2500m, "JPY", English));
        Assert.Equal("0.000\u00A0BHD", DashboardFormat.SignedMoney(0m, "BHD", English));
    }

    [Fact]
    public void The_minor_units_come_from_the_iso_table_and_unknown_codes_are_said_to_be_unknown()
    {
        Assert.Equal(0, CurrencyMinorUnits.Of("JPY"));
        Assert.Equal(0, CurrencyMinorUnits.Of("isk"));
        Assert.Equal(2, CurrencyMinorUnits.Of("EUR"));
        Assert.Equal(2, CurrencyMinorUnits.Of("GBP"));
        Assert.Equal(3, CurrencyMinorUnits.Of("BHD"));
        Assert.Equal(3, CurrencyMinorUnits.Of("KWD"));
        Assert.Equal(3, CurrencyMinorUnits.Of("TND"));
        Assert.Equal(4, CurrencyMinorUnits.Of("UYW"));
        Assert.True(CurrencyMinorUnits.IsIso("CHF"));
        Assert.False(CurrencyMinorUnits.IsIso("XYZ"));
        Assert.Equal(2, CurrencyMinorUnits.Of("XYZ"));
        Assert.Equal(2, CurrencyMinorUnits.Of(null));
    }

    [Theory]
    [InlineData(-135.5, "USD", "-135.50")]
    [InlineData(1234567.25, "EUR", "1234567.25")]
    [InlineData(2500, "JPY", "2500")]
    [InlineData(12.5, "BHD", "12.500")]
    [InlineData(0.125, "EUR", "0.125")]
    public void Amounts_in_files_are_plain_invariant_numbers_that_lose_nothing(double amount, string currency, string expected)
    {
        Assert.Equal(expected, ((decimal)amount).ToString(DashboardFormat.FileAmountFormat(currency), CultureInfo.InvariantCulture));
    }
}
