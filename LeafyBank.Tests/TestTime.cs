namespace LeafyBank.Tests;

/// <summary>
/// The suite's "now". Every test that needs the current instant takes it from here, never from
/// the wall clock, so the suite gives the same answer on any date: <see cref="Variable"/> (an
/// ISO-8601 UTC instant) when it is set, otherwise <see cref="DefaultNow"/>.
/// </summary>
public static class TestTime
{
    /// <summary>Set to an ISO-8601 UTC instant (e.g. <c>2027-03-14T05:30:00Z</c>) to run the suite at that instant.</summary>
    public const string Variable = "LEAFYBANK_TEST_NOW";

    /// <summary>Used when <see cref="Variable"/> is not set: a Monday morning on which the suite once failed.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The instant this run of the suite starts at.</summary>
    public static DateTimeOffset Now { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary><see cref="Now"/> as a UTC <see cref="DateTime"/>.</summary>
    public static DateTime UtcNow => Now.UtcDateTime;

    /// <summary>A clock that stands still at <see cref="Now"/> until the test advances it.</summary>
    public static FakeTimeProvider Frozen() => new(Now);

    /// <summary>
    /// A clock that starts at <paramref name="start"/> (default <see cref="Now"/>) and then runs at real speed, for a hosted app whose
    /// timeouts, token lifetimes and timers must keep moving while a test drives it.
    /// </summary>
    public static TimeProvider Running(DateTimeOffset? start = null) => new RunningClock(start ?? Now);

    private static DateTimeOffset Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DefaultNow
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) ? instant.ToUniversalTime()
        : throw new InvalidOperationException($"{Variable}='{value}' is not an ISO-8601 instant; use e.g. 2027-03-14T05:30:00Z.");

    /// <summary>Real elapsed time added to a chosen start; timers run at real speed.</summary>
    private sealed class RunningClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long startTimestamp = TimeProvider.System.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => start + TimeProvider.System.GetElapsedTime(startTimestamp);
    }
}
