namespace LeafyBank.Core.Domain;

/// <summary>
/// The canonical values the unified model uses. Every bank's dialect (and every import) is
/// normalised to these, so that queries and the position rules can compare exactly.
/// </summary>
public static class AccountStatuses
{
    public const string Active = "Active";
    public const string Inactive = "Inactive";
    public const string Closed = "Closed";
}

public static class AccountTypes
{
    public const string Checking = "Checking";
    public const string Savings = "Savings";
}

public static class ProductStatuses
{
    public const string Active = "Active";
    public const string Closed = "Closed";
}

public static class ProductTypes
{
    public const string Loan = "Loan";
    public const string Mortgage = "Mortgage";
}

/// <summary>Where a stored account or product came from.</summary>
public static class DataOrigins
{
    public const string Import = "import";
    public const string BankApi = "bank-api";
}
