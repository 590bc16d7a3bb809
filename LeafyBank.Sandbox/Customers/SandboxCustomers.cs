using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Customers;

/// <summary>
/// The people who bank at every sandbox bank (mirroring the Leafy Bank personas). This is a
/// sandbox: one demo password, shown on the sign-in page, works for all of them.
/// </summary>
public static class SandboxCustomers
{
    public const string DemoPassword = "sandbox";

    public static readonly IReadOnlyList<SandboxCustomer> All =
    [
        new("frida", "Frida Kahlo"),
        new("grace", "Grace Hopper"),
        new("ada", "Ada Lovelace"),
        new("claude", "Claude Monet"),
    ];

    public static SandboxCustomer? Find(string? id) =>
        All.FirstOrDefault(customer => string.Equals(customer.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
}

public sealed record SandboxCustomer(string Id, string Name);

/// <summary>
/// Which accounts a customer holds at a bank (ids and display names), so the consent page can
/// list them and the consent can record those shared. Implemented by the bank data (dialects);
/// register it with <c>services.AddSandboxAccountDirectory&lt;T&gt;()</c>.
/// </summary>
public interface ISandboxAccountDirectory
{
    IReadOnlyList<(string Id, string Name)> AccountsOf(SandboxBank bank, string customerId);
}
