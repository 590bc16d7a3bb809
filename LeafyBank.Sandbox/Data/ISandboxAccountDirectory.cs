using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Data;

/// <summary>The accounts a bank customer can choose to share on the consent page.</summary>
public interface ISandboxAccountDirectory
{
    IReadOnlyList<SandboxAccountSummary> AccountsOf(SandboxBank bank, string customerId);
}

public sealed record SandboxAccountSummary(string Id, string Name);
