using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LeafyBank.Core.Banking.Authorization;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// One authorised conversation with a bank, shared by every dialect: access token (bearer or DPoP) and PSU
/// headers per request, a size limit on answers, pagination that never leaves the bank's
/// origin, and every failure turned into a <see cref="BankApiException"/> in plain words.
/// </summary>
/// <param name="customerPresentHeader">
/// The dialect's header for the customer's IP address, sent only on a customer-present sync: it
/// tells the bank the call is not one of the consent's <c>frequencyPerDay</c> unattended accesses.
/// </param>
internal sealed class BankApiCall(HttpClient httpClient, BankFetchRequest request, Action<HttpRequestHeaders>? dialectHeaders = null,
    string customerPresentHeader = BankApiCall.PsuIpAddressHeader)
{
    /// <summary>Berlin Group's customer-present header, also taken by the reference banks.</summary>
    public const string PsuIpAddressHeader = "PSU-IP-Address";

    /// <summary>UK Open Banking's: "the PSU's IP address if the PSU is currently logged in with the TPP".</summary>
    public const string FapiCustomerIpAddressHeader = "x-fapi-customer-ip-address";

    /// <summary>No account-information answer is anywhere near this; a bigger one is refused, not buffered.</summary>
    public const long MaxResponseBytes = 5 * 1024 * 1024;

    /// <summary>A safety net against a bank whose "next" links never end.</summary>
    public const int MaxPages = 200;

    /// <summary>
    /// How long an answer's body may take once its headers have come. The body is streamed (for the size limit), and the
    /// client's and the resilience pipeline's timeouts end with the headers: without this, a bank that sent headers and
    /// then stalled would hold the sync, and the scheduler's round with it, for ever.
    /// </summary>
    public static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The clock <see cref="BodyReadTimeout"/> runs on: the caller's injected <see cref="TimeProvider"/> where it sets one (a connector's own), else the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Customer present but their address unknown: the header still tells the bank the call is attended.</summary>
    private const string UnknownPsuAddress = "0.0.0.0";

    private string BankName => request.Bank.Name;

    /// <summary>The accounts endpoint, the root every other path of the dialect hangs off.</summary>
    public Uri AccountsEndpoint => request.Bank.AccountsEndpoint;

    /// <summary>A path beside the accounts endpoint, e.g. <c>…/api/products</c> next to <c>…/api/accounts</c>.</summary>
    public Uri Sibling(string name) => new(new Uri(AccountsEndpoint.AbsoluteUri.TrimEnd('/')), name);

    /// <summary><c>{AccountsEndpoint}/{accountId}/{tail}</c>, the account id escaped.</summary>
    public Uri AccountPath(string accountId, string tail, string? query = null) =>
        new($"{AccountsEndpoint.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(accountId)}/{tail}{(query is null ? "" : "?" + query)}");

    public async Task<T> GetAsync<T>(Uri uri, string what, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        EnsureSameOrigin(uri, what);
        HttpRequestMessage Create()
        {
            var message = new HttpRequestMessage(HttpMethod.Get, uri);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (!request.Unattended)
            {
                message.Headers.Add(customerPresentHeader, request.PsuIpAddress ?? UnknownPsuAddress);
            }
            dialectHeaders?.Invoke(message.Headers);
            return message;
        }

        HttpResponseMessage response;
        try
        {
            // Bearer, or DPoP with a proof for this very URL (a next link gets its own) and the bank's latest nonce; a refusal
            // for the nonce is sent again once with the nonce the bank gave (RFC 9449 §9), with dialect headers made anew.
            response = await request.AccessToken.SendAsync(Create,
                (message, cancellation) => httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Timeouts, refused connections and resilience rejections all mean the same to the customer.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            throw new BankApiException(BankFailureKind.Unavailable,
                $"{BankName} could not be reached ({what}). Leafy Bank will try again later.", inner: exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, what);
            }
            var body = await ReadLimitedAsync(response, what, cancellationToken);
            try
            {
                return JsonSerializer.Deserialize<T>(body, json)
                    ?? throw new JsonException("The answer was JSON null.");
            }
            catch (JsonException exception)
            {
                throw Malformed(what, exception.Path, exception);
            }
        }
    }

    /// <summary>Reads page after page while <paramref name="next"/> names another one.</summary>
    public async IAsyncEnumerable<T> GetPagesAsync<T>(Uri first, string what, JsonSerializerOptions json, Func<T, Uri?> next,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<Uri>();
        for (Uri? uri = first; uri is not null;)
        {
            if (!seen.Add(uri) || seen.Count > MaxPages)
            {
                throw Malformed(what, "paging", null);
            }
            var page = await GetAsync<T>(uri, what, json, cancellationToken);
            yield return page;
            uri = next(page);
        }
    }

    /// <summary>Resolves a link the bank sent (absolute, or relative to the accounts endpoint).</summary>
    public Uri? Link(string? href, string what)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        return Uri.TryCreate(AccountsEndpoint, href, out var uri) ? uri : throw Malformed(what, "next link", null);
    }

    /// <summary>Runs a dialect's mapping; a value it cannot interpret makes the whole answer malformed.</summary>
    public T Map<T>(string what, Func<T> map)
    {
        try
        {
            return map();
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
        {
            throw Malformed(what, exception.Message, exception);
        }
    }

    public BankApiException Malformed(string what, string? where, Exception? inner) => new(BankFailureKind.MalformedResponse,
        $"{BankName} sent {what} in a form Leafy Bank cannot read{(string.IsNullOrEmpty(where) ? "" : $" (at {where})")}. " +
        "Nothing was changed; if this keeps happening the bank may have changed its API.", inner: inner);

    /// <summary>The token goes to the bank's own origin only, whatever a "next" link says.</summary>
    private void EnsureSameOrigin(Uri uri, string what)
    {
        if (Uri.Compare(uri, AccountsEndpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new BankApiException(BankFailureKind.MalformedResponse,
                $"{BankName} pointed Leafy Bank to another site for {what}; the call was not made.");
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw TooLarge(what);
        }
        using var limit = new CancellationTokenSource(BodyReadTimeout, Clock);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(reading.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, reading.Token)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw TooLarge(what);
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // Stalled past the limit, or the connection broke part-way: either way the answer is incomplete, and may come whole later.
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new BankApiException(BankFailureKind.Unavailable, $"{BankName} stopped sending {what} part-way. Leafy Bank will try again later.", inner: exception);
        }
    }

    private BankApiException TooLarge(string what) => new(BankFailureKind.MalformedResponse,
        $"{BankName} sent {what} larger than {MaxResponseBytes / (1024 * 1024)} MB, more than any account data should be; it was not read.");

    private BankApiException Failure(HttpResponseMessage response, string what) => response.StatusCode switch
    {
        // Not Unauthorized: the token is fine and a refresh would not help; the bank refused the nonce it had just given.
        HttpStatusCode.Unauthorized when BankDpopNonces.IsResourceNonceRefusal(response) => new(BankFailureKind.Unavailable,
            $"{BankName} refused Leafy Bank's request twice ({what}), asking for a fresh DPoP nonce although the second carried the one it had just given. Leafy Bank will try again later."),
        HttpStatusCode.Unauthorized => new(BankFailureKind.Unauthorized,
            $"{BankName} no longer accepts Leafy Bank's access ({what}). Reconnect {BankName} to continue."),
        HttpStatusCode.Forbidden => new(BankFailureKind.Forbidden,
            $"{BankName} refused {what}: your consent does not allow it, or is no longer valid. Renew the consent to include it."),
        HttpStatusCode.NotFound => new(BankFailureKind.NotFound,
            $"{BankName} says an account is not covered by your consent ({what}). Renew the consent to share it again."),
        HttpStatusCode.TooManyRequests => new(BankFailureKind.RateLimited,
            $"{BankName} allows only a few background updates a day and they are used up ({what}). " +
            (RetryAfter(response) is { } wait ? $"Next update possible in {Describe(wait)}." : "Try again tomorrow."),
            RetryAfter(response)),
        HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => new(BankFailureKind.Unavailable,
            $"{BankName} is having trouble right now (HTTP {(int)response.StatusCode}, {what}). Leafy Bank will try again later."),
        _ => new(BankFailureKind.MalformedResponse,
            $"{BankName} answered {what} with an unexpected HTTP {(int)response.StatusCode}. Nothing was changed."),
    };

    /// <summary>
    /// How long the bank asks us to wait. A Retry-After date is measured against the bank's own
    /// Date header, so neither clock's skew (nor a test's instant) distorts it; without one the wait is unknown.
    /// </summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when response.Headers.Date is { } answeredAt => date - answeredAt is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(TimeSpan wait) => wait.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(wait.TotalHours)} hours")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Ceiling(wait.TotalMinutes))} minutes");
}
