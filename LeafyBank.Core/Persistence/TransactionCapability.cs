namespace LeafyBank.Core.Persistence;

/// <summary>
/// Whether the store runs <see cref="IDocumentStore.RunInTransactionAsync{T}"/> as one
/// multi-document transaction, and why (or why not): "replica set rs0", "standalone".
/// </summary>
public sealed record TransactionCapability(bool Supported, string Reason)
{
    /// <summary>The embedded engine keeps its idempotent path: each write is whole, and callers are written to be re-run.</summary>
    public static TransactionCapability Embedded { get; } = new(false, "embedded engine");

    /// <summary>Before the store has looked at its server.</summary>
    public static TransactionCapability Unknown { get; } = new(false, "not checked yet");

    /// <summary>What /health shows: "supported" or "unsupported (standalone)".</summary>
    public string Describe() => Supported ? "supported" : $"unsupported ({Reason})";
}
