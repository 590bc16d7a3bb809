using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Data;

/// <summary>The accounts a bank customer can choose to share on the consent page.</summary>
public interface ISandboxAccountDirectory
{
    IReadOnlyList<SandboxAccountSummary> AccountsOf(SandboxBank bank, string customerId);
}

/// <summary>An account or, <paramref name="IsProduct"/>, a loan or mortgage, as the bank's consent page lists it.</summary>
public sealed record SandboxAccountSummary(string Id, string Name, bool IsProduct = false);
