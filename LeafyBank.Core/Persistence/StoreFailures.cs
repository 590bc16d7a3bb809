using System.Runtime.CompilerServices;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// One engine's word for "the store is not answering or cannot be used": at the engine's edge its
/// own exception types become <see cref="StoreUnavailableException"/>, so nothing above the engines
/// (pages, the API, background jobs) has to know a driver's types. Everything else passes through
/// untouched: cancellation, the store's own conflict and validation refusals, and programming
/// errors (a bad pipeline, a SQL mistake), which must stay loud rather than read as an outage.
/// </summary>
internal abstract class StoreFailures
{
    /// <summary>Whether <paramref name="exception"/>, raised by this engine, means the store cannot answer or be used now.</summary>
    protected abstract bool MeansUnavailable(Exception exception);

    /// <summary>Which store, what went wrong and what to check, for people; never a credential.</summary>
    protected abstract string Explain(Exception exception);

    public StoreUnavailableException Unavailable(Exception exception) => new(Explain(exception), exception);

    public async Task Translate(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception exception) when (Applies(exception))
        {
            throw Unavailable(exception);
        }
    }

    public async Task<T> Translate<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (Applies(exception))
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>A stream can fail at any step, not only the first: every step is translated.</summary>
    public async IAsyncEnumerable<T> Translate<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var items = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            T current;
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }
                current = items.Current;
            }
            catch (Exception exception) when (Applies(exception))
            {
                throw Unavailable(exception);
            }
            yield return current;
        }
    }

    /// <summary>The engine's collection with every operation translated: the one place a collection's callers get it from.</summary>
    public IDocumentCollection<TDocument> Translating<TDocument>(IDocumentCollection<TDocument> collection) where TDocument : class =>
        new TranslatingDocumentCollection<TDocument>(collection, this);

    // A cancelled call is the caller's doing, whatever the driver wrapped it in.
    private bool Applies(Exception exception) => exception is not OperationCanceledException && MeansUnavailable(exception);
}
