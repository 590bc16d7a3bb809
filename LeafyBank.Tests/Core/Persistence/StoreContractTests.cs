using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// The storage contract, run unchanged against every engine: what the rest of the app relies
/// on (idempotent upserts, stable ids, per-user isolation, durability, the position sums).
/// </summary>
public abstract class StoreContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    [Fact]
    public async Task Upserting_the_same_document_twice_inserts_once_then_reports_unchanged()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var user = ObjectId.GenerateNewId();

        Assert.Equal(UpsertOutcome.Inserted, await accounts.UpsertAsync(Account(user, "Green Bank", "204515807", 7825m), Cancel));
        Assert.Equal(UpsertOutcome.Unchanged, await accounts.UpsertAsync(Account(user, "Green Bank", "204515807", 7825m), Cancel));

        Assert.Single(await accounts.FindAsync(user, cancellationToken: Cancel));
        Assert.Equal(1, await accounts.CountAsync(Cancel));
    }

    [Fact]
    public async Task Upserting_by_natural_key_replaces_fields_and_keeps_the_stored_id()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var user = ObjectId.GenerateNewId();
        var first = Account(user, "Green Bank", "204515807", 7825m);
        await accounts.UpsertAsync(first, Cancel);
        var storedId = first.Id;

        // A re-sync arrives with a fresh _id and a new balance: same account, so same identity.
        var resynced = Account(user, "Green Bank", "204515807", 8100.55m);
        resynced.Id = ObjectId.GenerateNewId();
        Assert.Equal(UpsertOutcome.Updated, await accounts.UpsertAsync(resynced, Cancel));

        var stored = Assert.Single(await accounts.FindAsync(user, cancellationToken: Cancel));
        Assert.Equal(storedId, stored.Id);
        Assert.Equal(storedId, resynced.Id);
        Assert.Equal(8100.55m, stored.AccountBalance);
    }

    [Fact]
    public async Task The_same_account_id_at_two_banks_or_for_two_users_is_two_documents()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var ada = ObjectId.GenerateNewId();
        var grace = ObjectId.GenerateNewId();

        await accounts.UpsertAsync(Account(ada, "Green Bank", "1", 10m), Cancel);
        await accounts.UpsertAsync(Account(ada, "MongoDB Bank", "1", 20m), Cancel);
        await accounts.UpsertAsync(Account(grace, "Green Bank", "1", 30m), Cancel);

        Assert.Equal(3, await accounts.CountAsync(Cancel));
        Assert.Equal(2, (await accounts.FindAsync(ada, cancellationToken: Cancel)).Count);
    }

    [Fact]
    public async Task Racing_upserts_of_one_key_leave_exactly_one_document()
    {
        await using var store = await NewStoreAsync();
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        var user = ObjectId.GenerateNewId();

        var racers = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            products.UpsertAsync(Product(user, "Green Bank", "1784", ProductTypes.Loan, 10_000m + i), Cancel), Cancel));
        var outcomes = await Task.WhenAll(racers);

        Assert.Equal(1, outcomes.Count(outcome => outcome == UpsertOutcome.Inserted));
        var stored = Assert.Single(await products.FindAsync(user, cancellationToken: Cancel));
        Assert.InRange(stored.ProductAmount, 10_000m, 10_015m);
    }

    [Fact]
    public async Task Reads_are_scoped_to_the_owner()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var frida = ObjectId.GenerateNewId();
        var claude = ObjectId.GenerateNewId();
        await accounts.UpsertAsync(Account(frida, "Green Bank", "A", 1m), Cancel);
        await accounts.UpsertAsync(Account(frida, "MongoDB Bank", "B", 2m), Cancel);
        await accounts.UpsertAsync(Account(claude, "Green Bank", "C", 3m), Cancel);

        var fridas = await accounts.FindAsync(frida, cancellationToken: Cancel);
        var fridasAtGreenBank = await accounts.FindAsync(frida, a => a.AccountBank == "Green Bank", Cancel);

        Assert.Equal(["A", "B"], fridas.Select(a => a.AccountId).Order());
        Assert.All(fridas, a => Assert.Equal(frida, a.AccountUser.UserId));
        Assert.Equal("A", Assert.Single(fridasAtGreenBank).AccountId);
        Assert.Empty(await accounts.FindAsync(ObjectId.GenerateNewId(), cancellationToken: Cancel));
    }

    [Fact]
    public async Task Deleting_removes_only_the_owners_matching_documents()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var frida = ObjectId.GenerateNewId();
        var claude = ObjectId.GenerateNewId();
        await accounts.UpsertAsync(Account(frida, "Green Bank", "A", 1m), Cancel);
        await accounts.UpsertAsync(Account(frida, "MongoDB Bank", "B", 2m), Cancel);
        await accounts.UpsertAsync(Account(claude, "Green Bank", "C", 3m), Cancel);

        var removed = await accounts.DeleteAsync(frida, a => a.AccountBank == "Green Bank", Cancel);

        Assert.Equal(1, removed);
        Assert.Equal("B", Assert.Single(await accounts.FindAsync(frida, cancellationToken: Cancel)).AccountId);
        Assert.Single(await accounts.FindAsync(claude, cancellationToken: Cancel));
        Assert.Equal(1, await accounts.DeleteAsync(frida, cancellationToken: Cancel));
        Assert.Equal(1, await accounts.CountAsync(Cancel));
    }

    [Fact]
    public async Task Finding_by_natural_key_returns_the_document_or_null()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var user = ObjectId.GenerateNewId();
        await accounts.UpsertAsync(Account(user, "Green Bank", "204515807", 7825m), Cancel);

        var found = await accounts.FindByKeyAsync([user, "Green Bank", "204515807"], Cancel);
        var otherUser = await accounts.FindByKeyAsync([ObjectId.GenerateNewId(), "Green Bank", "204515807"], Cancel);

        Assert.NotNull(found);
        Assert.Equal(7825m, found.AccountBalance);
        Assert.Null(otherUser);
    }

    [Fact]
    public async Task An_incoming_id_that_belongs_to_another_document_is_a_conflict_and_overwrites_nothing()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var user = ObjectId.GenerateNewId();
        var original = Account(user, "Green Bank", "A", 1m);
        await accounts.UpsertAsync(original, Cancel);

        var impostor = Account(user, "Green Bank", "B", 999m);
        impostor.Id = original.Id;

        await Assert.ThrowsAsync<DocumentConflictException>(() => accounts.UpsertAsync(impostor, Cancel));
        var stored = Assert.Single(await accounts.FindAsync(user, cancellationToken: Cancel));
        Assert.Equal("A", stored.AccountId);
        Assert.Equal(1m, stored.AccountBalance);
    }

    [Fact]
    public async Task A_bulk_insert_stores_every_document_with_an_id_and_rejects_an_already_stored_key()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var user = ObjectId.GenerateNewId();
        var batch = Enumerable.Range(0, 250).Select(i => Account(user, "Green Bank", $"bulk-{i}", i)).ToList();

        await accounts.InsertManyAsync(batch, Cancel);

        Assert.All(batch, account => Assert.NotEqual(ObjectId.Empty, account.Id));
        var stored = await accounts.FindAsync(user, cancellationToken: Cancel);
        Assert.Equal(250, stored.Count);
        Assert.Equal(Enumerable.Range(0, 250).Sum(i => (decimal)i), stored.Sum(account => account.AccountBalance));

        // The same natural key again is a conflict, not a silent duplicate.
        await Assert.ThrowsAsync<DocumentConflictException>(() =>
            accounts.InsertManyAsync([Account(user, "Green Bank", "bulk-7", 999m)], Cancel));
        Assert.Equal(250, (await accounts.FindAsync(user, cancellationToken: Cancel)).Count);
        Assert.Equal(7m, Assert.Single(await accounts.FindAsync(user, a => a.AccountId == "bulk-7", Cancel)).AccountBalance);
    }

    [Fact]
    public async Task The_audit_ledger_appends_every_event()
    {
        await using var store = await NewStoreAsync();
        var audit = store.Collection(OpenFinanceCollections.AuditEvents);
        var user = ObjectId.GenerateNewId();
        var at = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

        await audit.InsertAsync(Audit(user, AuditKinds.ConsentGranted, at), Cancel);
        await audit.InsertAsync(Audit(user, AuditKinds.DataPulled, at.AddMinutes(1)), Cancel);
        await audit.InsertAsync(Audit(user, AuditKinds.DataPulled, at.AddMinutes(1)), Cancel);

        var events = await audit.FindAsync(user, cancellationToken: Cancel);
        Assert.Equal(3, events.Count);
        Assert.Equal(3, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(2, events.Count(e => e.Kind == AuditKinds.DataPulled));
    }

    [Fact]
    public async Task Committed_data_is_there_after_reopening_the_store()
    {
        var store = await NewStoreAsync();
        var user = ObjectId.GenerateNewId();
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(user, "Green Bank", "A", 12.34m), Cancel);
        await store.Collection(OpenFinanceCollections.Tokens).UpsertAsync(new BankToken
        {
            UserId = user,
            UserName = "tester",
            TokenBank = "Green Bank",
            BearerToken = "dp1:not-a-real-ciphertext",
            TokenDates = new TokenDates { CreationDate = Opened },
        }, Cancel);

        await using var reopened = await fixture.ReopenAsync(store);
        await store.DisposeAsync();

        var account = Assert.Single(await reopened.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(user, cancellationToken: Cancel));
        Assert.Equal(12.34m, account.AccountBalance);
        var token = await reopened.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([user, "Green Bank"], Cancel);
        Assert.NotNull(token);
        Assert.Null(token.TokenDates.LastUseDate);
    }

    [Fact]
    public async Task Seeding_the_personas_is_idempotent_and_keeps_the_reference_ids()
    {
        await using var store = await NewStoreAsync();
        await Personas.EnsureSeededAsync(store, TestTime.Frozen(), Cancel);
        await Personas.EnsureSeededAsync(store, TestTime.Frozen(), Cancel);

        var users = store.Collection(OpenFinanceCollections.Users);
        Assert.Equal(4, await users.CountAsync(Cancel));
        var frida = await users.FindByKeyAsync(["fridaklo"], Cancel);
        Assert.NotNull(frida);
        Assert.Equal(ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), frida.Id);
        var fridasAccounts = await store.Collection(OpenFinanceCollections.InternalAccounts).FindAsync(frida.Id, cancellationToken: Cancel);
        Assert.Equal([550m, 1100m, 2975m], fridasAccounts.Select(a => a.AccountBalance).Order());
        Assert.Equal(8, await store.Collection(OpenFinanceCollections.InternalAccounts).CountAsync(Cancel));
    }

    [Fact]
    public async Task Position_snapshot_follows_the_rules_per_institution_type_and_currency()
    {
        await using var store = await NewStoreAsync();
        var user = ObjectId.GenerateNewId();
        var stranger = ObjectId.GenerateNewId();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        await store.Collection(OpenFinanceCollections.InternalAccounts).UpsertAsync(LeafyBankAccount(user, "111", 1100m), Cancel);
        await store.Collection(OpenFinanceCollections.InternalAccounts).UpsertAsync(LeafyBankAccount(user, "222", 550.25m), Cancel);
        await accounts.UpsertAsync(Account(user, "Green Bank", "A", 7825m), Cancel);
        await accounts.UpsertAsync(Account(user, "Green Bank", "B", 100.10m, currency: "EUR"), Cancel);
        await accounts.UpsertAsync(Account(user, "Green Bank", "gone", 5000m, status: AccountStatuses.Closed), Cancel);
        await accounts.UpsertAsync(Account(user, "MongoDB Bank", "C", 8496m), Cancel);
        await accounts.UpsertAsync(Account(stranger, "MongoDB Bank", "D", 1_000_000m), Cancel);
        await products.UpsertAsync(Product(user, "Green Bank", "1784", ProductTypes.Loan, 10700m), Cancel);
        await products.UpsertAsync(Product(user, "MongoDB Bank", "3463", ProductTypes.Mortgage, 43500m), Cancel);
        await products.UpsertAsync(Product(user, "MongoDB Bank", "paid", ProductTypes.Loan, 999m, status: ProductStatuses.Closed), Cancel);
        await products.UpsertAsync(Product(user, "MongoDB Bank", "fund", "Investment", 12345m), Cancel);
        await products.UpsertAsync(Product(stranger, "Green Bank", "X", ProductTypes.Loan, 777m), Cancel);

        var snapshot = await IPositionQuery.For(store).GetSnapshotAsync(user, Cancel);

        Assert.Equal(
            [
                ("account", "Green Bank", "Checking", "EUR", 100.10m, 1),
                ("account", "Green Bank", "Checking", "USD", 7825m, 1),
                ("account", "MongoDB Bank", "Checking", "USD", 8496m, 1),
                ("internal", "Leafy Bank", "Savings", "USD", 1650.25m, 2),
                ("product", "Green Bank", "Loan", "USD", 10700m, 1),
                ("product", "MongoDB Bank", "Mortgage", "USD", 43500m, 1),
            ],
            snapshot.Buckets
                .Select(b => (b.Kind, b.Bank, b.Type, b.Currency, b.Amount, b.Count))
                .OrderBy(b => b.Kind, StringComparer.Ordinal).ThenBy(b => b.Bank, StringComparer.Ordinal).ThenBy(b => b.Currency, StringComparer.Ordinal));
        Assert.Equal(["1784", "3463"], snapshot.Loans.Select(loan => loan.Id).Order(StringComparer.Ordinal));
        // The test accounts carry a narrative; the closed one and the stranger's do not reach the position.
        Assert.Equal(["A", "B", "C"], snapshot.Narratives.Select(item => item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["Green Bank", "MongoDB Bank"], snapshot.Sources.Select(source => source.Bank).Order(StringComparer.Ordinal));
        Assert.Empty(snapshot.SyncStates);
    }

    [Fact]
    public async Task A_user_with_nothing_stored_has_an_empty_position_snapshot()
    {
        await using var store = await NewStoreAsync();
        var snapshot = await IPositionQuery.For(store).GetSnapshotAsync(ObjectId.GenerateNewId(), Cancel);
        Assert.Empty(snapshot.Buckets);
        Assert.Empty(snapshot.Loans);
        Assert.Empty(snapshot.Narratives);
        Assert.Empty(snapshot.Sources);
        Assert.Empty(snapshot.SyncStates);
    }

    [Fact]
    public async Task Export_yields_every_document_as_stored_bson()
    {
        await using var store = await NewStoreAsync();
        var user = ObjectId.GenerateNewId();
        await store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(Product(user, "Green Bank", "1784", ProductTypes.Loan, 10700m), Cancel);

        var exported = new List<BsonDocument>();
        await foreach (var document in store.Collection(OpenFinanceCollections.ExternalProducts).ExportAsync(Cancel))
        {
            exported.Add(document);
        }

        var product = Assert.Single(exported);
        Assert.Equal(BsonType.Decimal128, product["ProductAmount"].BsonType);
        Assert.Equal(user, product["ProductCustomer"]["UserId"].AsObjectId);
        Assert.Equal("1784", product["ProductId"].AsString);
    }

    [Fact]
    public async Task A_conditional_replace_applies_only_while_the_stored_version_matches()
    {
        await using var store = await NewStoreAsync();
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var user = ObjectId.GenerateNewId();
        var state = new SyncState { SyncUser = Owner(user), Bank = "greenbank" };
        await states.UpsertAsync(state, Cancel);
        var leaseUntil = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

        // Two instances race for the lease: both saw it free, only the first may take it.
        var first = new SyncState { Id = state.Id, SyncUser = Owner(user), Bank = "greenbank", LeaseOwner = "instance-a", LeaseUntil = leaseUntil };
        var second = new SyncState { Id = state.Id, SyncUser = Owner(user), Bank = "greenbank", LeaseOwner = "instance-b", LeaseUntil = leaseUntil };

        Assert.True(await states.TryReplaceAsync(first, s => s.LeaseOwner == null, Cancel));
        Assert.False(await states.TryReplaceAsync(second, s => s.LeaseOwner == null, Cancel));
        Assert.False(await states.TryReplaceAsync(
            new SyncState { Id = ObjectId.GenerateNewId(), SyncUser = Owner(user), Bank = "nobank" }, s => true, Cancel));

        var stored = Assert.Single(await states.FindAsync(user, cancellationToken: Cancel));
        Assert.Equal("instance-a", stored.LeaseOwner);
    }

    [Fact]
    public async Task A_conditional_replace_never_reaches_another_owners_document_even_by_its_id()
    {
        await using var store = await NewStoreAsync();
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var (frida, grace) = (ObjectId.GenerateNewId(), ObjectId.GenerateNewId());
        var fridas = new SyncState { SyncUser = Owner(frida), Bank = "greenbank" };
        await states.UpsertAsync(fridas, Cancel);

        // Grace's write carrying the _id of Frida's document: nothing of Frida's may change, nor become Grace's.
        var claimed = new SyncState { Id = fridas.Id, SyncUser = Owner(grace), Bank = "greenbank", LeaseOwner = "instance-a" };

        Assert.False(await states.TryReplaceAsync(claimed, s => true, Cancel));
        var stored = Assert.Single(await states.FindAsync(frida, cancellationToken: Cancel));
        Assert.Null(stored.LeaseOwner);
        Assert.Empty(await states.FindAsync(grace, cancellationToken: Cancel));
    }

    [Fact]
    public async Task An_upsert_whose_natural_key_is_stored_under_another_owner_is_refused_and_changes_nothing()
    {
        await using var store = await NewStoreAsync();
        var identities = store.Collection(OpenFinanceCollections.CustomerIdentities);
        var (frida, grace) = (ObjectId.GenerateNewId(), ObjectId.GenerateNewId());
        var linkedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        // An identity's natural key is the provider's issuer and subject, not the owner.
        await identities.UpsertAsync(new CustomerIdentity
        {
            Issuer = "https://login.example.com/",
            Subject = "abc",
            IdentityUser = Owner(frida),
            LinkedAt = linkedAt,
            LinkedByUserName = "operator",
        }, Cancel);

        await Assert.ThrowsAsync<DocumentConflictException>(() => identities.UpsertAsync(new CustomerIdentity
        {
            Issuer = "https://login.example.com/",
            Subject = "abc",
            IdentityUser = Owner(grace),
            LinkedAt = linkedAt.AddDays(1),
            LinkedByUserName = "operator",
        }, Cancel));

        var stored = Assert.Single(await identities.FindAsync(frida, cancellationToken: Cancel));
        Assert.Equal(linkedAt, stored.LinkedAt);
        Assert.Empty(await identities.FindAsync(grace, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Background_jobs_can_find_due_documents_across_owners_up_to_a_limit()
    {
        await using var store = await NewStoreAsync();
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var due = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 5; i++)
        {
            await states.UpsertAsync(new SyncState { SyncUser = Owner(ObjectId.GenerateNewId()), Bank = "greenbank", NextAllowedAt = due.AddHours(i - 2) }, Cancel);
        }

        var dueNow = await states.FindAcrossOwnersAsync(s => s.NextAllowedAt <= due, 10, Cancel);
        var limited = await states.FindAcrossOwnersAsync(s => s.NextAllowedAt <= due, 2, Cancel);

        Assert.Equal(3, dueNow.Count);
        Assert.Equal(3, dueNow.Select(s => s.SyncUser.UserId).Distinct().Count());
        Assert.Equal(2, limited.Count);
    }

    [Fact]
    public async Task Health_reports_the_engine_as_reachable()
    {
        await using var store = await NewStoreAsync();
        var health = await store.CheckHealthAsync(Cancel);
        Assert.True(health.Reachable, health.Error);
        Assert.Equal(fixture.Engine, health.Engine);
    }
}

public sealed class EmbeddedStoreContractTests(EmbeddedStoreFixture fixture)
    : StoreContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoStoreContractTests(MongoStoreFixture fixture)
    : StoreContractTests(fixture), IClassFixture<MongoStoreFixture>;
