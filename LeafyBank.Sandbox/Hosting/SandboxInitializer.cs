using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// Before the app serves anything: creates the sandbox database if needed and registers (or
/// updates) Leafy Bank as a client of the banks, with the secret, public JWK set and redirect URIs
/// from configuration — so a changed secret or key takes effect on the next start.
/// </summary>
internal sealed class SandboxInitializer(IServiceScopeFactory scopes, SandboxSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        await db.UpgradeAsync(cancellationToken);

        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = settings.ClientId,
            ClientSecret = settings.ClientSecret,
            DisplayName = settings.ClientDisplayName,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.Endpoints.PushedAuthorization,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.GrantTypes.ClientCredentials,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (settings.ClientJsonWebKeySet is { } jwks)
        {
            // private_key_jwt (RFC 7523): client assertions are checked against these public keys.
            descriptor.JsonWebKeySet = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(jwks);
        }
        foreach (var permission in BankPermissions.All)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + permission);
        }
        foreach (var uri in settings.RedirectUris)
        {
            descriptor.RedirectUris.Add(uri);
        }

        if (await applications.FindByClientIdAsync(settings.ClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
