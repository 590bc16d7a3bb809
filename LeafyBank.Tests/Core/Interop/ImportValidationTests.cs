using MongoDB.Bson.IO;
using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Core.Interop;

public sealed class ImportValidationTests
{
    [Fact]
    public async Task Malformed_json_in_the_middle_of_a_file_is_rejected_with_its_position_and_nothing_is_written()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var before = await test.SnapshotAsync();
        // Document 2 loses the comma after its AccountBank value.
        var broken = ReplaceOnce(ExternalAccounts, "\"AccountNumber\": \"324968983\",\n  \"AccountBank\": \"Green Bank\",", "\"AccountNumber\": \"324968983\",\n  \"AccountBank\": \"Green Bank\"");

        var result = await test.ImportAsync(
            InteropTestStore.Source(ProductsFileName, ExternalProducts),
            InteropTestStore.Source(AccountsFileName, broken));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((AccountsFileName, 2), (problem.Location.File, problem.Location.DocumentNumber));
        Assert.Equal(LineOf(broken, "\"AccountStatus\": \"Active\"", occurrence: 2), problem.Location.Line);
        Assert.Contains("malformed JSON", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(before, await test.SnapshotAsync());
    }

    [Fact]
    public async Task A_string_balance_is_rejected_naming_document_and_field_and_the_valid_file_beside_it_is_not_written()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var countsBefore = await test.CountsAsync();
        var stringBalance = ExternalAccounts.Replace("\"AccountBalance\": 8496,", "\"AccountBalance\": \"8496\",", StringComparison.Ordinal);

        var result = await test.ImportAsync(
            new ImportOptions { CreateUsers = true },
            InteropTestStore.Source(TokensFileName, Tokens),
            InteropTestStore.Source(AccountsFileName, stringBalance),
            InteropTestStore.Source(ProductsFileName, ExternalProducts));

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((AccountsFileName, 3, LineOf(stringBalance, "\"$oid\": \"678a48c4a9711d00a3aa06e0\"") - 2), (problem.Location.File, problem.Location.DocumentNumber, problem.Location.Line));
        Assert.StartsWith("AccountBalance must be a number but is a string", problem.Reason, StringComparison.Ordinal);
        Assert.Contains($"{AccountsFileName}, document 3 (line ", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(countsBefore, await test.CountsAsync());
        Assert.Empty(result.UsersCreated);
    }

    [Fact]
    public async Task A_user_id_that_contradicts_the_users_collection_is_rejected_naming_both_ids()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var countsBefore = await test.CountsAsync();
        // Claims to be fridaklo, with Grace Hopper's id.
        var wrongOwner = ReplaceOnce(ExternalAccounts,
            "\"UserName\": \"fridaklo\",\n    \"UserId\": {\n      \"$oid\": \"65a546ae4a8f64e8f88fb89e\"",
            "\"UserName\": \"fridaklo\",\n    \"UserId\": {\n      \"$oid\": \"66fe219d625d93a100528224\"");

        var result = await test.ImportAsync(
            InteropTestStore.Source(ProductsFileName, ExternalProducts),
            InteropTestStore.Source(AccountsFileName, wrongOwner));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((AccountsFileName, 1, 1), (problem.Location.File, problem.Location.DocumentNumber, problem.Location.Line));
        Assert.Contains("66fe219d625d93a100528224", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("65a546ae4a8f64e8f88fb89e", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(countsBefore, await test.CountsAsync());
    }

    [Fact]
    public async Task An_unknown_user_name_on_an_id_that_belongs_to_someone_else_is_rejected()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var renamed = ExternalAccounts.Replace("\"UserName\": \"adalove\"", "\"UserName\": \"ada\"", StringComparison.Ordinal);

        var result = await test.ImportAsync(InteropTestStore.Source(AccountsFileName, renamed));

        Assert.Equal(3, result.Problems.Count);
        Assert.All(result.Problems, problem => Assert.Contains("belongs to user adalove", problem.Reason, StringComparison.Ordinal));
        Assert.Equal(0, (await test.CountsAsync()).Accounts);
    }

    [Fact]
    public async Task The_same_account_twice_in_one_run_is_rejected_because_the_result_would_depend_on_order()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var result = await test.ImportAsync(
            InteropTestStore.Source(AccountsFileName, ExternalAccounts),
            InteropTestStore.Source("copy.json", ExternalAccounts, "external_accounts"));

