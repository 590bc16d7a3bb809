using LeafyBank.Tests.Web.Cli;
using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Core.Interop;

/// <summary>
/// Random damage to a valid file never crashes the import: every run ends with exit 0 (the damage
/// was still valid data) or exit 1 and one line, and a refused run writes nothing.
/// </summary>
public sealed class ImportFuzzTests
{
    private const int Mutations = 300;

    /// <summary>Snippets that break rules the import enforces, spliced in at random places.</summary>
    private static readonly string[] Splices =
    [
        "\"AccountBank\": \"x\",", "\"$where\": 1,", "\"a.b\": 1,", "1e400", "-1e400", "1" + new string('0', 40), "NaN", "Infinity",
        "{\"$numberDouble\": \"NaN\"}", "{\"$numberDecimal\": \"Infinity\"}", "{\"$date\": \"10000-01-01T00:00:00Z\"}",
        "{\"$date\": {\"$numberLong\": \"999999999999999999\"}}", "{\"$oid\": \"xyz\"}", "{\"$numberLong\": \"99999999999999999999\"}",
        "\\u0000", "\\u001b", "\\ud800", "\u007f", "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true",
        new string('[', 200), new string('{', 100), "{\"$oid\": \"65a546ae4a8f64e8f88fb89e\", \"x\": 1}", "\"UserName\": \"mallory\",",
    ];

    [Fact]
    public async Task Hundreds_of_random_mutations_of_a_valid_file_end_in_exit_0_or_exit_1_with_one_line_and_never_an_exception()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var random = new Random(1234);
        var valid = Encoding.UTF8.GetBytes(ExternalAccounts);
        var outcomes = new Dictionary<int, int>();

        for (var run = 0; run < Mutations; run++)
        {
            var (kind, mutated) = Mutate(valid, random);
            var path = CommandLineRun.WriteFile(test, AccountsFileName, mutated);
            var before = await test.CountsAsync();

            CommandLineRun result;
            try
            {
                result = await CommandLineRun.StartAsync(test, "import", path);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Assert.Fail($"Mutation {run} ({kind}) escaped as {exception}");
                throw;
            }

            outcomes[result.ExitCode] = outcomes.GetValueOrDefault(result.ExitCode) + 1;
            var context = $"mutation {run} ({kind}): exit {result.ExitCode}, stderr: {result.Error}";
            Assert.True(result.ExitCode is CommandLine.Succeeded or CommandLine.Failed, context);
            if (result.ExitCode == CommandLine.Failed)
            {
                var line = Assert.Single(result.ErrorLines);
                Assert.StartsWith(path, line, StringComparison.Ordinal);
                Assert.EndsWith(".", line, StringComparison.Ordinal);
                Assert.Empty(result.Output);
                Assert.Equal(before, await test.CountsAsync());
            }
            else
            {
                Assert.True(result.Error.Length == 0, context);
            }
        }

        // The mutations reach both outcomes, so the test exercises refusals and the writes after them.
        Assert.True(outcomes.GetValueOrDefault(CommandLine.Failed) > Mutations / 2, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(CommandLine.Succeeded) > 0, string.Join(", ", outcomes));
    }

    private static (string Kind, byte[] Content) Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var at = random.Next(bytes.Count);
        switch (random.Next(6))
        {
            case 0:
                bytes[at] = (byte)random.Next(256);
                return ($"byte {at} set to 0x{bytes[at]:X2}", [.. bytes]);
            case 1:
                var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                bytes.RemoveRange(at, length);
                return ($"{length} bytes removed at {at}", [.. bytes]);
            case 2:
                var splice = Splices[random.Next(Splices.Length)];
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(splice));
                return ($"'{splice[..Math.Min(splice.Length, 20)]}' inserted at {at}", [.. bytes]);
            case 3:
                return ($"cut at {at}", [.. bytes.Take(at)]);
            case 4:
                // A digit changed: often still valid, so some runs write (an updated balance, a new account number).
                var digits = bytes.Select((value, index) => (value, index)).Where(pair => pair.value is >= (byte)'0' and <= (byte)'9').ToList();
                var digit = digits[random.Next(digits.Count)].index;
                bytes[digit] = (byte)('0' + random.Next(10));
                return ($"digit at {digit} changed", [.. bytes]);
            default:
                var text = Encoding.UTF8.GetString(valid).Split('\n');
                var line = random.Next(text.Length);
                var copy = text.Take(line + 1).Append(text[line]).Concat(text.Skip(line + 1));
                return ($"line {line + 1} doubled", Encoding.UTF8.GetBytes(string.Join('\n', copy)));
        }
    }
}
