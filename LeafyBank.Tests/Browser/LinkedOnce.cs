namespace LeafyBank.Tests.Browser;

/// <summary>
/// Banks linked once per test class (by whichever journey runs first) and shared by its journeys,
/// which only read what was linked: linking through the pages is the slow part.
/// </summary>
public sealed class LinkedOnce : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool done;

    /// <summary>Runs <paramref name="link"/> unless a journey of this class already ran it to the end.</summary>
    public async Task EnsureAsync(Func<Task> link)
    {
        await gate.WaitAsync(Xunit.TestContext.Current.CancellationToken);
        try
        {
            if (!done)
            {
                await link();
                done = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
