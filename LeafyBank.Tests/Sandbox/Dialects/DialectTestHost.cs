using LeafyBank.Sandbox.Dialects;
using LeafyBank.Tests.Sandbox.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>
/// The four banks' dialect endpoints on a TestServer under <c>/sandbox/{bankId}</c>, with a tiny
/// stand-in for the real OAuth access filter: it grants whatever <see cref="Access"/> says
/// (401 when null, 403 when the endpoint's permission is missing).
/// </summary>
internal sealed class DialectTestHost : IAsyncDisposable
{
    /// <summary>
    /// The first instant from the suite's instant at which the checking account of each customer
    /// these tests read shows a pending payment (the books move with the clock; the tests check
    /// the pending paths).
    /// </summary>
    public static readonly DateTimeOffset Start = SandboxInstants.FirstWithPending(TestTime.Now, TimeSpan.Zero,
        ("greenbank", "frida"), ("mongodbbank", "frida"), ("donaubank", "frida"), ("thamesbank", "frida"),
        ("mongodbbank", "claude"), ("donaubank", "claude"), ("donaubank", "grace"), ("thamesbank", "ada"));

    private readonly WebApplication app;

    private DialectTestHost(WebApplication app)
    {
        this.app = app;
        Clock = (FakeTimeProvider)app.Services.GetRequiredService<TimeProvider>();
        Books = app.Services.GetRequiredService<SandboxBankData>();
    }

    public FakeTimeProvider Clock { get; }

    public SandboxBankData Books { get; }

    public BankAccess? Access { get; set; }

    /// <summary>A handler into the TestServer, for clients built elsewhere (e.g. by IHttpClientFactory).</summary>
    public HttpMessageHandler CreateHandler() => app.GetTestServer().CreateHandler();

    public static async Task<DialectTestHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        builder.Services.AddSandboxBankData();
        var host = new DialectTestHost(builder.Build());
        foreach (var bank in SandboxBankCatalog.All)
        {
            host.app.MapGroup($"/sandbox/{bank.Id}").MapSandboxDialects(bank, (endpoint, permission) =>
                endpoint.AddEndpointFilter(async (context, next) =>
                {
                    if (host.Access is not { } access)
                    {
                        return Results.Unauthorized();
                    }
                    if (!access.Allows(permission))
                    {
                        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Permission not granted");
                    }
                    context.HttpContext.SetBankAccess(access);
                    return await next(context);
                }));
        }
        await host.app.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static SandboxBank Bank(string id) => SandboxBankCatalog.Find(id)!;

    /// <summary>Grants access to every account and product of the customer (what the consent page preselects).</summary>
    public BankAccess Grant(string bankId, string customerId, params string[] permissions)
    {
        var bank = Bank(bankId);
        var ids = Books.AccountsOf(bank, customerId).Select(a => a.Id).ToHashSet();
        Access = new BankAccess(bank, customerId, $"consent-{bankId}-{customerId}",
            (permissions.Length == 0 ? BankPermissions.All : permissions).ToHashSet(), ids, Unattended: true);
        return Access;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
