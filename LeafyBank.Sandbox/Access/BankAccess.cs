using LeafyBank.Sandbox.Banks;
using Microsoft.AspNetCore.Http;

namespace LeafyBank.Sandbox.Access;

/// <summary>
/// What a validated access token allows on this request: which bank customer, under which
/// consent, with which permissions, for which accounts. Set by the access filter after it has
/// checked signature, issuer, audience, expiry, scope, consent status and rate limit; read by
/// the dialect endpoints, which only ever serve data inside it.
/// </summary>
public sealed record BankAccess(
    SandboxBank Bank,
    string CustomerId,
    string ConsentId,
    IReadOnlySet<string> Permissions,
    IReadOnlySet<string> AccountIds,
    bool Unattended)
{
    public bool Covers(string accountId) => AccountIds.Contains(accountId);

    public bool Allows(string permission) => Permissions.Contains(permission);
}

/// <summary>The permissions (OAuth scopes) a consent can grant.</summary>
public static class BankPermissions
{
    public const string Accounts = "accounts";
    public const string Balances = "balances";
    public const string Transactions = "transactions";
    public const string Products = "products";

    public static readonly IReadOnlyList<string> All = [Accounts, Balances, Transactions, Products];
}

public static class BankAccessHttpContextExtensions
{
    private static readonly object Key = new();

    public static void SetBankAccess(this HttpContext context, BankAccess access) => context.Items[Key] = access;

    /// <summary>The access granted to this request; throws if the endpoint was mapped without the access filter.</summary>
    public static BankAccess GetBankAccess(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var access) && access is BankAccess granted
            ? granted
            : throw new InvalidOperationException("This endpoint must be mapped with RequireBankAccess(…).");
}
