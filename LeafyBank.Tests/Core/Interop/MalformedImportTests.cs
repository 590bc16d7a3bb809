using LeafyBank.Tests.Web.Cli;

namespace LeafyBank.Tests.Core.Interop;

/// <summary>
/// Every kind of malformed file, through the command line as an operator runs it: exit code 1,
/// one line naming the file, the document, the line and the rule, and nothing written.
/// </summary>
public sealed class MalformedImportTests
{
    private const string FileName = "open_finance.external_accounts.json";

    /// <summary>Two valid accounts; every case breaks the second (document 2, from line 11) unless it says otherwise.</summary>
    private const string TwoAccounts = """
        [{
          "AccountId": "100000001",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountDate": { "OpeningDate": { "$date": "2024-03-17T02:01:24.699Z" } },
          "AccountType": "Savings",
          "AccountBalance": 7825,
          "AccountCurrency": "USD",
          "AccountUser": { "UserName": "fridaklo", "UserId": { "$oid": "65a546ae4a8f64e8f88fb89e" } }
        },
        {
          "AccountId": "100000002",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountDate": { "OpeningDate": { "$date": "2023-01-01T00:00:00.000Z" } },
          "AccountType": "Savings",
          "AccountBalance": 8851,
          "AccountCurrency": "USD",
          "AccountUser": { "UserName": "fridaklo", "UserId": { "$oid": "65a546ae4a8f64e8f88fb89e" } }
        }]
        """;

    private const int SecondDocumentLine = 11;
    private const int IdLine = 12;
    private const int BankLine = 13;
    private const int DateLine = 15;
    private const int TypeLine = 16;
    private const int BalanceLine = 17;
    private const int UserLine = 19;

    /// <summary>A file, the rule its one line must state, and the document and line it must name.</summary>
    private sealed record MalformedFile(Func<byte[]> Content, string Rule, int Document, int Line);

