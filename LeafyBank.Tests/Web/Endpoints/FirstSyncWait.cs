namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// For tests that connect a bank through <c>/connections/callback</c> on a hosted app: the first sync
/// then runs in the background (<c>FirstSyncRunner</c>), and the test waits for what it stored rather
/// than syncing itself, which would race it.
/// </summary>
public static class FirstSyncWait
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The finished first sync under <paramref name="consentId"/>; fails the test if none is stored within the timeout.</summary>
    public static async Task<FirstSyncRecord> UntilFinishedAsync(IDocumentStore store, ObjectId userId, string bankId, string consentId,
        CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([userId, bankId], cancellationToken);
            if (state?.FirstSync is { FinishedAt: not null } record && record.ConsentId == consentId)
            {
                return record;
            }
            if (waited.Elapsed > Timeout)
            {
                Assert.Fail($"The first sync of {bankId} under {consentId} did not finish within {Timeout.TotalSeconds:0} s; " +
                            $"stored: {state?.FirstSync?.ToBsonDocument().ToJson() ?? "no first-sync record"}.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
