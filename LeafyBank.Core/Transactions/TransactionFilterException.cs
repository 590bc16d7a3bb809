namespace LeafyBank.Core.Transactions;

/// <summary>
/// A transaction filter or spending range that cannot be answered. <see cref="ArgumentException.ParamName"/>
/// is the filter member as callers spell it (<c>page</c>, <c>pageSize</c>, <c>from</c>, <c>status</c>,
/// <c>baseCurrency</c>) and <see cref="Reason"/> says what is allowed, so the API can name both.
/// </summary>
public sealed class TransactionFilterException(string parameter, string reason) : ArgumentException(reason, parameter)
{
    /// <summary>The message without the "(Parameter 'x')" suffix <see cref="ArgumentException"/> appends.</summary>
    public string Reason { get; } = reason;
}
