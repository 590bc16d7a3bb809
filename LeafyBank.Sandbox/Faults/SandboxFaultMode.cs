namespace LeafyBank.Sandbox.Faults;

/// <summary>How a faulty sandbox bank misbehaves (configuration names in brackets).</summary>
public enum SandboxFaultMode
{
    /// <summary>(<c>latency</c>) Answers normally, after <see cref="SandboxFault.LatencyMs"/>.</summary>
    Latency,

    /// <summary>(<c>error500</c>) Answers 500 Internal Server Error with a problem document.</summary>
    Error500,

    /// <summary>(<c>malformed</c>) Answers 200 with a body that is not JSON.</summary>
    Malformed,

    /// <summary>(<c>ratelimit</c>) Answers 429 Too Many Requests with <c>Retry-After</c>.</summary>
    RateLimit,

    /// <summary>(<c>hang</c>) Accepts the request and never answers, until the client gives up.</summary>
    Hang,
}
