using LeafyBank.Sandbox.Banks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace LeafyBank.Sandbox.Dialects;

public static class SandboxDialectEndpoints
{
    /// <summary>
    /// Maps one bank's data API in its own dialect onto <paramref name="bankBranch"/> (the host
    /// mounts it under <c>/sandbox/{bankId}</c>). Every endpoint is passed to
    /// <paramref name="requirePermission"/> with the permission it needs (see
    /// <c>BankPermissions</c>), before any dialect filter is added, so the host applies its access
    /// filter there — e.g. <c>(endpoint, permission) =&gt; endpoint.RequireBankAccess(permission)</c>.
    /// The filter must put a <c>BankAccess</c> on the request; handlers only serve data inside it.
    /// </summary>
    public static IEndpointRouteBuilder MapSandboxDialects(this IEndpointRouteBuilder bankBranch, SandboxBank bank,
        Action<RouteHandlerBuilder, string> requirePermission)
    {
        ArgumentNullException.ThrowIfNull(bankBranch);
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(requirePermission);
        switch (bank.Dialect)
        {
            case SandboxDialects.GreenBank:
                GreenBankDialect.Map(bankBranch, bank, requirePermission);
                break;
            case SandboxDialects.MongoDbBank:
                MongoDbBankDialect.Map(bankBranch, bank, requirePermission);
                break;
            case SandboxDialects.BerlinGroup:
                BerlinGroupDialect.Map(bankBranch, bank, requirePermission);
                break;
            case SandboxDialects.UkOpenBanking:
                UkOpenBankingDialect.Map(bankBranch, bank, requirePermission);
                break;
            default:
                throw new InvalidOperationException($"Bank '{bank.Id}' speaks '{bank.Dialect}', which the sandbox has no endpoints for.");
        }
        return bankBranch;
    }
}
