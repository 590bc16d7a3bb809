using LeafyBank.Core;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Persistence;
using LeafyBank.Web.Extensions;

namespace LeafyBank.Web.Cli;

/// <summary>
/// Runs an operator command on a plain host: the same configuration and store registration as
/// the web app, without the web server, so <c>import</c>, <c>export</c> and <c>position</c> see
/// exactly the data the app sees.
/// </summary>
internal static class CommandLineHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The command's own arguments are not configuration: keep them away from the command-line provider.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddFlatKeyAliases();
        // stdout is the command's result (position prints JSON for scripts): logs go to stderr, warnings and up only.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        // The key ring's at-rest warning is for the server's operator (docs/architecture.md), not for every command.
        builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error";
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        try
        {
            builder.AddLeafyBankCore();
        }
        catch (ConfigurationException exception)
        {
            return StartupFailure.Report("Configuration error", exception.Message);
        }

        var host = builder.Build();
        try
        {
            await host.InitializeStoreAsync(StartupFailure.StoreTimeout);
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return await CommandLine.RunAsync(args, host.Services, Console.Out, Console.Error, cancel.Token);
        }
        catch (StoreUnavailableException exception)
        {
            return StartupFailure.Report("Store unavailable", exception.Message);
        }
        finally
        {
            // The store is IAsyncDisposable only.
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }
}
