using System.Linq.Expressions;
using LeafyBank.Core.Audit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Security;
using MongoDB.Bson;

namespace LeafyBank.Core.Interop;

/// <summary>One file to import: its name (for messages and, unless <see cref="Collection"/> is given, the collection) and its bytes.</summary>
public sealed record ImportSource(string Name, byte[] Content, string? Collection = null);

/// <summary>
/// What an import did (or would have done) with one file. <see cref="Kept"/> names each document the
/// store already holds newer data for (read later, or a token issued or used later), which was not
/// replaced with the file's older copy.
/// </summary>
public sealed record FileImportReport(string File, string Collection, int Inserted, int Updated, int Unchanged, IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Kept)
{
    public int Documents => Inserted + Updated + Unchanged + Kept.Count;
}

/// <summary>
/// The outcome of an import run. When <see cref="Problems"/> is not empty nothing was written
/// and the file reports show what would have happened.
/// </summary>
public sealed record ImportResult(
    IReadOnlyList<FileImportReport> Files,
    IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<string> UsersCreated,
    int AuditEventsWritten)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Loads mongoexport-style files into the store for <c>tokens</c>, <c>external_accounts</c>
/// and <c>external_products</c>. Every file is read, mapped and checked against the store
/// first; only when all of them are valid is anything written, each document by an
/// idempotent upsert on its natural key. A document identical to what is stored is not
/// written at all, so importing the same files again changes nothing, audit ledger included.
/// <para>
/// A file is a picture of one moment: an account or product keeps the <c>Source</c> its file states
/// (when its data was read), and a stored document whose data is newer than the file's — read later,
/// or a token issued, refreshed or used later — is kept, not replaced (and the replace itself is
/// conditional, so a sync writing meanwhile is not overwritten either). Each file's ledger entries
/// (one per customer and bank) are written as soon as that customer's documents are, so an import
/// the store interrupts has recorded what it wrote.
/// </para>
/// </summary>
public sealed class OpenFinanceImporter(IDocumentStore store, TokenProtector tokenProtector, TimeProvider timeProvider)
{
    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportSource> sources, ImportOptions options, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var run = new ImportRun(store, now, options.CreateUsers);
        var files = new List<FilePlan>();

        foreach (var source in sources)
        {
            var collection = source.Collection is null ? ImportTargets.FromFileName(source.Name) : ImportTargets.FromName(source.Collection);
            if (collection is null)
            {
                run.Problems.Add(new ImportProblem(DocumentLocation.WholeFile(source.Name), source.Collection is null
                    ? $"the file name does not say which collection it holds. Name it open_finance.<collection>.json or pass --collection with one of {string.Join(", ", ImportTargets.Collections)}."
                    : $"'{source.Collection}' is not a collection the import writes; use one of {string.Join(", ", ImportTargets.Collections)}."));
                continue;
            }

            var file = ExtendedJsonReader.Read(source.Name, source.Content);
            if (file.Problem is not null)
            {
                run.Problems.Add(file.Problem);
                continue;
            }

            var plan = new FilePlan(source.Name, collection);
            files.Add(plan);
            foreach (var document in file.Documents)
            {
                var importedFrom = new DataSource { Origin = DataOrigins.Import, RetrievedAt = now };
                if (collection == OpenFinanceCollections.ExternalAccounts.CollectionName)
                {
                    await PlanAsync(AccountProfile, ReferenceDemoMapper.MapAccount(document.Document, importedFrom), document.Location, plan, run, cancellationToken);
                }
                else if (collection == OpenFinanceCollections.ExternalProducts.CollectionName)
                {
                    await PlanAsync(ProductProfile, ReferenceDemoMapper.MapProduct(document.Document, importedFrom), document.Location, plan, run, cancellationToken);
                }
                else
                {
                    await PlanAsync(TokenProfile, ReferenceDemoMapper.MapToken(document.Document), document.Location, plan, run, cancellationToken);
                }
            }
        }

        if (run.Problems.Count > 0)
        {
            return new ImportResult(files.Select(file => file.Report()).ToList(), run.Problems, [], 0);
        }

