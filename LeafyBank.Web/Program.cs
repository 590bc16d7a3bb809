using LeafyBank.Core;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Persistence;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Cli;
using LeafyBank.Web.Extensions;
using Microsoft.Extensions.Options;

// Settings: a .env file in the working directory fills in what the real environment leaves unset.
DotNetEnv.Env.NoClobber().Load();

// Operator commands (import, export, position, help) run instead of the web app
if (CommandLine.IsCommand(args))
{
    return await CommandLineHost.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
// Settings live in sections (MongoDb, LeafyBank); the documented flat names (MONGODB_URI, LEAFYBANK_*) win over them
builder.Configuration.AddFlatKeyAliases();

// Storage, banks, sign-in and security: engine, location, bank connections, identity provider, proxies, limits and key ring from configuration, validated before anything starts
try
{
    builder.AddLeafyBankCore();
    builder.AddBanks();
    builder.AddLeafyBankAuthentication();
    builder.AddLeafyBankSecurity();
}
catch (ConfigurationException exception)
{
    return StartupFailure.Report("Configuration error", exception.Message);
}
catch (OptionsValidationException exception)
{
    return StartupFailure.Report("Configuration error", string.Join(" ", exception.Failures));
}

// Web host: telemetry, UI, endpoints
builder.AddLeafyBankWeb();
var app = builder.Build();
app.UseLeafyBankPipeline();
app.MapLeafyBankEndpoints();

// The store must answer before the app serves anything: no silent fallback, no hang
try
{
    await app.InitializeStoreAsync(StartupFailure.StoreTimeout);
}
catch (StoreUnavailableException exception)
{
    return StartupFailure.Report("Store unavailable", exception.Message);
}
catch (OptionsValidationException exception)
{
    return StartupFailure.Report("Configuration error", string.Join(" ", exception.Failures));
}

// The development identity provider starts with the app; a port in use stops start-up naming its key
try
{
    await app.RunAsync();
}
catch (ConfigurationException exception)
{
    return StartupFailure.Report("Configuration error", exception.Message);
}
catch (OptionsValidationException exception)
{
    // ValidateOnStart: the same validators, run again by the host as it starts.
    return StartupFailure.Report("Configuration error", string.Join(" ", exception.Failures));
}
return 0;

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