        Assert.Equal(12, result.Problems.Count);
        Assert.All(result.Problems, problem => Assert.Equal("copy.json", problem.Location.File));
        Assert.Contains($"already imported by {AccountsFileName}, document 1", result.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newline_delimited_documents_are_accepted_and_errors_give_their_line()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var lines = ToNdjson(ExternalAccounts);

        var result = await test.ImportAsync(InteropTestStore.Source("open_finance.external_accounts.ndjson", lines));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal(12, result.Files[0].Inserted);
        Assert.Equal(29797m, (await test.PositionOfAsync("fridaklo")).TotalBalance);

        var brokenLine7 = string.Join('\n', lines.Split('\n').Select((line, index) => index == 6 ? line[..^5] : line));
        var problem = ExtendedJsonReader.Read("broken.json", System.Text.Encoding.UTF8.GetBytes(brokenLine7)).Problem;
        Assert.NotNull(problem);
        Assert.Equal((7, 7), (problem.Location.DocumentNumber, problem.Location.Line));
    }

    [Fact]
    public async Task The_collection_flag_routes_a_file_whose_name_does_not_say_its_collection()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var unnamed = await test.ImportAsync(InteropTestStore.Source("bank-dump.json", ExternalProducts));
        var flagged = await test.ImportAsync(InteropTestStore.Source("bank-dump.json", ExternalProducts, "external_products"));

        Assert.Contains("--collection", Assert.Single(unnamed.Problems).Reason, StringComparison.Ordinal);
        Assert.True(flagged.Succeeded);
        Assert.Equal(("external_products", 9), (flagged.Files[0].Collection, flagged.Files[0].Inserted));
        Assert.Equal(54200m, (await test.PositionOfAsync("fridaklo")).TotalDebt);
    }

    [Fact]
    public async Task A_token_encrypted_with_another_key_ring_is_rejected()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var foreign = new TokenProtector(new EphemeralDataProtectionProvider()).Protect(FridaPlainBearerToken);
        var tokens = Tokens.Replace(FridaPlainBearerToken, foreign, StringComparison.Ordinal);

        var result = await test.ImportAsync(new ImportOptions { CreateUsers = true }, InteropTestStore.Source(TokensFileName, tokens));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Location.DocumentNumber);
        Assert.Contains("key this store does not have", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await test.CountsAsync()).Tokens);
    }

    [Fact]
    public void A_document_that_is_not_an_object_and_content_after_the_array_are_rejected()
    {
        var notAnObject = ExtendedJsonReader.Read("a.json", "[{\"a\": 1},\n 42]"u8);
        var trailing = ExtendedJsonReader.Read("b.json", "[{\"a\": 1}]\n{\"b\": 2}"u8);
        var badObjectId = ExtendedJsonReader.Read("c.json", "{\"_id\": {\"$oid\": \"nothex\"}}"u8);
        // Passes the import's own rules, but MongoDB.Bson's reader refuses it: its words are passed on.
        var badExtendedJson = ExtendedJsonReader.Read("e.json", "{\"a\": {\"$binary\": \"not base64!\", \"$type\": \"00\"}}"u8);
        var empty = ExtendedJsonReader.Read("d.json", ""u8);

        Assert.Equal((2, 2), (notAnObject.Problem?.Location.DocumentNumber, notAnObject.Problem?.Location.Line));
        Assert.Contains("after the closing ']'", trailing.Problem?.Reason, StringComparison.Ordinal);
        Assert.Equal("field \"_id\" is {\"$oid\": \"nothex\"}, which is not an ObjectId (24 hexadecimal digits).", badObjectId.Problem?.Reason);
        Assert.StartsWith("not valid Extended JSON: ", badExtendedJson.Problem?.Reason, StringComparison.Ordinal);
        Assert.Null(empty.Problem);
        Assert.Empty(empty.Documents);
    }

    private static string ToNdjson(string jsonArray) =>
        string.Join('\n', DocumentsOf(jsonArray).Select(document => document.ToJson(new JsonWriterSettings { OutputMode = JsonOutputMode.RelaxedExtendedJson }))) + "\n";

    private static IEnumerable<BsonDocument> DocumentsOf(string jsonArray) =>
        MongoDB.Bson.Serialization.BsonSerializer.Deserialize<BsonArray>(jsonArray).Select(value => value.AsBsonDocument);

    private static string ReplaceOnce(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"sample text not found: {find}");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    /// <summary>1-based line of the n-th occurrence of <paramref name="find"/>.</summary>
    private static int LineOf(string text, string find, int occurrence = 1)
    {
        var at = -1;
        for (var seen = 0; seen < occurrence; seen++)
        {
            at = text.IndexOf(find, at + 1, StringComparison.Ordinal);
        }
        return text[..at].Count(character => character == '\n') + 1;
    }
}
