using System.Runtime.CompilerServices;
using System.Text;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.MongoDb;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// Transactions on MongoDB. A page is a find (owner + filters, sorted newest first, skip/limit)
/// and a count with the same filter, sent concurrently; both lead with the owner and the
/// booking date, then the page's tie-breakers: <c>ix_external_transactions_user_date_id</c> (or
/// <c>ix_external_transactions_user_account_date_id</c> when bank and account are given) serves
/// the whole sort, so MongoDB never sorts a page in memory.
/// </summary>
internal sealed class MongoTransactionQuery(MongoDocumentStore store) : ITransactionStoreQuery
{
    private static readonly FilterDefinitionBuilder<ExternalTransaction> Filter = Builders<ExternalTransaction>.Filter;

    /// <summary>The page order (see <see cref="TransactionRules.NewestFirst"/>), as a sort document.</summary>
    internal static readonly SortDefinition<ExternalTransaction> NewestFirst = Builders<ExternalTransaction>.Sort
        .Descending(t => t.BookingDate)
        .Ascending(t => t.TransactionId)
        .Ascending(t => t.TransactionBank);

    // Each read goes through the store's failures: a server that is gone reaches callers as StoreUnavailableException, not the driver's.
    public Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => FindCoreAsync(ownerId, criteria, cancellationToken));

    private async Task<TransactionPage> FindCoreAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("transactions_page", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        var collection = store.Typed(OpenFinanceCollections.ExternalTransactions);
        var filter = BuildFilter(ownerId, criteria);
        var items = collection.Find(filter).Sort(NewestFirst).Skip(criteria.Skip).Limit(criteria.PageSize).ToListAsync(cancellationToken);
        var total = collection.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
        await Task.WhenAll(items, total);
        return new TransactionPage(await items, await total, criteria.Page, criteria.PageSize);
    }

    public IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(StreamCoreAsync(ownerId, criteria, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<ExternalTransaction> StreamCoreAsync(ObjectId ownerId, TransactionCriteria criteria,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("transactions_export", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        using var cursor = await store.Typed(OpenFinanceCollections.ExternalTransactions)
            .Find(BuildFilter(ownerId, criteria)).Sort(NewestFirst).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var transaction in cursor.Current)
            {
                yield return transaction;
            }
        }
    }

    /// <summary>Two small reads sent together: the owner's distinct accounts and distinct categories (each a $group).</summary>
    public Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => GetChoicesCoreAsync(ownerId, cancellationToken));

    private async Task<TransactionChoices> GetChoicesCoreAsync(ObjectId ownerId, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("transactions_choices", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        var collection = store.Typed(OpenFinanceCollections.ExternalTransactions);
        var accounts = collection.Aggregate(BuildAccountChoicesPipeline(ownerId), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var categories = collection.Aggregate(BuildCategoryChoicesPipeline(ownerId), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        await Task.WhenAll(accounts, categories);
        return TransactionChoices.From(
            (await accounts).Select(row => new AccountChoice(row.Id.Bank, row.Id.AccountId, row.Id.Currency)),
            (await categories).Select(row => row.Id));
    }

    internal static PipelineDefinition<ExternalTransaction, AccountChoiceGroup> BuildAccountChoicesPipeline(ObjectId ownerId) =>
        new EmptyPipelineDefinition<ExternalTransaction>()
            .Match(Owner(ownerId))
            .Group(t => new AccountChoiceKey { Bank = t.TransactionBank, AccountId = t.AccountId, Currency = t.Currency }, group => new AccountChoiceGroup { Id = group.Key });

    /// <summary>
    /// A $group rather than <c>distinct</c>: a transaction without a category has no Category field
    /// (optional fields are omitted), and <c>distinct</c> skips documents without the field, so
    /// "Uncategorised" would never be offered; $group puts them under a null key.
    /// </summary>
    internal static PipelineDefinition<ExternalTransaction, CategoryChoiceGroup> BuildCategoryChoicesPipeline(ObjectId ownerId) =>
        new EmptyPipelineDefinition<ExternalTransaction>()
            .Match(Owner(ownerId))
            .Group(t => t.Category, group => new CategoryChoiceGroup { Id = group.Key });

    /// <summary>The owner first (the index prefix), then each given filter; search is an escaped literal regex over the normalised <see cref="ExternalTransaction.SearchText"/>.</summary>
    internal static FilterDefinition<ExternalTransaction> BuildFilter(ObjectId ownerId, TransactionCriteria criteria)
    {
        var filters = new List<FilterDefinition<ExternalTransaction>> { Owner(ownerId) };
        if (criteria.Bank is { } bank)
        {
            filters.Add(Filter.Eq(t => t.TransactionBank, bank));
        }
        if (criteria.AccountId is { } accountId)
        {
            filters.Add(Filter.Eq(t => t.AccountId, accountId));
        }
        if (criteria.BookingStatus is { } status)
        {
            filters.Add(Filter.Eq(t => t.BookingStatus, status));
        }
        filters.AddRange(DateRange(criteria.FromUtc, criteria.ToUtcExclusive));
        if (criteria.Category is { } category)
        {
            filters.Add(CategoryNamed(category));
        }
        if (AmountSize(criteria.MinAmount, criteria.MaxAmount) is { } amount)
        {
            filters.Add(amount);
        }
        if (criteria.SearchKey is { } search)
        {
            // Both sides normalised (lower-case, no accents), so a plain escaped substring regex suffices: no "i" flag.
            filters.Add(Filter.Regex(t => t.SearchText, new BsonRegularExpression(EscapeForRegex(search))));
        }
        return Filter.And(filters);
    }

    /// <summary>
    /// Escapes every ASCII character that is not a letter or digit. In PCRE (MongoDB's regex
    /// engine) a backslash before such a character always means that character literally, so
    /// user input can never become a pattern; .NET's Regex.Escape follows .NET's own syntax instead.
    /// </summary>
    internal static string EscapeForRegex(string text)
    {
        var escaped = new StringBuilder(text.Length * 2);
        foreach (var character in text)
        {
            if (char.IsAscii(character) && !char.IsAsciiLetterOrDigit(character))
            {
                escaped.Append('\\');
            }
            escaped.Append(character);
        }
        return escaped.ToString();
    }

    /// <summary>
    /// <see cref="TransactionRules.CategoryName"/> as a filter: the stored category trimmed equals
    /// the name (an anchored, escaped regex, since a find cannot trim), and "Uncategorised" also
    /// takes missing, null and blank categories.
    /// </summary>
    private static FilterDefinition<ExternalTransaction> CategoryNamed(string category)
    {
        var named = Filter.Regex(t => t.Category, new BsonRegularExpression($"^\\s*{EscapeForRegex(category)}\\s*$"));
        return category == TransactionRules.Uncategorised
            ? Filter.Or(named, Filter.Eq(t => t.Category, null), Filter.Regex(t => t.Category, new BsonRegularExpression("^\\s*$")))
            : named;
    }

    /// <summary>
    /// The size of the amount between min and max, as plain range operators (no <c>$abs</c> in
    /// <c>$expr</c>): min ≤ |a| ≤ max is a in [min, max] or a in [−max, −min].
    /// </summary>
    private static FilterDefinition<ExternalTransaction>? AmountSize(decimal? min, decimal? max)
    {
        if (min is null && max is null)
        {
            return null;
        }
        var incoming = new List<FilterDefinition<ExternalTransaction>> { Filter.Gte(t => t.Amount, min ?? 0m) };
        var outgoing = new List<FilterDefinition<ExternalTransaction>> { Filter.Lte(t => t.Amount, -(min ?? 0m)) };
        if (max is { } largest)
        {
            incoming.Add(Filter.Lte(t => t.Amount, largest));
            outgoing.Add(Filter.Gte(t => t.Amount, -largest));
        }
        return Filter.Or(Filter.And(incoming), Filter.And(outgoing));
    }

    private static FilterDefinition<ExternalTransaction> Owner(ObjectId ownerId) =>
        new BsonDocumentFilterDefinition<ExternalTransaction>(new BsonDocument(OpenFinanceCollections.ExternalTransactions.Owner.Path, ownerId));

    private static IEnumerable<FilterDefinition<ExternalTransaction>> DateRange(DateTime? fromUtc, DateTime? toUtcExclusive)
    {
        if (fromUtc is { } from)
        {
            yield return Filter.Gte(t => t.BookingDate, from);
        }
        if (toUtcExclusive is { } to)
        {
            yield return Filter.Lt(t => t.BookingDate, to);
        }
    }
}

internal sealed class AccountChoiceKey
{
    public string Bank { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string Currency { get; set; } = "";
}

internal sealed class AccountChoiceGroup
{
    public AccountChoiceKey Id { get; set; } = new();
}

internal sealed class CategoryChoiceGroup
{
    public string? Id { get; set; }
}
