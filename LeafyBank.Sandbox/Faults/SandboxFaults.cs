using System.Collections.Concurrent;
using System.Globalization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Sandbox.Faults;

/// <summary>
/// The sandbox's fault switches, one per bank id (and <see cref="DirectoryTarget"/> for the
/// directory, <c>GET /sandbox/banks</c>), so that slow and broken banks can be shown and tested
/// end to end. Read from configuration section <see cref="Section"/> at start-up (a bad value
/// fails with its key) and set or cleared at run time by tests. A singleton.
/// </summary>
/// <example>
/// <c>Sandbox:Faults:thamesbank:Mode=hang</c>, <c>Sandbox:Faults:thamesbank:Surfaces=authorization</c>,
/// <c>Sandbox:Faults:greenbank:Mode=latency</c> with <c>Sandbox:Faults:greenbank:LatencyMs=3000</c>,
/// <c>Sandbox:Faults:directory:Mode=hang</c>.
/// </example>
public sealed class SandboxFaults
{
    public const string Section = "Sandbox:Faults";

    /// <summary>The target name for the bank directory itself.</summary>
    public const string DirectoryTarget = "directory";

    /// <summary>A latency longer than this is a hang and should say so.</summary>
    public const int MaxLatencyMs = 120_000;

    private readonly ConcurrentDictionary<string, SandboxFault> faults = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The faults switched on now, by target.</summary>
    public IReadOnlyDictionary<string, SandboxFault> Active => new Dictionary<string, SandboxFault>(faults, StringComparer.OrdinalIgnoreCase);

    public static SandboxFaults FromConfiguration(IConfiguration configuration)
    {
        var switches = new SandboxFaults();
        foreach (var target in configuration.GetSection(Section).GetChildren())
        {
            var key = $"{Section}:{target.Key}";
            if (!IsTarget(target.Key))
            {
                throw SandboxSettingsProblem.For(key, $"names no sandbox bank; use one of {string.Join(", ", Targets)}.");
            }
            var mode = Parse<SandboxFaultMode>(target["Mode"], $"{key}:Mode", "hang, error500, malformed, ratelimit or latency");
            var surfaces = string.IsNullOrWhiteSpace(target["Surfaces"])
                ? SandboxFaultSurfaces.All
                : Parse<SandboxFaultSurfaces>(target["Surfaces"], $"{key}:Surfaces", "data, authorization or all");
            var latency = Number(target["LatencyMs"], $"{key}:LatencyMs", 0, MaxLatencyMs, 0);
            var retryAfter = Number(target["RetryAfterSeconds"], $"{key}:RetryAfterSeconds", 0, 86_400, SandboxFault.DefaultRetryAfterSeconds);
            if (mode == SandboxFaultMode.Latency && latency == 0)
            {
                throw SandboxSettingsProblem.For($"{key}:LatencyMs", "must be more than 0 when the mode is latency.");
            }
            switches.faults[target.Key] = new SandboxFault(mode, surfaces, latency, retryAfter);
        }
        return switches;
    }

    /// <summary>Switches a fault on for a bank id or <see cref="DirectoryTarget"/>, replacing any fault it had.</summary>
    public void Set(string target, SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (!IsTarget(target))
        {
            throw new ArgumentException($"'{target}' is no sandbox bank; use one of {string.Join(", ", Targets)}.", nameof(target));
        }
        if (fault.LatencyMs is < 0 or > MaxLatencyMs || (fault.Mode == SandboxFaultMode.Latency && fault.LatencyMs == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), $"The latency must be between 0 and {MaxLatencyMs} ms, and more than 0 in latency mode.");
        }
        faults[target] = fault;
    }

    /// <summary>Switches the target's fault off (it answers normally again).</summary>
    public void Clear(string target) => faults.TryRemove(target, out _);

    /// <summary>Switches every fault off, configured ones too.</summary>
    public void ClearAll() => faults.Clear();

    /// <summary>The fault that applies to a request to <paramref name="target"/> on <paramref name="surface"/>, or null.</summary>
    public SandboxFault? For(string target, SandboxFaultSurfaces surface) =>
        faults.TryGetValue(target, out var fault) && (fault.Surfaces & surface) != 0 ? fault : null;

    private static IEnumerable<string> Targets => SandboxBankCatalog.All.Select(bank => bank.Id).Append(DirectoryTarget);

    private static bool IsTarget(string target) =>
        string.Equals(target, DirectoryTarget, StringComparison.OrdinalIgnoreCase) || SandboxBankCatalog.Find(target) is not null;

    private static T Parse<T>(string? text, string key, string allowed) where T : struct, Enum =>
        // Names only: Enum.TryParse would also take "3", which means nothing to a reader.
        !string.IsNullOrWhiteSpace(text) && !char.IsAsciiDigit(text.Trim()[0]) && Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value)
            ? value
            : throw SandboxSettingsProblem.For(key, $"must be {allowed} (got '{text}').");

    private static int Number(string? text, string key, int min, int max, int fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw SandboxSettingsProblem.For(key, $"must be a whole number from {min} to {max} (got '{text}').");
    }
}
