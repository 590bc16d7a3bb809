namespace LeafyBank.Core.Transactions;

/// <summary>One booked transaction, only the fields the cash-flow rules read. Amount is signed: negative is money out.</summary>
public sealed record CashFlowLine(
    string Bank,
    string AccountId,
    string TransactionId,
    decimal Amount,
    string Currency,
    DateTime BookingDate,
    string? Category,
    string Description)
{
    /// <summary>The account it was booked on, unique per owner.</summary>
    public (string Bank, string AccountId) Account => (Bank, AccountId);
}