    private static readonly Dictionary<string, MalformedFile> Cases = new()
    {
        ["a field twice"] = Second(
            "\"AccountBank\": \"Green Bank\",", "\"AccountBank\": \"Green Bank\", \"AccountId\": \"100000003\",",
            "field \"AccountId\" appears twice; each field may appear once.", BankLine),
        ["a field twice inside a sub-document"] = Second(
            "\"UserName\": \"fridaklo\",", "\"UserName\": \"fridaklo\", \"UserName\": \"mallory\",",
            "field \"AccountUser.UserName\" appears twice; each field may appear once.", UserLine),
        ["a whole number of 10^40"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": 1" + new string('0', 40) + ",",
            "field \"AccountBalance\" is the whole number 10000000000000000000…0000000000 (41 digits), beyond what 64 bits hold", BalanceLine),
        ["a number of 1e400"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": 1e400,",
            "field \"AccountBalance\" is the number 1e400, beyond the range of a double", BalanceLine),
        ["a number of -1e400"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": -1e400,",
            "field \"AccountBalance\" is the number -1e400, beyond the range of a double", BalanceLine),
        ["a $numberLong beyond 64 bits"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberLong\": \"99999999999999999999\" },",
            "field \"AccountBalance\" is {\"$numberLong\": \"99999999999999999999\"}, which is not a whole number within 64 bits", BalanceLine),
        ["NaN written bare"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": NaN,",
            "malformed JSON at line 17, column 21", BalanceLine),
        ["NaN as a $numberDouble"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberDouble\": \"NaN\" },",
            "field \"AccountBalance\" is {\"$numberDouble\": \"NaN\"}; NaN and Infinity are not numbers an import accepts.", BalanceLine),
        ["Infinity as a $numberDouble"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberDouble\": \"-Infinity\" },",
            "field \"AccountBalance\" is {\"$numberDouble\": \"-Infinity\"}; NaN and Infinity are not numbers an import accepts.", BalanceLine),
        ["NaN as a $numberDecimal amount"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberDecimal\": \"NaN\" },",
            "field \"AccountBalance\" is {\"$numberDecimal\": \"NaN\"}; NaN and Infinity are not numbers an import accepts.", BalanceLine),
        ["Infinity as a $numberDecimal amount"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberDecimal\": \"Infinity\" },",
            "field \"AccountBalance\" is {\"$numberDecimal\": \"Infinity\"}; NaN and Infinity are not numbers an import accepts.", BalanceLine),
        ["an amount beyond a quadrillion"] = Second(
            "\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberDecimal\": \"2000000000000000\" },",
            "AccountBalance is 2000000000000000, outside the accepted range -1,000,000,000,000,000 to 1,000,000,000,000,000.", SecondDocumentLine),
        ["the year 10000"] = Second(
            "\"$date\": \"2023-01-01T00:00:00.000Z\"", "\"$date\": \"10000-01-01T00:00:00.000Z\"",
            "field \"AccountDate.OpeningDate\" is the date \"10000-01-01T00:00:00.000Z\", which is not a date from 1900-01-01 to 2200-12-31 (UTC)", DateLine),
        ["a date 999999999999999999 ms after 1970"] = Second(
            "\"$date\": \"2023-01-01T00:00:00.000Z\"", "\"$date\": { \"$numberLong\": \"999999999999999999\" }",
            "field \"AccountDate.OpeningDate\" is a date 999999999999999999 milliseconds after 1970-01-01, which is not a date from 1900-01-01 to 2200-12-31 (UTC).", DateLine),
        ["an opening date before 1900"] = Second(
            "\"$date\": \"2023-01-01T00:00:00.000Z\"", "\"$date\": \"1899-12-31T23:59:59.999Z\"",
            "field \"AccountDate.OpeningDate\" is the date \"1899-12-31T23:59:59.999Z\", which is not a date from 1900-01-01 to 2200-12-31 (UTC)", DateLine),
        ["an opening date after 2200"] = Second(
            "\"$date\": \"2023-01-01T00:00:00.000Z\"", "\"$date\": \"2201-01-01T00:00:00Z\"",
            "field \"AccountDate.OpeningDate\" is the date \"2201-01-01T00:00:00Z\", which is not a date from 1900-01-01 to 2200-12-31 (UTC)", DateLine),
        ["1000 nested documents"] = Second(
            "\"AccountType\": \"Savings\",", "\"AccountType\": \"Savings\", \"Deep\": " + Nested("{\"a\": ", "}", 1000) + ",",
            $"field \"Deep{string.Concat(Enumerable.Repeat(".a", 31))}\" nests documents and arrays more than 32 levels deep", TypeLine),
        ["1000 nested arrays"] = Second(
            "\"AccountType\": \"Savings\",", "\"AccountType\": \"Savings\", \"Deep\": " + Nested("[", "]", 1000) + ",",
            $"field \"Deep{string.Concat(Enumerable.Repeat("[0]", 31))}\" nests documents and arrays more than 32 levels deep", TypeLine),
        ["a 10 MB bank name"] = Second(
            "\"AccountBank\": \"Green Bank\",", "\"AccountBank\": \"" + new string('G', 10 * 1024 * 1024) + "\",",
            "field \"AccountBank\" is 10,485,760 characters long; text may be at most 100,000 characters.", BankLine),
        ["a bank name longer than names may be"] = Second(
            "\"AccountBank\": \"Green Bank\",", "\"AccountBank\": \"" + new string('G', 1_001) + "\",",
            "AccountBank is 1,001 characters long; ids and names may be at most 1,000 characters.", SecondDocumentLine),
        ["a narrative longer than narratives may be"] = Second(
            "\"AccountType\": \"Savings\",", "\"AccountType\": \"Savings\", \"GreenAccountNarrative\": \"" + new string('n', 10_001) + "\",",
            "GreenAccountNarrative is 10,001 characters long; narratives may be at most 10,000 characters.", SecondDocumentLine),
        ["a top-level $where field"] = Second(
            "\"AccountType\": \"Savings\",", "\"AccountType\": \"Savings\", \"$where\": \"sleep(1000)\",",
            "field \"$where\" starts with '$', which MongoDB reserves for operators", TypeLine),
        ["a $-field inside a sub-document"] = Second(
            "\"UserName\": \"fridaklo\",", "\"UserName\": \"fridaklo\", \"$set\": 1,",
            "field \"AccountUser.$set\" starts with '$', which MongoDB reserves for operators", UserLine),
        ["a type wrapper with a field beside it"] = Second(
            "{ \"$oid\": \"65a546ae4a8f64e8f88fb89e\" } }", "{ \"$oid\": \"65a546ae4a8f64e8f88fb89e\", \"Note\": 1 } }",
            "field \"AccountUser.UserId.Note\" sits beside the type wrapper {\"$oid\": …}, which must be alone in its object.", UserLine),
        ["a dotted field name"] = Second(
            "\"AccountType\": \"Savings\",", "\"AccountType\": \"Savings\", \"Account.Nickname\": \"Rainy day\",",
            "field \"Account.Nickname\" has a '.' in its name, which MongoDB reads as a path into a sub-document", TypeLine),
        ["a dotted field name inside a sub-document"] = Second(
            "\"AccountDate\": { \"OpeningDate\":", "\"AccountDate\": { \"Closing.Date\": null, \"OpeningDate\":",
            "field \"AccountDate.Closing.Date\" has a '.' in its name", DateLine),
        ["a NUL in the account id"] = Second(
            "\"AccountId\": \"100000002\",", "\"AccountId\": \"1000\\u00000002\",",
            "AccountId contains the control character U+0000 (\"1000\\u00000002\"); ids and names may not contain control characters.", SecondDocumentLine),
        ["an ESC in the account id"] = Second(
            "\"AccountId\": \"100000002\",", "\"AccountId\": \"\\u001b[31m100000002\",",
            "AccountId contains the control character U+001B", SecondDocumentLine),
        ["a DEL in the user name"] = Second(
            "\"UserName\": \"fridaklo\",", "\"UserName\": \"frida\\u007fklo\",",
            "AccountUser.UserName contains the control character U+007F", SecondDocumentLine),
        ["a control character in a field name"] = Second(
            "\"AccountType\": \"Savings\",", "\"AccountType\": \"Savings\", \"Nick\\u0001name\": \"x\",",
            "field name \"Nick\\u0001name\" contains a control character; field names may not contain any.", TypeLine),
        ["an unpaired surrogate"] = Second(
            "\"AccountBank\": \"Green Bank\",", "\"AccountBank\": \"Green \\ud800Bank\",",
            "field \"AccountBank\" holds an unpaired surrogate escape", BankLine),
        ["a document over 16 MB"] = Second(
            "\"AccountType\": \"Savings\",",
            "\"AccountType\": \"Savings\", " + string.Concat(Enumerable.Range(0, 170).Select(index => $"\"Extra{index}\": \"{new string('x', 100_000)}\", ")),
            "the document is 16.2 MB as BSON; MongoDB stores at most 16 MB in one document.", SecondDocumentLine),
        ["bytes that are not UTF-8"] = new(
            () =>
            {
                // "Green" becomes 0xC3 0x28 "een": a two-byte sequence whose second byte is not a continuation byte.
                var bytes = Encoding.UTF8.GetBytes(TwoAccounts);
                var at = Encoding.UTF8.GetByteCount(TwoAccounts[..(SecondDocumentIndexOf("\"Green Bank\"") + 1)]);
                (bytes[at], bytes[at + 1]) = ((byte)0xC3, (byte)0x28);
                return bytes;
            },
            "field \"AccountBank\" holds bytes that are not valid UTF-8; save the file as UTF-8.", 2, BankLine),
        ["a file cut off in the middle of a document"] = new(
            () => Encoding.UTF8.GetBytes(TwoAccounts[..TwoAccounts.IndexOf("\"AccountBalance\": 8851", StringComparison.Ordinal)]),
            "the file ends before its JSON is complete", 2, BalanceLine),
        ["a file cut off in the middle of a string"] = new(
            () => Encoding.UTF8.GetBytes(TwoAccounts[..(SecondDocumentIndexOf("\"Green Bank\"") + 4)]),
            "the file ends before its JSON is complete", 2, BankLine),
        ["a number as the whole file"] = new(() => "42\n"u8.ToArray(),
            "the file holds a number; it must hold documents ({ … }, one per line) or an array of them ([{ … }, …]).", 1, 1),
        ["a string as the whole file"] = new(() => "\"accounts\""u8.ToArray(),
            "the file holds a string; it must hold documents", 1, 1),
        ["a number among the documents of an array"] = new(() => Encoding.UTF8.GetBytes(TwoAccounts.Replace("}]", "},\n 42]", StringComparison.Ordinal)),
            "expected a document ({ … }) but found a number.", 3, 21),
    };

