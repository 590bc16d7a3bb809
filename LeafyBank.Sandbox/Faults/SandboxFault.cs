namespace LeafyBank.Sandbox.Faults;

/// <summary>
/// One switched-on fault: what the bank does wrong, on which surfaces, and how long it waits
/// first (<paramref name="LatencyMs"/> also delays the other modes' answers).
/// </summary>
public sealed record SandboxFault(
    SandboxFaultMode Mode,
    SandboxFaultSurfaces Surfaces = SandboxFaultSurfaces.All,
    int LatencyMs = 0,
    int RetryAfterSeconds = SandboxFault.DefaultRetryAfterSeconds)
{
    public const int DefaultRetryAfterSeconds = 60;
}
