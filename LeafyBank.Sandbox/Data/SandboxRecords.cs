namespace LeafyBank.Sandbox.Data;

/// <summary>A bank customer of the sandbox (they sign in at the bank, not at Leafy Bank).</summary>
public sealed record SandboxCustomer(string Id, string FullName);

public enum SandboxAccountKind
{
    Checking,
    Savings,
}

/// <summary>A deposit account as the bank keeps it; each dialect renders it in its own shape.</summary>
/// <param name="Id">The identifier the dialect puts in URLs (account number, resourceId or AccountId).</param>
/// <param name="Identification">The account's public identification (account number, IBAN, sort code + number).</param>
public sealed record SandboxAccount(
    string Id,
    string Identification,
    SandboxAccountKind Kind,
    string Currency,
    string Name,
    decimal BookedBalance,
    DateOnly OpenedOn,
    string? Narrative);

public enum SandboxProductKind
{
    Loan,
    Mortgage,
}

/// <summary>A loan or mortgage with its terms; the outstanding amount follows the repayment schedule.</summary>
public sealed record SandboxProduct(
    string Id,
    string Identification,
    SandboxProductKind Kind,
    string Currency,
    string Name,
    decimal OriginalAmount,
    decimal Outstanding,
    decimal InterestRate,
    int TermMonths,
    decimal MonthlyPayment,
    DateOnly OpenedOn,
    DateOnly MaturityDate,
    bool IsActive,
    string? Narrative,
    decimal? PropertyValue,
    string? PropertyAddress);

/// <summary>
/// One transaction. While pending it has no booking date; once booked it is the same payment
/// (same account, amount, counterparty, <see cref="TransactedAt"/>) under a different <see cref="Id"/>
/// and with no link back, as real banks report it.
/// </summary>
public sealed record SandboxTransaction(
    string Id,
    string AccountId,
    DateTimeOffset TransactedAt,
    DateOnly? BookingDate,
    decimal Amount,
    string Currency,
    string Description,
    string Counterparty,
    string Category)
{
    public bool IsPending => BookingDate is null;
}

/// <summary>Everything one bank holds for one customer at one moment.</summary>
public sealed record SandboxCustomerData(
    SandboxCustomer Customer,
    IReadOnlyList<SandboxAccount> Accounts,
    IReadOnlyList<SandboxProduct> Products)
{
    public SandboxAccount? Account(string id) => Accounts.FirstOrDefault(account => account.Id == id);

    public SandboxProduct? Product(string id) => Products.FirstOrDefault(product => product.Id == id);
}
