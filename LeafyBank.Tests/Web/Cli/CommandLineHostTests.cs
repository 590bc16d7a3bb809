using LeafyBank.Core;
using Microsoft.Extensions.Hosting;
using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Web.Cli;

/// <summary>The commands on the real service registration, as Program.cs will wire them (key ring kept in the store).</summary>
public sealed class CommandLineHostTests
{
    [Fact]
    public async Task The_commands_work_on_the_registered_services_with_the_key_ring_in_the_store()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var directory = Path.Combine(Path.GetTempPath(), "leafybank-cli-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[ConfigurationKeys.DataDirectory] = directory;
        builder.AddLeafyBankCore();
        var host = builder.Build();
        try
        {
            await host.Services.InitializeOpenFinanceStoreAsync(ct);
            var tokens = Path.Combine(directory, TokensFileName);
            await File.WriteAllTextAsync(tokens, Tokens, ct);
            using var output = new StringWriter();
            using var error = new StringWriter();

            var imported = await CommandLine.RunAsync(["import", "--create-users", tokens], host.Services, output, error, ct);
            var exported = await CommandLine.RunAsync(["export", "--include-keys", Path.Combine(directory, "out")], host.Services, output, error, ct);

            Assert.Equal((0, 0, ""), (imported, exported, error.ToString()));
            var keyRing = await File.ReadAllTextAsync(Path.Combine(directory, "out", "open_finance.data_protection_keys.json"), ct);
            var storedTokens = await File.ReadAllTextAsync(Path.Combine(directory, "out", "open_finance.tokens.json"), ct);
            Assert.Contains("<key ", keyRing, StringComparison.Ordinal);
            Assert.Contains("dp1:", storedTokens, StringComparison.Ordinal);
            Assert.DoesNotContain(FridaPlainBearerToken, storedTokens, StringComparison.Ordinal);
        }
        finally
        {
            // The store is IAsyncDisposable only, so the host must be disposed asynchronously.
            await ((IAsyncDisposable)host).DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }
}
