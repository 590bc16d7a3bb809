using LeafyBank.Core.Banking;
using LeafyBank.Core.Banking.Connectors;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Data;
using LeafyBank.Sandbox.Dialects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeafyBank.Benchmarks;

/// <summary>
/// The sandbox banks' data APIs (their real dialect endpoints and books) served in this process
/// on a loopback port, so a sync reads a bank over HTTP as the app does. The OAuth server is left
/// out: every request is granted the one consent the benchmark holds, as the sandbox's access
/// filter would after checking the token.
/// </summary>
public sealed class SandboxBankServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SandboxBankServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
        Books = app.Services.GetRequiredService<SandboxBankData>();
    }

    public Uri Address { get; }

    public SandboxBankData Books { get; }

    public BankAccess? Access { get; set; }

    public static async Task<SandboxBankServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSandboxBankData();
        var app = builder.Build();
        SandboxBankServer? server = null;
        foreach (var bank in SandboxBankCatalog.All)
        {
            app.MapGroup($"/sandbox/{bank.Id}").MapSandboxDialects(bank, (endpoint, permission) =>
                endpoint.AddEndpointFilter(async (context, next) =>
                {
                    if (server!.Access is not { } access || !access.Allows(permission))
                    {
                        return Results.StatusCode(StatusCodes.Status403Forbidden);
                    }
                    context.HttpContext.SetBankAccess(access);
                    return await next(context);
                }));
        }
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
                      ?? throw new InvalidOperationException("The sandbox banks did not report the address they listen on.");
        server = new SandboxBankServer(app, new Uri(address));
        return server;
    }

    /// <summary>Leafy Bank's directory entry for a sandbox bank served here.</summary>
    public BankDirectoryEntry Entry(SandboxBank bank)
    {
        var accountsPath = bank.Dialect switch
        {
            BankDialects.BerlinGroup => "v1/accounts",
            BankDialects.UkOpenBanking => "open-banking/v3.1/aisp/accounts",
            _ => "api/accounts",
        };
        return new BankDirectoryEntry(bank.Id, bank.Name, bank.Dialect,
            new Uri(Address, $"sandbox/{bank.Id}"), new Uri(Address, $"sandbox/{bank.Id}/{accountsPath}"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
