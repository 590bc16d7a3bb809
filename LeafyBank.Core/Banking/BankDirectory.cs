using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LeafyBank.Core.Banking;

/// <summary>Where Leafy Bank finds the banks it can connect to.</summary>
public interface IBankDirectory
{
    Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The banks as last read, at once, or null when the directory has not answered yet. For a
    /// page's first render, which must never wait on the directory (a directory that keeps its
    /// copy in memory answers at once; one that has none yet starts reading it).
    /// </summary>
    IReadOnlyList<BankDirectoryEntry>? ListWithoutWaiting() =>
        ListAsync(CancellationToken.None) is { IsCompletedSuccessfully: true } listed ? listed.Result : null;

    /// <summary>Reads the directory again now (a background refresh); a directory without a copy simply lists.</summary>
    Task<IReadOnlyList<BankDirectoryEntry>> RefreshAsync(CancellationToken cancellationToken = default) => ListAsync(cancellationToken);

    async Task<BankDirectoryEntry> GetAsync(string bankId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(bank => string.Equals(bank.Id, bankId, StringComparison.OrdinalIgnoreCase))
        ?? throw new BankNotFoundException(bankId);

    /// <summary>
    /// The bank's name, or its id when the directory cannot say (unknown bank, directory down, or
    /// its address not known yet — the in-process sandbox before the server has started). For
    /// words on a page, an alert or a ledger entry, which must not fail on a name.
    /// </summary>
    async Task<string> NameOrIdAsync(string bankId, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await GetAsync(bankId, cancellationToken)).Name;
        }
        catch (Exception exception) when (exception is BankNotFoundException or BankApiException or InvalidOperationException)
        {
            return bankId;
        }
    }
}

/// <summary>
/// Reads the bank directory over HTTP (a JSON list of <see cref="BankDirectoryEntry"/>) and keeps
/// it in memory, stale-while-revalidate (<see cref="RevalidatingCache{T}"/>): banks change rarely,
/// every page, connect and sync needs the list, and a directory that hangs must not hold up a
/// page. <see cref="BankWarmUp"/> loads it at start and refreshes it in the background; a failed
/// refresh keeps serving the last good copy. A singleton (it owns the cache), borrowing
/// short-lived clients from the factory. What went wrong goes to the log, with the URL; the
/// exception says it in the customer's words.
/// </summary>
public sealed partial class HttpBankDirectory(
    IHttpClientFactory httpClientFactory, BankDirectoryLocation location, TimeProvider timeProvider, ILogger<HttpBankDirectory> logger)
    : IBankDirectory
{
    public const string HttpClientName = "bank-directory";

    /// <summary>After this the copy is refreshed behind the callers' backs.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);

    /// <summary>How long one background load may take before it counts as failed.</summary>
    public static readonly TimeSpan LoadBudget = TimeSpan.FromSeconds(10);

    private readonly RevalidatingCache<IReadOnlyList<BankDirectoryEntry>> cache = new(timeProvider, FreshFor, LoadBudget);

    // The outage being logged: a directory that stays down is refreshed every 30 seconds, and its
    // stack trace says nothing new after the first time.
    private readonly Lock outageGate = new();
    private DateTimeOffset? downSince;
    private int failedReadsSince;

    /// <summary>The latest failed refresh (the last good copy is still served); null after a success.</summary>
    public CacheRefreshFailure? LastFailure => cache.LastFailure;

    /// <summary>When the copy being served was read.</summary>
    public DateTimeOffset? FetchedAt => cache.FetchedAt;

    public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        cache.GetAsync(LoadAsync, cancellationToken);

    public Task<IReadOnlyList<BankDirectoryEntry>> RefreshAsync(CancellationToken cancellationToken = default) =>
        cache.RefreshAsync(LoadAsync, cancellationToken);

    public IReadOnlyList<BankDirectoryEntry>? ListWithoutWaiting()
    {
        var listed = cache.GetAsync(LoadAsync);
        if (listed.IsCompletedSuccessfully)
        {
            return listed.Result;
        }
        // Nothing read yet: the load just started (or joined) serves the next caller.
        listed.ContinueWith(static failed => _ = failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return null;
    }

    /// <summary>Never waits for the directory: a page must not stall on a name, so before the first read it is the id.</summary>
    public Task<string> NameOrIdAsync(string bankId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListWithoutWaiting()?.FirstOrDefault(bank => string.Equals(bank.Id, bankId, StringComparison.OrdinalIgnoreCase))?.Name ?? bankId);

    private async Task<IReadOnlyList<BankDirectoryEntry>> LoadAsync(CancellationToken budget)
    {
        var url = location.Resolve();
        try
        {
            using var httpClient = httpClientFactory.CreateClient(HttpClientName);
            var banks = await httpClient.GetFromJsonAsync<List<BankDirectoryEntry>>(url, budget);
            NoteAnswered(url);
            return banks ?? [];
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or OperationCanceledException)
        {
            NoteUnreadable(url, exception);
            throw new BankApiException(BankFailureKind.Unavailable, BankTroubleWords.DirectoryUnavailable, inner: exception);
        }
    }

    /// <summary>The first failure of an outage with its exception; the next ones in one line each, without the stack.</summary>
    private void NoteUnreadable(Uri url, Exception exception)
    {
        DateTimeOffset since;
        int failures;
        lock (outageGate)
        {
            downSince ??= timeProvider.GetUtcNow();
            since = downSince.Value;
            failures = ++failedReadsSince;
        }
        if (failures == 1)
        {
            LogDirectoryUnreadable(logger, url, exception);
        }
        else
        {
            LogDirectoryStillUnreadable(logger, url, since, failures, exception.Message);
        }
    }

    /// <summary>After an outage, one line that the directory is back (and how long it was away).</summary>
    private void NoteAnswered(Uri url)
    {
        DateTimeOffset since;
        int failures;
        lock (outageGate)
        {
            if (downSince is null)
            {
                return;
            }
            since = downSince.Value;
            failures = failedReadsSince;
            downSince = null;
            failedReadsSince = 0;
        }
        LogDirectoryBack(logger, url, TimeSpan.FromSeconds(Math.Round((timeProvider.GetUtcNow() - since).TotalSeconds)), failures);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The bank directory at {Url} could not be read; the last good copy (if any) is still served. Check LEAFYBANK_BANK_DIRECTORY_URL if this persists")]
    private static partial void LogDirectoryUnreadable(ILogger logger, Uri url, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The bank directory at {Url} is still unreadable (down since {DownSince:u}, {FailedReads} failed reads; latest: {Reason}); the last good copy (if any) is still served")]
    private static partial void LogDirectoryStillUnreadable(ILogger logger, Uri url, DateTimeOffset downSince, int failedReads, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The bank directory at {Url} answers again after {Downtime} ({FailedReads} failed reads)")]
    private static partial void LogDirectoryBack(ILogger logger, Uri url, TimeSpan downtime, int failedReads);
}

/// <summary>
/// The directory's URL: configured (<c>LEAFYBANK_BANK_DIRECTORY_URL</c>) or, when the sandbox
/// runs in the same process, resolved from the app's own listening address at first use.
/// </summary>
public sealed class BankDirectoryLocation(Func<Uri> resolve)
{
    public Uri Resolve() => resolve();
}
