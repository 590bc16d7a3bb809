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