        var usersCreated = await run.Users.CreatePlannedUsersAsync(cancellationToken);
        var ledger = new AuditLedger(store, timeProvider);
        var auditEvents = 0;
        foreach (var file in files)
        {
            auditEvents += await file.WriteAsync(ledger, now, cancellationToken);
        }
        return new ImportResult(files.Select(file => file.Report()).ToList(), [], usersCreated, auditEvents);
    }

    private static readonly ImportProfile<ExternalAccount> AccountProfile = new(
        OpenFinanceCollections.ExternalAccounts, "account", "AccountUser",
        account => account.AccountUser,
        account => account.AccountBank,
        account => $"account {account.AccountId} at {account.AccountBank}",
        ReadAt<ExternalAccount>(account => account.Source),
        // Compare the data, not when it was read: an unchanged account keeps its Source.
        NotCompared: [nameof(ExternalAccount.Source)]);

    private static readonly ImportProfile<ExternalProduct> ProductProfile = new(
        OpenFinanceCollections.ExternalProducts, "product", "ProductCustomer",
        product => product.ProductCustomer,
        product => product.ProductBank,
        product => $"product {product.ProductId} at {product.ProductBank}",
        ReadAt<ExternalProduct>(product => product.Source),
        NotCompared: [nameof(ExternalProduct.Source)]);

    private ImportProfile<BankToken> TokenProfile => new(
        OpenFinanceCollections.Tokens, "token", "UserName",
        // The owner reference is rebuilt from the token's flat fields and written back after resolution.
        token => new PartyReference { UserName = token.UserName, UserId = token.UserId },
        token => token.TokenBank,
        token => token.TokenBank.Length == 0 ? $"token of {token.UserName}" : $"token of {token.UserName} for {token.TokenBank}",
        TokenFreshness,
        Prepare: PrepareToken,
        FallbackOwnerId: token => token.Id,
        SetOwnerId: (token, userId) => token.UserId = userId);

    /// <summary>An account or product is as recent as its <c>Source.RetrievedAt</c>: when its bank's figures were read.</summary>
    private static Freshness<TDocument> ReadAt<TDocument>(Expression<Func<TDocument, DataSource?>> sourceOf) where TDocument : class
    {
        var source = sourceOf.Compile();
        return new Freshness<TDocument>(
            Of: document => source(document)?.RetrievedAt ?? DateTime.MinValue,
            StillAsStored: stored => SourceIs(sourceOf, source(stored)?.RetrievedAt),
            Words: document => source(document) is { } read ? $"read {Instant(read.RetrievedAt)}" : "undated");
    }

    /// <summary>"The document's Source still says it was read at <paramref name="readAt"/>" (null: it still has none), as a filter both engines run.</summary>
    private static Expression<Func<TDocument, bool>> SourceIs<TDocument>(Expression<Func<TDocument, DataSource?>> sourceOf, DateTime? readAt)
    {
        var source = sourceOf.Body;
        var none = Expression.Constant(null, typeof(DataSource));
        Expression test = readAt is { } at
            ? Expression.AndAlso(Expression.NotEqual(source, none),
                Expression.Equal(Expression.Property(source, nameof(DataSource.RetrievedAt)), Expression.Constant(at)))
            : Expression.Equal(source, none);
        return Expression.Lambda<Func<TDocument, bool>>(test, sourceOf.Parameters);
    }

    /// <summary>
    /// A token is as recent as its dates, in this order: a new consent starts a new creation date, a refresh
    /// (which rotates the tokens) moves the expiry later, a use moves the last use later.
    /// </summary>
    private static readonly Freshness<BankToken> TokenFreshness = new(
        Of: token => (token.TokenDates.CreationDate, token.ExpiresAt ?? DateTime.MinValue, token.TokenDates.LastUseDate ?? DateTime.MinValue),
        StillAsStored: stored =>
        {
            var (created, expires, used) = (stored.TokenDates.CreationDate, stored.ExpiresAt, stored.TokenDates.LastUseDate);
            return token => token.TokenDates.CreationDate == created && token.ExpiresAt == expires && token.TokenDates.LastUseDate == used;
        },
        Words: token => $"created {Instant(token.TokenDates.CreationDate)}" +
                        (token.ExpiresAt is { } expires ? $", expiring {Instant(expires)}" : "") +
                        (token.TokenDates.LastUseDate is { } used ? $", last used {Instant(used)}" : ", never used"));

    private static string Instant(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Puts the token in its stored, encrypted form. Encryption is randomised, so a token equal to
    /// the stored one keeps the stored ciphertext; otherwise a re-import would always "update".
    /// </summary>
    private string? PrepareToken(BankToken candidate, BankToken? existing)
    {
        var bearer = StoredForm(nameof(BankToken.BearerToken), candidate.BearerToken, existing?.BearerToken, out var problem);
        if (bearer is null)
        {
            return problem;
        }
        candidate.BearerToken = bearer;

        if (candidate.RefreshToken is not null)
        {
            var refresh = StoredForm(nameof(BankToken.RefreshToken), candidate.RefreshToken, existing?.RefreshToken, out problem);
            if (refresh is null)
            {
                return problem;
            }
            candidate.RefreshToken = refresh;
        }
        return null;
    }

    private string? StoredForm(string field, string incoming, string? stored, out string? problem)
    {
        problem = null;
        string plain;
        if (TokenProtector.IsProtected(incoming))
        {
            try
            {
                plain = tokenProtector.Unprotect(incoming);
            }
            catch (TokenUnreadableException)
            {
                problem = $"{field} is encrypted with a key this store does not have, so it could never be used. " +
                          "Import it where it was exported from, move the key ring with it (export --include-keys, then mongoimport " +
                          "open_finance.data_protection_keys.json), or import the bank's plain token instead.";
                return null;
            }
        }
        else
        {
            plain = incoming;
        }

        if (stored is not null && TryUnprotect(stored) == plain)
        {
            return stored;
        }
        return TokenProtector.IsProtected(incoming) ? incoming : tokenProtector.Protect(plain);
    }

    private string? TryUnprotect(string stored)
    {
        try
        {
            return tokenProtector.Unprotect(stored);
        }
        catch (TokenUnreadableException)
        {
            // The stored copy is unreadable (lost key): the imported one replaces it.
            return null;
        }
    }

    private async Task PlanAsync<TDocument>(
        ImportProfile<TDocument> profile, MappingResult<TDocument> mapping, DocumentLocation location,
        FilePlan file, ImportRun run, CancellationToken cancellationToken)
        where TDocument : class
    {
        file.Warnings.AddRange(mapping.Warnings.Select(warning => $"{location}: {warning}"));
        if (!mapping.Succeeded)
        {
            run.Problems.AddRange(mapping.Errors.Select(error => new ImportProblem(location, error)));
            return;
        }

        var document = mapping.Document!;
        var owner = profile.Owner(document);
        var ownerProblem = await run.Users.ResolveAsync(owner, profile.OwnerField,
            profile.FallbackOwnerId?.Invoke(document) ?? ObjectId.Empty, cancellationToken);
        if (ownerProblem is not null)
        {
            run.Problems.Add(new ImportProblem(location, ownerProblem));
            return;
        }
        profile.SetOwnerId?.Invoke(document, owner.UserId);

        var naturalKey = profile.Kind.NaturalKeyOf(document);
        if (!run.ClaimNaturalKey(profile.Kind.CollectionName, naturalKey, location, out var firstSeenAt))
        {
            run.Problems.Add(new ImportProblem(location,
                $"the same {profile.Describe(document)} for {owner.UserName} is already imported by {firstSeenAt} in this run; keep one of them."));
            return;
        }

        var collection = store.Collection(profile.Kind);
        var existing = run.Users.IsPlanned(owner.UserId) ? null : await collection.FindByKeyAsync(naturalKey, cancellationToken);
        var importedId = profile.Kind.GetId(document);
        if (existing is not null)
        {
            profile.Kind.SetId(document, profile.Kind.GetId(existing));
        }
        else if (importedId != ObjectId.Empty && await run.IsIdTakenAsync(profile.Kind, importedId, location, cancellationToken) is { } takenBy)
        {
            run.Problems.Add(new ImportProblem(location,
                $"_id {importedId} already belongs to a different document ({takenBy}); the natural key ({profile.Describe(document)}) does not match it. Remove the _id to import it as a new document, or correct the key fields."));
            return;
        }

        if (existing is not null && profile.Freshness.IsNewer(existing, document))
        {
            // An older picture of data the store has seen since (a sync, a token refresh): the store's copy stands.
            file.Keep(location, owner, profile.Bank(document), profile.Noun,
                $"{profile.Describe(document)} of {owner.UserName}: the store's copy is newer ({profile.Freshness.Words(existing)}) " +
                $"than the file's ({profile.Freshness.Words(document)}), so it was kept");
            return;
        }

        if (profile.Prepare?.Invoke(document, existing) is { } prepareProblem)
        {
            run.Problems.Add(new ImportProblem(location, prepareProblem));
            return;
        }

        if (existing is not null && SameData(document, existing, profile.NotCompared ?? []))
        {
            file.Add(new PlannedWrite(location, owner, profile.Bank(document), profile.Noun, ImportOutcome.Unchanged, Write: null));
            return;
        }

        // The input was within the limit; what the import adds (Source, BankExtras) must not push it over, or MongoDB would refuse it half-way.
        var size = document.ToBson().Length;
        if (size > ImportLimits.MaxDocumentBytes)
        {
            run.Problems.Add(new ImportProblem(location, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the {profile.Noun} would be {size / 1024.0 / 1024.0:0.0} MB as stored; MongoDB stores at most {ImportLimits.MaxDocumentBytes / (1024 * 1024)} MB in one document. Leave out what is not needed.")));
            return;
        }
        if (existing is null)
        {
            // Inserted only if still absent: a sync that stored the same account or transaction since the plan read the
            // store has the bank's current copy, and the file's must not replace it (an upsert would).
            file.Add(new PlannedWrite(location, owner, profile.Bank(document), profile.Noun, ImportOutcome.Inserted,
                ct => InsertIfStillAbsentAsync(collection, document, naturalKey, ct),
                KeptBecause: $"{profile.Describe(document)} of {owner.UserName}: it was stored while the import ran (a sync, most likely), so the store's copy was kept"));
            return;
        }
        // Replaced only if the stored copy is still the one compared here: a sync that wrote since then wins.
        var stillAsStored = profile.Freshness.StillAsStored(existing);
        var describe = $"{profile.Describe(document)} of {owner.UserName}: the store's copy changed while the import ran, so it was kept";
        file.Add(new PlannedWrite(location, owner, profile.Bank(document), profile.Noun, ImportOutcome.Updated,
            async ct => await collection.TryReplaceAsync(document, stillAsStored, ct) ? ImportOutcome.Updated : ImportOutcome.Kept,
            KeptBecause: describe));
    }

    private static async Task<ImportOutcome> InsertIfStillAbsentAsync<TDocument>(IDocumentCollection<TDocument> collection, TDocument document,
        IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken) where TDocument : class
    {
        try
        {
            await collection.InsertManyAsync([document], cancellationToken);
            return ImportOutcome.Inserted;
        }
        catch (DocumentConflictException)
        {
            // The natural key is taken now. Otherwise the conflict is the file's _id, held by another document: that stays a failure.
            if (await collection.FindByKeyAsync(naturalKey, cancellationToken) is null)
            {
                throw;
            }
            return ImportOutcome.Kept;
        }
    }

    /// <summary>Whether the two hold the same data, <paramref name="notCompared"/> (such as when it was read) left aside.</summary>
    private static bool SameData<TDocument>(TDocument incoming, TDocument stored, IReadOnlyList<string> notCompared) where TDocument : class
    {
        if (notCompared.Count == 0)
        {
            return incoming.ToBson().AsSpan().SequenceEqual(stored.ToBson());
        }
        var left = incoming.ToBsonDocument();
        var right = stored.ToBsonDocument();
        foreach (var name in notCompared)
        {
            left.Remove(name);
            right.Remove(name);
        }
        return left.ToBson().AsSpan().SequenceEqual(right.ToBson());
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>How one collection is imported: its kind, owner and bank fields, how recent a document is, and what the import itself does to it.</summary>
    private sealed record ImportProfile<TDocument>(
        DocumentKind<TDocument> Kind,
        string Noun,
        string OwnerField,
        Func<TDocument, PartyReference> Owner,
        Func<TDocument, string> Bank,
        Func<TDocument, string> Describe,
        Freshness<TDocument> Freshness,
        Func<TDocument, TDocument?, string?>? Prepare = null,
        string[]? NotCompared = null,
        Func<TDocument, ObjectId>? FallbackOwnerId = null,
        Action<TDocument, ObjectId>? SetOwnerId = null)
        where TDocument : class;

    /// <summary>
    /// How recent a collection's documents are, so an older file never replaces newer stored data:
    /// <see cref="Of"/> orders them, <see cref="StillAsStored"/> is the replace's condition (the stored
    /// document not written since it was read), <see cref="Words"/> says it in a report line.
    /// </summary>
    private sealed record Freshness<TDocument>(
        Func<TDocument, IComparable> Of,
        Func<TDocument, Expression<Func<TDocument, bool>>> StillAsStored,
        Func<TDocument, string> Words)
    {
        public bool IsNewer(TDocument stored, TDocument incoming) => Of(stored).CompareTo(Of(incoming)) > 0;
    }

    private enum ImportOutcome
    {
        Inserted,
        Updated,
        Unchanged,
        Kept,
    }

    private sealed record PlannedWrite(
        DocumentLocation Location, PartyReference Owner, string Bank, string Noun, ImportOutcome Outcome,
        Func<CancellationToken, Task<ImportOutcome>>? Write, string? KeptBecause = null)
    {
        public ImportOutcome Outcome { get; set; } = Outcome;
    }

    private sealed class FilePlan(string file, string collection)
    {
        private readonly List<string> kept = [];

        public string File => file;
        public List<PlannedWrite> Writes { get; } = [];
        public List<string> Warnings { get; } = [];

        public void Add(PlannedWrite write) => Writes.Add(write);

        public void Keep(DocumentLocation location, PartyReference owner, string bank, string noun, string because)
        {
            Writes.Add(new PlannedWrite(location, owner, bank, noun, ImportOutcome.Kept, Write: null));
            kept.Add($"{location}: {because}.");
        }

        /// <summary>
        /// Writes the file's documents customer by customer and bank by bank, each group's ledger entry right
        /// after its documents: if the store fails part-way, what was written is recorded, and a run again
        /// (which finds those documents unchanged) records the rest. Returns the number of entries written.
        /// </summary>
        public async Task<int> WriteAsync(AuditLedger ledger, DateTime now, CancellationToken cancellationToken)
        {
            var entries = 0;
            foreach (var group in Writes.GroupBy(write => (write.Owner.UserId, write.Owner.UserName, write.Bank)))
            {
                foreach (var write in group.Where(write => write.Write is not null))
                {
                    // The engine's own verdict is what we report and audit.
                    write.Outcome = await write.Write!(cancellationToken);
                    if (write.Outcome == ImportOutcome.Kept)
                    {
                        kept.Add($"{write.Location}: {write.KeptBecause}.");
                    }
                }
                var added = group.Count(write => write.Outcome == ImportOutcome.Inserted);
                var updated = group.Count(write => write.Outcome == ImportOutcome.Updated);
                if (added + updated == 0)
                {
                    continue;
                }
                // One timestamp for the whole import, the same as an undated document's Source.RetrievedAt.
                await ledger.RecordAtAsync(now, new PartyReference { UserName = group.Key.UserName, UserId = group.Key.UserId },
                    AuditKinds.DataImported, group.Key.Bank.Length == 0 ? null : group.Key.Bank, consentId: null, AuditOutcomes.Succeeded,
                    $"Imported {Plural(added + updated, group.First().Noun)} from {file} ({added} new, {updated} updated).", cancellationToken);
                entries++;
            }
            return entries;
        }

        public FileImportReport Report() => new(file, collection,
            Writes.Count(write => write.Outcome == ImportOutcome.Inserted),
            Writes.Count(write => write.Outcome == ImportOutcome.Updated),
            Writes.Count(write => write.Outcome == ImportOutcome.Unchanged),
            Warnings,
            kept);
    }

    /// <summary>State shared by all files of one run: problems, owners, keys and ids seen so far.</summary>
    private sealed class ImportRun(IDocumentStore store, DateTime now, bool createUsers)
    {
        private readonly Dictionary<string, DocumentLocation> naturalKeys = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<ObjectId, string>> storedIds = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Collection, ObjectId Id), DocumentLocation> batchIds = [];

        public DateTime Now => now;
        public List<ImportProblem> Problems { get; } = [];
        public UserDirectory Users { get; } = new(store.Collection(OpenFinanceCollections.Users), now, createUsers);

        /// <summary>False when an earlier document of this run has the same natural key (then <paramref name="firstSeenAt"/> says where).</summary>
        public bool ClaimNaturalKey(string collection, IReadOnlyList<BsonValue> key, DocumentLocation location, out DocumentLocation firstSeenAt)
        {
            var encoded = collection + NaturalKeys.Encode(key);
            if (naturalKeys.TryGetValue(encoded, out var earlier))
            {
                firstSeenAt = earlier;
                return false;
            }
            naturalKeys[encoded] = location;
            firstSeenAt = location;
            return true;
        }

        /// <summary>
        /// Who already uses <paramref name="id"/> in the collection (stored, or earlier in this run),
        /// or null. Checked before writing so that a clash cannot stop an import half-way.
        /// </summary>
        public async Task<string?> IsIdTakenAsync<TDocument>(DocumentKind<TDocument> kind, ObjectId id, DocumentLocation location, CancellationToken cancellationToken)
            where TDocument : class
        {
            if (!batchIds.TryAdd((kind.CollectionName, id), location))
            {
                return $"imported by {batchIds[(kind.CollectionName, id)]}";
            }
            if (!storedIds.TryGetValue(kind.CollectionName, out var ids))
            {
                // There is no find-by-id in the store contract; a one-off scan of the ids is fine for an import.
                ids = [];
                await foreach (var stored in store.Collection(kind).ExportAsync(cancellationToken))
                {
                    if (stored.TryGetValue("_id", out var storedId) && storedId.IsObjectId)
                    {
                        ids[storedId.AsObjectId] = $"stored in {kind.CollectionName}";
                    }
                }
                storedIds[kind.CollectionName] = ids;
            }
            return ids.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Checks every document's owner against the users collection, so data never attaches to the
    /// wrong person: a known user name must come with that user's id; an unknown one is refused,
    /// or becomes a new user when the operator asked for it, unless its id belongs to someone else.
    /// </summary>
    private sealed class UserDirectory(IDocumentCollection<LeafyUser> users, DateTime now, bool createUsers)
    {
        private readonly Dictionary<string, LeafyUser?> byName = new(StringComparer.Ordinal);
        private readonly Dictionary<ObjectId, LeafyUser?> byId = [];
        private readonly List<LeafyUser> planned = [];

        public bool IsPlanned(ObjectId userId) => planned.Any(user => user.Id == userId);

        /// <summary>Null when the owner is consistent (its id filled in when it was missing); otherwise the reason.</summary>
        public async Task<string?> ResolveAsync(PartyReference owner, string ownerField, ObjectId fallbackId, CancellationToken cancellationToken)
        {
            var known = await FindByNameAsync(owner.UserName, cancellationToken);
            if (known is not null)
            {
                if (owner.UserId == ObjectId.Empty)
                {
                    owner.UserId = known.Id;
                    return null;
                }
                return owner.UserId == known.Id
                    ? null
                    : $"{ownerField} says user {owner.UserName} has id {owner.UserId}, but {owner.UserName} has id {known.Id} in the users collection. " +
                      "The document was not imported so that it cannot attach to the wrong person; correct the user name or id.";
            }

            var userId = owner.UserId != ObjectId.Empty ? owner.UserId : fallbackId;
            var holder = userId == ObjectId.Empty ? null : await FindByIdAsync(userId, cancellationToken);
            if (holder is not null)
            {
                return $"{ownerField} names user {owner.UserName} with id {userId}, but id {userId} belongs to user {holder.UserName}. " +
                       "The document was not imported so that it cannot attach to the wrong person; correct the user name or id.";
            }
            if (!createUsers)
            {
                return $"user \"{ExtendedJsonValidator.Shown(owner.UserName)}\" ({ownerField}) is not known to this store. " +
                       "Pass --create-users if the import is meant to create them; otherwise correct the user name.";
            }
            if (userId == ObjectId.Empty)
            {
                return $"user {owner.UserName} is not known and the document carries no user id to create them with; add UserId or import the user first.";
            }

            var user = new LeafyUser { Id = userId, UserName = owner.UserName, BaseCurrency = "USD", CreatedAt = now };
            planned.Add(user);
            byName[user.UserName] = user;
            byId[user.Id] = user;
            owner.UserId = userId;
            return null;
        }

        public async Task<IReadOnlyList<string>> CreatePlannedUsersAsync(CancellationToken cancellationToken)
        {
            foreach (var user in planned)
            {
                await users.UpsertAsync(user, cancellationToken);
            }
            return planned.Select(user => user.UserName).ToList();
        }

        private async Task<LeafyUser?> FindByNameAsync(string userName, CancellationToken cancellationToken)
        {
            if (!byName.TryGetValue(userName, out var user))
            {
                user = await users.FindByKeyAsync([userName], cancellationToken);
                byName[userName] = user;
            }
            return user;
        }

        private async Task<LeafyUser?> FindByIdAsync(ObjectId userId, CancellationToken cancellationToken)
        {
            if (!byId.TryGetValue(userId, out var user))
            {
                // The users collection is owned by the user's own id.
                var matches = await users.FindAsync(userId, cancellationToken: cancellationToken);
                user = matches.Count > 0 ? matches[0] : null;
                byId[userId] = user;
            }
            return user;
        }
    }
}
