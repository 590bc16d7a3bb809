using LeafyBank.Core.Banking.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeafyBank.Core.Banking;

/// <summary>
/// Keeps what every page and connection needs from the banks in memory before anyone asks: the
/// bank directory and each bank's discovery document, read once the app listens and refreshed
/// every <see cref="RefreshEvery"/> (sooner, <see cref="RetryEvery"/>, after a failure). Pages
/// then read copies and never wait on a bank; a bank or directory that fails or hangs only makes
/// its copy older (the failure is recorded and logged), and one slow bank never delays another.
/// </summary>
public sealed partial class BankWarmUp(
    IBankDirectory directory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<BankWarmUp> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The in-process sandbox's directory address is only known once the server listens.
        if (!await AppStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var allGood = false;
            try
            {
                allGood = await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A warm-up round must never stop the app; pages still load what they need on demand.
                LogRoundFailed(logger, exception);
            }
            await Task.Delay(allGood ? RefreshEvery : RetryEvery, timeProvider, stoppingToken);
        }
    }

    /// <summary>One round: the directory, then every bank's discovery side by side. True when all of it was read.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BankDirectoryEntry> banks;
        try
        {
            banks = await directory.RefreshAsync(cancellationToken);
        }
        catch (BankApiException)
        {
            // Logged by the directory with its address; keep warming the banks it listed last time.
            if (directory.ListWithoutWaiting() is not { } known)
            {
                return false;
            }
            banks = known;
            await WarmDiscoveryAsync(banks, cancellationToken);
            return false;
        }
        catch (InvalidOperationException exception)
        {
            LogDirectoryNotYetKnown(logger, exception.Message);
            return false;
        }
        return await WarmDiscoveryAsync(banks, cancellationToken);
    }

    private async Task<bool> WarmDiscoveryAsync(IReadOnlyList<BankDirectoryEntry> banks, CancellationToken cancellationToken)
    {
        var oauth = services.GetRequiredService<BankOAuthClient>();
        var results = await Task.WhenAll(banks.Select(async bank =>
        {
            try
            {
                await oauth.RefreshMetadataAsync(bank, cancellationToken);
                return true;
            }
            catch (BankApiException exception)
            {
                LogDiscoveryFailed(logger, bank.Id, exception.Kind, exception.InnerException?.Message ?? exception.Message);
                return false;
            }
        }));
        return results.All(ok => ok);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A bank warm-up round failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bank directory's address is not known yet ({Reason}); the warm-up tries again shortly")]
    private static partial void LogDirectoryNotYetKnown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery at bank {Bank} failed ({Kind}: {Detail}); its last good copy, if any, is still used")]
    private static partial void LogDiscoveryFailed(ILogger logger, string bank, BankFailureKind kind, string detail);
}
