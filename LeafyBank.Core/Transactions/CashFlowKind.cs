namespace LeafyBank.Core.Transactions;

/// <summary>What a booked transaction is, for the dashboard's money in and out.</summary>
public enum CashFlowKind
{
    /// <summary>Money out that is neither a debt payment nor a move between the customer's own accounts.</summary>
    Spending,
    /// <summary>Money in that is not a move between the customer's own accounts.</summary>
    Income,
    /// <summary>A loan or mortgage repayment: money out, but not spending.</summary>
    DebtPayment,
    /// <summary>One half of a move between two of the customer's own linked accounts: neither spending nor income.</summary>
    InternalTransfer,
}
