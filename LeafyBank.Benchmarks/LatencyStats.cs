using System.Globalization;

namespace LeafyBank.Benchmarks;

/// <summary>Nearest-rank percentiles over recorded durations (milliseconds).</summary>
public sealed class LatencyStats
{
    private readonly List<double> samples = [];
    private readonly Lock gate = new();

    public void Record(TimeSpan elapsed)
    {
        lock (gate)
        {
            samples.Add(elapsed.TotalMilliseconds);
        }
    }

    public int Count => samples.Count;

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (gate)
        {
            sorted = [.. samples];
        }
        if (sorted.Length == 0)
        {
            throw new InvalidOperationException("No samples were recorded.");
        }
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1], sorted.Average());
    }

    private static double Percentile(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public string ToRow(string label) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {Count:N0} | {P50:0.00} | {P95:0.00} | {P99:0.00} | {Max:0.00} | {Mean:0.00} |");

    public const string Header = "| Query | Samples | p50 ms | p95 ms | p99 ms | max ms | mean ms |\n|---|---:|---:|---:|---:|---:|---:|";
}
