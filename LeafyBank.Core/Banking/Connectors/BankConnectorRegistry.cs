namespace LeafyBank.Core.Banking.Connectors;

/// <summary>Picks the connector that speaks a bank's dialect.</summary>
public sealed class BankConnectorRegistry(IEnumerable<IBankConnector> connectors)
{
    private readonly Dictionary<string, IBankConnector> byDialect =
        connectors.ToDictionary(connector => connector.Dialect, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Dialects => byDialect.Keys;

    public IBankConnector For(BankDirectoryEntry bank) => For(bank.Dialect, bank.Name);

    public IBankConnector For(string dialect, string? bankName = null) =>
        byDialect.TryGetValue(dialect, out var connector)
            ? connector
            : throw new NotSupportedException(
                $"{bankName ?? "This bank"} speaks '{dialect}', which Leafy Bank has no connector for (known: {string.Join(", ", byDialect.Keys)}).");
}
