using LeafyBank.Benchmarks;

// The performance harness: generate (or reuse) a realistic data set, then measure the
// global position query per engine and, optionally, the data API under concurrent load.
// See docs/performance.md for the commands and the results.
try
{
    var options = BenchmarkOptions.Parse(args);
    if (options is null)
    {
        Console.WriteLine(BenchmarkOptions.Usage);
        return 0;
    }
    return await BenchmarkRun.ExecuteAsync(options);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"{exception.Message}{Environment.NewLine}{Environment.NewLine}{BenchmarkOptions.Usage}");
    return 2;
}
