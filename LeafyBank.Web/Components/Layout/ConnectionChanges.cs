namespace LeafyBank.Web.Components.Layout;

/// <summary>
/// Tells the components of one circuit that the customer's connections changed (a sync, a
/// disconnect, an erase), so the banner and the Connections page re-read them without waiting for
/// a navigation. Scoped: one per circuit, never shared between customers.
/// </summary>
public sealed class ConnectionChanges
{
    /// <summary>Raised with the component that made the change, so it can skip its own notice.</summary>
    public event Func<object?, Task>? Changed;

    public async Task NotifyAsync(object? source)
    {
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<object?, Task>>())
            {
                await handler(source);
            }
        }
    }
}
