using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LeafyBank.Web.Authentication.Sessions;

/// <summary>
/// Whether the customer did anything in this circuit (a click, a key, a navigation) since the
/// session was last revalidated: a page in use keeps its session alive, a page left open does not.
/// </summary>
public sealed class CircuitActivity
{
    private int seen;

    public void Saw() => Interlocked.Exchange(ref seen, 1);

    /// <summary>True once for each stretch of activity.</summary>
    public bool TakeSeen() => Interlocked.Exchange(ref seen, 0) == 1;

    /// <summary>Marks inbound circuit messages (events, navigation, interop replies) as activity.</summary>
    public sealed class Handler(CircuitActivity activity) : CircuitHandler
    {
        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
            context =>
            {
                activity.Saw();
                return next(context);
            };
    }
}
