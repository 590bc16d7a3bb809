namespace LeafyBank.Core.Position;

/// <summary>A customer's whole financial position in their base currency.</summary>
public sealed record GlobalPosition(
    string UserName,
    string Currency,
    decimal TotalBalance,
    decimal TotalDebt,
    decimal NetWorth,
    IReadOnlyList<InstitutionPosition> ByInstitution,
    IReadOnlyList<CurrencyPosition> ByCurrency,
    ExchangeRateInfo Rates,
    IReadOnlyList<string> UnconvertedCurrencies);

/// <summary>Balance and debt at one institution, converted to the base currency.</summary>
public sealed record InstitutionPosition(string Bank, decimal Balance, decimal Debt, bool Internal);

/// <summary>Balance and debt held in one original currency, before and after conversion.</summary>
public sealed record CurrencyPosition(string Currency, decimal Balance, decimal Debt, decimal? RateToBase, decimal? BalanceInBase, decimal? DebtInBase);

public sealed record ExchangeRateInfo(DateOnly AsOf, string Method);
