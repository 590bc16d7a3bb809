namespace LeafyBank.Tests.Core.Interop;

/// <summary>
/// An export is a picture of one moment. Imported again after the store has moved on (a sync
/// updated the balances, a refresh rotated the tokens), it must not roll the newer data back or
/// make the older data look fresh; and an import the store interrupts leaves a ledger that names
/// what it did write.
/// </summary>
public sealed class OlderExportImportTests
{
    private static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mondays_export_imported_on_wednesday_keeps_tuesdays_synced_balance_and_its_date()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var monday = await ExportAsync(test, "monday");
        test.Clock.Advance(TimeSpan.FromDays(1));
        var synced = await SyncBalanceAsync(test, "204515807", 9000m);
        test.Clock.Advance(TimeSpan.FromDays(1));

        var result = await test.ImportAsync(FileOf(monday, TestData.ReferenceDemoSamples.AccountsFileName));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var stored = await AccountAsync(test, "204515807");
        Assert.Equal(9000m, stored.AccountBalance);
        Assert.Equal(DataOrigins.BankApi, stored.Source?.Origin);
        Assert.Equal(synced, stored.Source?.RetrievedAt);
        // The other eleven accounts did not move since Monday: nothing about them changes either.
        Assert.Equal((0, 0), (result.Files[0].Inserted, result.Files[0].Updated));
    }

    [Fact]
    public async Task An_export_imported_into_another_store_keeps_when_its_data_was_read()
    {
        await using var original = await InteropTestStore.CreateAsync();
        await original.ImportReferenceDemoAsync();
        var readAt = (await AccountAsync(original, "204515807")).Source!.RetrievedAt;
        var export = await ExportAsync(original, "export");
        await using var moved = await InteropTestStore.CreateAsync(original.Protector);
        moved.Clock.Advance(TimeSpan.FromDays(2));

        var result = await moved.ImportAsync(FileOf(export, TestData.ReferenceDemoSamples.AccountsFileName));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var stored = await AccountAsync(moved, "204515807");
        Assert.Equal(readAt, stored.Source?.RetrievedAt);
        Assert.NotEqual(moved.Clock.GetUtcNow().UtcDateTime, stored.Source?.RetrievedAt);
    }

    [Fact]
    public async Task Mondays_token_imported_after_a_refresh_rotated_it_leaves_the_rotated_token_in_place()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var monday = await ExportAsync(test, "monday");
        test.Clock.Advance(TimeSpan.FromDays(1));
        var tokens = test.Store.Collection(OpenFinanceCollections.Tokens);
        // Tuesday's sync: the bank rotated both tokens (same consent, so the same creation date).
        var token = (await tokens.FindByKeyAsync([Frida, ""], Cancel))!;
        var tuesday = test.Clock.GetUtcNow().UtcDateTime;
        token.BearerToken = test.Protector.Protect("rotated-access-token");
        token.RefreshToken = test.Protector.Protect("rotated-refresh-token");
        token.ExpiresAt = tuesday.AddHours(1);
        token.TokenDates.LastUseDate = tuesday;
        await tokens.UpsertAsync(token, Cancel);
        test.Clock.Advance(TimeSpan.FromDays(1));

        var result = await test.ImportAsync(FileOf(monday, TestData.ReferenceDemoSamples.TokensFileName));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var stored = (await tokens.FindByKeyAsync([Frida, ""], Cancel))!;
        Assert.Equal("rotated-access-token", test.Protector.Unprotect(stored.BearerToken));
        Assert.Equal("rotated-refresh-token", test.Protector.Unprotect(stored.RefreshToken!));
        Assert.Equal(0, result.Files[0].Updated);
    }

    [Fact]
    public async Task An_account_a_sync_stores_while_the_import_runs_keeps_the_syncs_copy_and_the_report_says_so()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var monday = await ExportAsync(test, "monday");
        // Not in the store when the import reads it (as for an account the bank has only just shown)...
        var accounts = test.Store.Collection(OpenFinanceCollections.ExternalAccounts);
        var account = await AccountAsync(test, "204515807");
        await accounts.DeleteAsync(Frida, a => a.AccountId == "204515807", Cancel);
        test.Clock.Advance(TimeSpan.FromDays(1));
        // ...then a sync stores it, with today's balance, before the import writes.
        var syncing = new FaultyStore(test.Store).BeforeFirstWriteTo(OpenFinanceCollections.ExternalAccounts.CollectionName, async () =>
        {
            account.Id = ObjectId.Empty;
            account.AccountBalance = 9000m;
            account.Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = test.Clock.GetUtcNow().UtcDateTime };
            await accounts.UpsertAsync(account, Cancel);
        });

        var result = await new OpenFinanceImporter(syncing, test.Protector, test.Clock)
            .ImportAsync([FileOf(monday, TestData.ReferenceDemoSamples.AccountsFileName)], ImportOptions.Default, Cancel);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var stored = await AccountAsync(test, "204515807");
        Assert.Equal((9000m, DataOrigins.BankApi), (stored.AccountBalance, stored.Source?.Origin));
        Assert.Equal(0, result.Files[0].Inserted);
        Assert.Contains(result.Files[0].Kept, kept => kept.Contains("stored while the import ran", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_import_the_store_interrupts_has_recorded_the_files_it_wrote_so_the_rerun_ledger_names_every_document_once()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var failing = new FaultyStore(test.Store).FailWritesTo(OpenFinanceCollections.ExternalProducts.CollectionName);
        var sources = ReferenceDemoSources();

        // The store goes away as the second file starts: every account is written by then.
        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            new OpenFinanceImporter(failing, test.Protector, test.Clock).ImportAsync(sources, new ImportOptions { CreateUsers = true }, Cancel));
        test.Clock.Advance(TimeSpan.FromMinutes(5));
        var rerun = await test.ImportAsync(new ImportOptions { CreateUsers = true }, sources);

        Assert.True(rerun.Succeeded, string.Join(Environment.NewLine, rerun.Problems));
        Assert.Equal([0, 9, 2], rerun.Files.Select(file => file.Inserted));
        var ledger = await ImportEntriesAsync(test);
        Assert.Equal(12, NewIn(ledger, "account", TestData.ReferenceDemoSamples.AccountsFileName));
        Assert.Equal(9, NewIn(ledger, "product", TestData.ReferenceDemoSamples.ProductsFileName));
        Assert.Equal(2, NewIn(ledger, "token", TestData.ReferenceDemoSamples.TokensFileName));
    }

    private static ImportSource[] ReferenceDemoSources() =>
    [
        InteropTestStore.Source(TestData.ReferenceDemoSamples.AccountsFileName, TestData.ReferenceDemoSamples.ExternalAccounts),
        InteropTestStore.Source(TestData.ReferenceDemoSamples.ProductsFileName, TestData.ReferenceDemoSamples.ExternalProducts),
        InteropTestStore.Source(TestData.ReferenceDemoSamples.TokensFileName, TestData.ReferenceDemoSamples.Tokens),
    ];

    private static async Task<string> ExportAsync(InteropTestStore test, string name)
    {
        var directory = Path.Combine(test.Directory, name);
        await new OpenFinanceExporter(test.Store).ExportAsync(directory, includeKeyRing: false, Cancel);
        return directory;
    }

    private static ImportSource FileOf(string directory, string fileName) =>
        new(fileName, File.ReadAllBytes(Path.Combine(directory, fileName)));

    private static async Task<ExternalAccount> AccountAsync(InteropTestStore test, string accountId) =>
        Assert.Single(await test.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida, a => a.AccountId == accountId, Cancel));

    /// <summary>As a sync writes it: the bank's new balance, read now. Returns when it was read, as stored.</summary>
    private static async Task<DateTime> SyncBalanceAsync(InteropTestStore test, string accountId, decimal balance)
    {
        var account = await AccountAsync(test, accountId);
        account.AccountBalance = balance;
        account.Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = test.Clock.GetUtcNow().UtcDateTime };
        await test.Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(account, Cancel);
        return (await AccountAsync(test, accountId)).Source!.RetrievedAt;
    }

    private static async Task<IReadOnlyList<string>> ImportEntriesAsync(InteropTestStore test)
    {
        var details = new List<string>();
        await foreach (var entry in test.Store.Collection(OpenFinanceCollections.AuditEvents).ExportAsync(Cancel))
        {
            if (entry["Kind"].AsString == AuditKinds.DataImported)
            {
                details.Add(entry["Detail"].AsString);
            }
        }
        return details;
    }

    /// <summary>How many new <paramref name="noun"/>s from <paramref name="file"/> the ledger's import entries count, all together.</summary>
    private static int NewIn(IReadOnlyList<string> details, string noun, string file) =>
        details.Sum(detail => Regex.Matches(detail, $@"\d+ {noun}s? from {Regex.Escape(file)} \((?<new>\d+) new")
            .Sum(match => int.Parse(match.Groups["new"].Value, CultureInfo.InvariantCulture)));
}
