using System.Security.Claims;
using System.Text.Json;
using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Faults;
using LeafyBank.Sandbox.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>One bank in the sandbox directory (absolute URLs on the sandbox's configured origin).</summary>
public sealed record SandboxBankDirectoryEntry(string Id, string Name, string Dialect, string Issuer, string AccountsEndpoint);

public static class SandboxEndpointExtensions
{
    // The directory's field names are part of the protocol (PascalCase, as documented).
    private static readonly JsonSerializerOptions DirectoryJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };

    /// <summary>
    /// Mounts the sandbox under <c>/sandbox</c>: the bank directory (<c>GET /sandbox/banks</c>)
    /// and one branch per bank at <c>/sandbox/{bankId}</c> whose path base is the bank's issuer —
    /// authorization server, consent API, customer pages and the registered data APIs.
    /// Call it after the exception handler and before the app's own authentication: requests
    /// for a bank end in its branch.
    /// </summary>
    public static WebApplication MapSandboxBanks(this WebApplication app)
    {
        app.MapGet("/sandbox/banks", (HttpRequest request, SandboxOrigin origin) =>
                TypedResults.Json(SandboxBankCatalog.All.Select(bank => DirectoryEntry(origin, request, bank)).ToList(), DirectoryJson))
            .WithSandboxFaults(SandboxFaults.DirectoryTarget)
            .WithName("SandboxBanks")
            .WithSummary("The sandbox's banks: id, name, dialect, issuer and accounts endpoint.");

        // RFC 8414 §3.1: the metadata of issuer https://host/sandbox/{bankId} lives at the host's root,
        // https://host/.well-known/oauth-authorization-server/sandbox/{bankId} (where Berlin Group's
        // scaOAuth link points); the bank's own branch answers it, with its discovery document.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(AuthorizationServerMetadataPath, out var issuerPath) &&
                SandboxBankCatalog.All.Any(bank => issuerPath.Equals(BankPath(bank), StringComparison.Ordinal)))
            {
                context.Request.Path = issuerPath.Add(OpenIdConfigurationPath);
            }
            return next(context);
        });

        foreach (var bank in SandboxBankCatalog.All)
        {
            // The IApplicationBuilder Map (a branch), not the endpoint Map: the branch's own
            // path base is what makes each bank a distinct issuer.
            ((IApplicationBuilder)app).Map(BankPath(bank), branch => ConfigureBank(branch, bank));
        }
        return app;
    }

    /// <summary>The path of a bank's accounts list in its dialect, relative to the bank.</summary>
    public static string AccountsPath(SandboxBank bank) => bank.Dialect switch
    {
        SandboxDialects.GreenBank or SandboxDialects.MongoDbBank => "api/accounts",
        SandboxDialects.BerlinGroup => "v1/accounts",
        SandboxDialects.UkOpenBanking => "open-banking/v3.1/aisp/accounts",
        _ => throw new InvalidOperationException($"Unknown dialect {bank.Dialect}."),
    };

    private static string BankPath(SandboxBank bank) => "/sandbox/" + bank.Id;

    /// <summary>RFC 8414's well-known prefix; a bank's issuer path follows it.</summary>
    public const string AuthorizationServerMetadataPath = "/.well-known/oauth-authorization-server";

    private const string OpenIdConfigurationPath = "/.well-known/openid-configuration";

    private static SandboxBankDirectoryEntry DirectoryEntry(SandboxOrigin origin, HttpRequest request, SandboxBank bank)
    {
        var issuer = $"{origin.Primary.GetLeftPart(UriPartial.Authority)}{request.PathBase}{BankPath(bank)}";
        return new(bank.Id, bank.Name, bank.Dialect, issuer, $"{issuer}/{AccountsPath(bank)}");
    }

    private static void ConfigureBank(IApplicationBuilder branch, SandboxBank bank)
    {
        branch.Use(async (context, next) =>
        {
            context.SetSandboxBank(bank);
            // The host's routing ran on the full path; this branch routes on its own.
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            await next(context);
        });
        branch.UseSandboxFaults(bank);
        branch.UseRouting();
        // Runs OpenIddict's server (discovery, authorize, token, revoke) with this bank's path base.
        branch.UseAuthentication();
        branch.Use(async (context, next) =>
        {
            // Inside a bank, "the user" is the bank's own customer, never the host app's user.
            var customer = await context.AuthenticateAsync(SandboxBankContext.CustomerScheme(bank));
            context.User = customer.Succeeded ? customer.Principal : new ClaimsPrincipal(new ClaimsIdentity());
            await next(context);
        });
        branch.UseEndpoints(endpoints =>
        {
            endpoints.MapAuthorizationEndpoints();
            // Donau and Thames speak their standards' consent resources (/v1/consents, account-access-consents) only;
            // this one is the reference banks' own.
            if (bank.Dialect is SandboxDialects.GreenBank or SandboxDialects.MongoDbBank)
            {
                endpoints.MapConsentApi();
            }
            endpoints.MapCustomerPages();
            foreach (var api in endpoints.ServiceProvider.GetServices<ISandboxBankApi>())
            {
                api.Map(endpoints, bank);
            }
        });
    }
}
