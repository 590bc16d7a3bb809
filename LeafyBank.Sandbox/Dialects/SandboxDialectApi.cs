using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Routing;

namespace LeafyBank.Sandbox.Dialects;

/// <summary>Mounts each bank's own API dialect inside its branch, every route behind the access filter.</summary>
internal sealed class SandboxDialectApi : ISandboxBankApi
{
    public void Map(IEndpointRouteBuilder endpoints, SandboxBank bank) =>
        endpoints.MapSandboxDialects(bank, (endpoint, permission) => endpoint.RequireBankAccess(permission));
}
