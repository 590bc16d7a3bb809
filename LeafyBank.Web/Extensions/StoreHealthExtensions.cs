using LeafyBank.Core.Persistence;

namespace LeafyBank.Web.Extensions;

public static class StoreHealthExtensions
{
    /// <summary>
    /// The store's own health check, reported unreachable when it takes longer than
    /// <paramref name="timeout"/> (an unreachable MongoDB would otherwise hold a probe for its
    /// whole server-selection timeout). Cancellation by the caller still throws.
    /// </summary>
    public static async Task<StoreHealth> ProbeAsync(this IDocumentStore store, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await store.CheckHealthAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StoreHealth(store.Engine, store.Location, false, $"No answer within {timeout.TotalSeconds:0} s.", timeout);
        }
    }
}
