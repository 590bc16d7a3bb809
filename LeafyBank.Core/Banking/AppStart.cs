using Microsoft.Extensions.Hosting;

namespace LeafyBank.Core.Banking;

/// <summary>
/// The background jobs that call banks (the sync scheduler, the warm-up) begin once the host has started: the
/// bank directory may be this app itself (the emulated banks), and a call before it listens only fails.
/// </summary>
internal static class AppStart
{
    /// <summary>
    /// Waits for the host's start (at once when it has started, or when there is no host); false when the app
    /// stops first, which is no failure: the job simply ends.
    /// </summary>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime? lifetime, CancellationToken stoppingToken)
    {
        if (lifetime is null)
        {
            return true;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Registering on a token already cancelled runs the callback at once.
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return started.Task.IsCompleted && !stoppingToken.IsCancellationRequested;
    }
}
