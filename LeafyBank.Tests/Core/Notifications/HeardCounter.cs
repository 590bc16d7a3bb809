namespace LeafyBank.Tests.Core.Notifications;

/// <summary>A view's subscription callback that counts what it heard.</summary>
internal sealed class HeardCounter
{
    private int count;

    public TaskCompletionSource Heard { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => Volatile.Read(ref count);

    public void Hear()
    {
        Interlocked.Increment(ref count);
        Heard.TrySetResult();
    }

    public async Task UntilAsync(int expected)
    {
        for (var i = 0; i < 200 && Count < expected; i++)
        {
            await Task.Delay(10, Xunit.TestContext.Current.CancellationToken);
        }
        Assert.Equal(expected, Count);
    }
}
