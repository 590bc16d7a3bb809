using System.Net.Http.Json;
using System.Text.Json;

namespace LeafyBank.Core.Banking;

/// <summary>Where Leafy Bank finds the banks it can connect to.</summary>
public interface IBankDirectory
{
    Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default);

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

public sealed class BankNotFoundException(string bankId)
    : Exception($"Leafy Bank does not know a bank called '{bankId}'. Choose one from the list of banks.")
{
    public string BankId { get; } = bankId;
}

/// <summary>
/// Reads the bank directory over HTTP (a JSON list of <see cref="BankDirectoryEntry"/>) and
/// keeps it for a few minutes: banks change rarely and every connect and sync needs it.
/// A singleton (it owns the cache), borrowing short-lived clients from the factory.
/// </summary>
public sealed class HttpBankDirectory(IHttpClientFactory httpClientFactory, BankDirectoryLocation location, TimeProvider timeProvider)
    : IBankDirectory, IDisposable
{
    public const string HttpClientName = "bank-directory";

    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (IReadOnlyList<BankDirectoryEntry> Banks, DateTimeOffset FetchedAt)? cached;

    public async Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (cached is { } hit && now - hit.FetchedAt < CacheFor)
        {
            return hit.Banks;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } fresh && now - fresh.FetchedAt < CacheFor)
            {
                return fresh.Banks;
            }
            var url = location.Resolve();
            List<BankDirectoryEntry>? banks;
            try
            {
                using var httpClient = httpClientFactory.CreateClient(HttpClientName);
                banks = await httpClient.GetFromJsonAsync<List<BankDirectoryEntry>>(url, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new BankApiException(BankFailureKind.Unavailable,
                    $"The list of banks at {url} could not be read ({exception.Message}). Check LEAFYBANK_BANK_DIRECTORY_URL.", inner: exception);
            }
            cached = (banks ?? [], now);
            return cached.Value.Banks;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}

/// <summary>
/// The directory's URL: configured (<c>LEAFYBANK_BANK_DIRECTORY_URL</c>) or, when the sandbox
/// runs in the same process, resolved from the app's own listening address at first use.
/// </summary>
public sealed class BankDirectoryLocation(Func<Uri> resolve)
{
    public Uri Resolve() => resolve();
}
