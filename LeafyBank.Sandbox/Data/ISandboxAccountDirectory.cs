using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Data;

/// <summary>The accounts a bank customer can choose to share on the consent page.</summary>
public interface ISandboxAccountDirectory
{
    IReadOnlyList<SandboxAccountSummary> AccountsOf(SandboxBank bank, string customerId);
}

/// <summary>An account, a loan or a mortgage, as the bank's consent page lists it.</summary>
/// <param name="AccountType">Its ISO 20022 cash account type (<see cref="SandboxAccountTypes"/>): what a consent restricted to types is checked against.</param>
public sealed record SandboxAccountSummary(string Id, string Name, string AccountType)
{
    /// <summary>A loan or a mortgage, shared under the products permission; to the customer something they owe, not an account.</summary>
    public bool IsProduct => AccountType == SandboxAccountTypes.Loan;
}
