using LeafyBank.Sandbox.Banks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>Which bank a request is addressed to: set by the bank's branch (<c>/sandbox/{bankId}</c>) before anything else runs.</summary>
public static class SandboxBankContext
{
    private static readonly object Key = new();

    internal static void SetSandboxBank(this HttpContext context, SandboxBank bank) => context.Items[Key] = bank;

    public static SandboxBank? TryGetSandboxBank(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var bank) ? bank as SandboxBank : null;

    public static SandboxBank GetSandboxBank(this HttpContext context) =>
        context.TryGetSandboxBank() ?? throw new InvalidOperationException("This endpoint must be mapped inside a sandbox bank (MapSandboxBanks).");

    /// <summary>The cookie scheme a bank's own customers sign in with (one per bank, scoped to its path).</summary>
    public static string CustomerScheme(SandboxBank bank) => "Sandbox.Customer." + bank.Id;

    /// <summary>The claim that ties every token to the consent it was issued under.</summary>
    public const string ConsentIdClaim = "consent_id";

    /// <summary>The authorization request parameter naming the consent to authorise.</summary>
    public const string ConsentIdParameter = "consent_id";
}

/// <summary>
/// A bank's data API (one dialect), mapped inside every bank's branch so its routes sit under
/// <c>/sandbox/{bankId}</c>. Register with <c>services.AddSandboxBankApi&lt;T&gt;()</c>; protect
/// each route with <c>RequireBankAccess(permission)</c>.
/// </summary>
public interface ISandboxBankApi
{
    void Map(IEndpointRouteBuilder endpoints, SandboxBank bank);
}
