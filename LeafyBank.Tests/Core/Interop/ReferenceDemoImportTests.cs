namespace LeafyBank.Tests.Core.Interop;

public sealed class ReferenceDemoImportTests
{
    [Fact]
    public async Task Importing_the_reference_demo_gives_the_reference_totals()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var result = await test.ImportReferenceDemoAsync();

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal([12, 9, 2], result.Files.Select(file => file.Inserted));
        Assert.All(result.Files, file => Assert.Equal(0, file.Updated + file.Unchanged));

        var frida = await test.PositionOfAsync("fridaklo");
        Assert.Equal(4625m + 25172m, frida.TotalBalance);
        Assert.Equal(29797m, frida.TotalBalance);
        Assert.Equal(54200m, frida.TotalDebt);
        Assert.Equal(-24403m, frida.NetWorth);
        Assert.Equal("USD", frida.Currency);
        Assert.Equal(
            [("Leafy Bank", 4625m, 0m), ("Green Bank", 7825m + 8851m, 10700m), ("MongoDB Bank", 8496m, 43500m)],
            frida.ByInstitution.Select(institution => (institution.Bank, institution.Balance, institution.Debt)));

        var ada = await test.PositionOfAsync("adalove");
        Assert.Equal(16857m, ada.TotalBalance);
        Assert.Equal(58100m, ada.TotalDebt);
        Assert.Equal(16857m - 58100m, ada.NetWorth);
    }

    [Fact]
    public async Task Every_persona_matches_the_reference_totals()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();

        // Internal + external balance, and debt, as the reference's pipelines compute them.
        (string User, decimal Balance, decimal Debt)[] expected =
        [
            ("fridaklo", 4625m + 25172m, 54200m),
            ("gracehop", 3150m + 25774m, 55000m),
            ("adalove", 0m + 16857m, 58100m),
            ("claumon", 8975m + 15585m, 92985m),
        ];
        foreach (var (user, balance, debt) in expected)
        {
            var position = await test.PositionOfAsync(user);
            Assert.Equal((user, balance, debt), (position.UserName, position.TotalBalance, position.TotalDebt));
        }
    }

    [Fact]
    public async Task Position_json_has_the_documented_names()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();

        using var json = JsonDocument.Parse(PositionJson.Serialize(await test.PositionOfAsync("fridaklo")));
        var root = json.RootElement;

        Assert.Equal("fridaklo", root.GetProperty("UserName").GetString());
        Assert.Equal("USD", root.GetProperty("Currency").GetString());
        Assert.Equal(29797m, root.GetProperty("TotalBalance").GetDecimal());
        Assert.Equal(54200m, root.GetProperty("TotalDebt").GetDecimal());
        Assert.Equal(-24403m, root.GetProperty("NetWorth").GetDecimal());
        var mongoDbBank = root.GetProperty("ByInstitution").EnumerateArray()
            .Single(institution => institution.GetProperty("Bank").GetString() == "MongoDB Bank");
        Assert.Equal(8496m, mongoDbBank.GetProperty("Balance").GetDecimal());
        Assert.Equal(43500m, mongoDbBank.GetProperty("Debt").GetDecimal());
    }

    [Fact]
    public async Task Reimporting_the_same_files_changes_nothing()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var first = await test.ImportReferenceDemoAsync();
        Assert.True(first.AuditEventsWritten > 0);
        var countsAfterFirst = await test.CountsAsync();
        var contentsAfterFirst = await test.SnapshotAsync();

        var second = await test.ImportReferenceDemoAsync();

        Assert.True(second.Succeeded, string.Join(Environment.NewLine, second.Problems));
        Assert.All(second.Files, file => Assert.Equal((0, 0), (file.Inserted, file.Updated)));
        Assert.Equal([12, 9, 2], second.Files.Select(file => file.Unchanged));
        Assert.Empty(second.UsersCreated);
        Assert.Equal(0, second.AuditEventsWritten);
        Assert.Equal(countsAfterFirst, await test.CountsAsync());
        // Not even a re-encrypted token or a new RetrievedAt: the stored bytes are the same.
        Assert.Equal(contentsAfterFirst, await test.SnapshotAsync());
    }

    [Fact]
    public async Task A_changed_balance_is_an_update_with_one_audit_event_for_that_user_and_bank()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var auditBefore = (await test.CountsAsync()).AuditEvents;

        var changed = TestData.ReferenceDemoSamples.ExternalAccounts.Replace("\"AccountBalance\": 7825,", "\"AccountBalance\": 7900,", StringComparison.Ordinal);
        var result = await test.ImportAsync(InteropTestStore.Source(TestData.ReferenceDemoSamples.AccountsFileName, changed));

        Assert.Equal((0, 1, 11), (result.Files[0].Inserted, result.Files[0].Updated, result.Files[0].Unchanged));
        Assert.Equal(1, result.AuditEventsWritten);
        Assert.Equal(auditBefore + 1, (await test.CountsAsync()).AuditEvents);
        Assert.Equal(29797m + 75m, (await test.PositionOfAsync("fridaklo")).TotalBalance);
    }

    [Fact]
    public async Task Tokens_are_stored_encrypted_and_unknown_users_are_created_from_the_token_id()
    {
        await using var test = await InteropTestStore.CreateAsync();
        await test.ImportReferenceDemoAsync();
        var ct = Xunit.TestContext.Current.CancellationToken;

        var tokens = test.Store.Collection(OpenFinanceCollections.Tokens);
        var frida = Assert.Single(await tokens.FindAsync(MongoDB.Bson.ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), cancellationToken: ct));
        Assert.StartsWith(TokenProtector.Prefix, frida.BearerToken, StringComparison.Ordinal);
        Assert.Equal(TestData.ReferenceDemoSamples.FridaPlainBearerToken, test.Protector.Unprotect(frida.BearerToken));
        Assert.Equal("", frida.TokenBank);

        // api_user_cc8580a5 is not a persona: the reference's token _id is their user id.
        var apiUserId = MongoDB.Bson.ObjectId.Parse("6784f454f20bc260cdd5339a");
        var apiUser = await test.Store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["api_user_cc8580a5"], ct);
        Assert.Equal(apiUserId, apiUser?.Id);
        var apiToken = Assert.Single(await tokens.FindAsync(apiUserId, cancellationToken: ct));
        Assert.Null(apiToken.TokenDates.LastUseDate);
    }
}
