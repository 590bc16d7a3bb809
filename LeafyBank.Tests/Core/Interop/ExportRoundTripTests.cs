using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Core.Interop;

public sealed class ExportRoundTripTests
{
    [Fact]
    public async Task Export_then_import_into_a_fresh_store_gives_the_same_positions()
    {
        await using var original = await InteropTestStore.CreateAsync();
        await original.ImportReferenceDemoAsync();
        var exportDirectory = Path.Combine(original.Directory, "export");
        var ct = Xunit.TestContext.Current.CancellationToken;

        var exported = await new OpenFinanceExporter(original.Store).ExportAsync(exportDirectory, includeKeyRing: false, ct);

        // Same key ring as the original: the encrypted tokens move with the deployment's keys.
        await using var moved = await InteropTestStore.CreateAsync(original.Protector);
        var files = ImportTargets.Collections
            .Select(collection => Path.Combine(exportDirectory, OpenFinanceExporter.FileNameFor(collection)))
            .Select(path => new ImportSource(Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToArray();
        // The users collection is not an import target: the one user who is not a persona is created from the tokens.
        var result = await moved.ImportAsync(new ImportOptions { CreateUsers = true }, files);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal(
            [(12, "external_accounts"), (9, "external_products"), (2, "tokens")],
            exported.Where(file => ImportTargets.Collections.Contains(file.Collection))
                .Select(file => ((int)file.Documents, file.Collection)).OrderBy(file => file.Collection, StringComparer.Ordinal));
        foreach (var persona in new[] { "fridaklo", "gracehop", "adalove", "claumon" })
        {
            Assert.Equal(Comparable(await original.PositionOfAsync(persona)), Comparable(await moved.PositionOfAsync(persona)));
        }

        // The mapped documents come back as they were, extras and all (Source too: see OlderExportImportTests).
        Assert.Equal(await DataWithoutSourceAsync(original), await DataWithoutSourceAsync(moved));

        // And importing the export back into the store it came from changes nothing.
        var backHome = await original.ImportAsync(files);
        Assert.All(backHome.Files, file => Assert.Equal((0, 0), (file.Inserted, file.Updated)));
    }

    [Fact]
    public async Task Exported_files_are_canonical_extended_json_one_document_per_line_and_skip_the_key_ring_unless_asked()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var ct = Xunit.TestContext.Current.CancellationToken;
        var withoutKeys = Path.Combine(test.Directory, "without-keys");
        var withKeys = Path.Combine(test.Directory, "with-keys");

        var exported = await new OpenFinanceExporter(test.Store).ExportAsync(withoutKeys, includeKeyRing: false, ct);
        var exportedWithKeys = await new OpenFinanceExporter(test.Store).ExportAsync(withKeys, includeKeyRing: true, ct);

        Assert.DoesNotContain(exported, file => file.Collection == "data_protection_keys");
        Assert.Contains(exportedWithKeys, file => file.Collection == "data_protection_keys");
        // Sessions are sign-ins, never data to move: not even with the key ring.
        Assert.DoesNotContain(exportedWithKeys, file => file.Collection == OpenFinanceCollections.Sessions.CollectionName);
        Assert.DoesNotContain(exportedWithKeys, file => file.Collection == OpenFinanceCollections.EndedSessions.CollectionName);
        Assert.Contains(exportedWithKeys, file => file.Collection == OpenFinanceCollections.CustomerIdentities.CollectionName);
        // Everything but the key ring, the sessions and why sessions ended.
        Assert.Equal(OpenFinanceCollections.All.Count - 3, exported.Count);

        var lines = File.ReadAllLines(Path.Combine(withoutKeys, "open_finance.external_accounts.json"));
        Assert.Equal(12, lines.Length);
        var first = BsonDocument.Parse(lines[0]);
        Assert.Equal(BsonType.Decimal128, first["AccountBalance"].BsonType);
        // Canonical form: types spelled out, so mongoimport restores exactly what was stored.
        Assert.Contains("\"AccountBalance\" : { \"$numberDecimal\" : \"7825\" }", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"_id\" : { \"$oid\" : \"678a48b4a9711d00a3aa06dc\" }", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"OpeningDate\" : { \"$date\" : { \"$numberLong\" : ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_bearer_tokens_appear_neither_in_the_export_nor_in_the_store()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var exportDirectory = Path.Combine(test.Directory, "export");
        var ct = Xunit.TestContext.Current.CancellationToken;

        await new OpenFinanceExporter(test.Store).ExportAsync(exportDirectory, includeKeyRing: true, ct);

        var exportedText = string.Concat(Directory.GetFiles(exportDirectory).Select(File.ReadAllText));
        Assert.Contains("dp1:", exportedText, StringComparison.Ordinal);
        var storedBson = new StringBuilder();
        await foreach (var token in test.Store.Collection(OpenFinanceCollections.Tokens).ExportAsync(ct))
        {
            storedBson.Append(Encoding.Latin1.GetString(token.ToBson()));
        }
        // The database files themselves. The WAL first: if SQLite checkpoints and removes it meanwhile
        // (another test closing its pools can trigger that), its pages are in the main file read next.
        var databaseBytes = ReadIfPresent(test.Store.DatabasePath + "-wal") + ReadIfPresent(test.Store.DatabasePath);
        Assert.NotEmpty(databaseBytes);

        foreach (var plain in new[] { FridaPlainBearerToken, ApiUserPlainBearerToken })
        {
            Assert.DoesNotContain(plain, exportedText, StringComparison.Ordinal);
            Assert.DoesNotContain(plain, storedBson.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(plain, databaseBytes, StringComparison.Ordinal);
        }
    }

    private static string ReadIfPresent(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Encoding.Latin1.GetString(copy.ToArray());
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    private static object Comparable(GlobalPosition position) => new
    {
        position.UserName,
        position.Currency,
        position.TotalBalance,
        position.TotalDebt,
        position.NetWorth,
        ByInstitution = string.Join(";", position.ByInstitution),
    };

    private static async Task<string> DataWithoutSourceAsync(InteropTestStore test)
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var text = new StringBuilder();
        await foreach (var account in test.Store.Collection(OpenFinanceCollections.ExternalAccounts).ExportAsync(ct))
        {
            account.Remove("Source");
            text.AppendLine(account.ToString());
        }
        await foreach (var product in test.Store.Collection(OpenFinanceCollections.ExternalProducts).ExportAsync(ct))
        {
            product.Remove("Source");
            text.AppendLine(product.ToString());
        }
        return text.ToString();
    }
}