    public static TheoryData<string> Kinds => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_malformed_file_exits_1_with_one_line_naming_file_document_line_and_rule_and_writes_nothing(string kind)
    {
        var malformed = Cases[kind];
        await using var test = await InteropTestStore.CreateAsync();
        var before = await test.CountsAsync();
        var path = CommandLineRun.WriteFile(test, FileName, malformed.Content());

        var run = await CommandLineRun.StartAsync(test, "import", path);

        Assert.Equal(CommandLine.Failed, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"{path}, document {malformed.Document} (line {malformed.Line}): ", line, StringComparison.Ordinal);
        Assert.Contains(malformed.Rule, line, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported.", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Equal(before, await test.CountsAsync());
    }

    [Fact]
    public async Task The_unbroken_file_the_cases_start_from_imports()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var path = CommandLineRun.WriteFile(test, FileName, TwoAccounts);

        var run = await CommandLineRun.StartAsync(test, "import", path);

        Assert.Equal((CommandLine.Succeeded, ""), (run.ExitCode, run.Error));
        Assert.Contains($"{path} -> external_accounts: 2 inserted, 0 updated, 0 unchanged.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extended_json_type_wrappers_in_value_position_are_not_dollar_fields()
    {
        await using var test = await InteropTestStore.CreateAsync();
        // Canonical Extended JSON, as our own export and mongoexport --jsonFormat=canonical write it.
        var canonical = TwoAccounts
            .Replace("\"AccountBalance\": 8851,", "\"AccountBalance\": { \"$numberDecimal\": \"8851.25\" }, \"Points\": { \"$numberLong\": \"12\" }, \"Rate\": { \"$numberDouble\": \"1.5\" },", StringComparison.Ordinal)
            .Replace("\"$date\": \"2023-01-01T00:00:00.000Z\"", "\"$date\": { \"$numberLong\": \"1672531200000\" }", StringComparison.Ordinal);
        var path = CommandLineRun.WriteFile(test, FileName, canonical);

        var run = await CommandLineRun.StartAsync(test, "import", path);

        Assert.Equal((CommandLine.Succeeded, ""), (run.ExitCode, run.Error));
        Assert.Contains("2 inserted", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The file with <paramref name="find"/> replaced in the second document, built when the case runs (some are many megabytes).</summary>
    private static MalformedFile Second(string find, string replacement, string rule, int line) => new(() =>
    {
        var at = SecondDocumentIndexOf(find);
        return Encoding.UTF8.GetBytes(string.Concat(TwoAccounts.AsSpan(0, at), replacement, TwoAccounts.AsSpan(at + find.Length)));
    }, rule, 2, line);

    private static int SecondDocumentIndexOf(string find)
    {
        var secondDocument = TwoAccounts.IndexOf("\"100000002\"", StringComparison.Ordinal) - 20;
        var at = TwoAccounts.IndexOf(find, secondDocument, StringComparison.Ordinal);
        return at >= 0 ? at : throw new ArgumentException($"Not in the second document: {find}", nameof(find));
    }

    private static string Nested(string open, string close, int levels) =>
        string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels));
}
