using Microsoft.Net.Http.Headers;

namespace LeafyBank.Tests.Web;

/// <summary>
/// The cookie jar of a test's HTTP "browser", living at the app's instant rather than the
/// machine's. The suite runs the app at <see cref="TestTime.Now"/>; .NET's own CookieContainer
/// judges a cookie's <c>expires</c> by the wall clock (and ignores <c>max-age</c> when
/// <c>expires</c> comes first), so at a past instant it would throw away a sign-in cookie the
/// moment it arrived. A real browser and its server agree on the time; so do these two.
/// Host-only cookies, path-prefix matching, <c>max-age</c> before <c>expires</c> (RFC 6265 §5.3).
/// </summary>
/// <remarks>Created without an inner handler, for <c>WebApplicationFactory.CreateDefaultClient</c>, which adds the test server's.</remarks>
public sealed class ClockedCookieJar(TimeProvider clock) : DelegatingHandler
{
    private readonly ConcurrentDictionary<(string Host, string Path, string Name), (string Value, DateTimeOffset? ExpiresAt)> cookies = new();

    /// <summary>A client over real HTTP that keeps cookies in a jar on <paramref name="clock"/> and never follows redirects.</summary>
    public static HttpClient Client(TimeProvider clock, Uri? baseAddress = null) =>
        new(new ClockedCookieJar(clock) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } }) { BaseAddress = baseAddress };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = CookieHeaderFor(uri);
        if (header.Length > 0)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", header);
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values) && SetCookieHeaderValue.TryParseList(values.ToList(), out var received))
        {
            Store(uri, received);
        }
        return response;
    }

    private string CookieHeaderFor(Uri uri)
    {
        var now = clock.GetUtcNow();
        return string.Join("; ", cookies
            .Where(c => string.Equals(c.Key.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
                        && uri.AbsolutePath.StartsWith(c.Key.Path, StringComparison.Ordinal)
                        && (c.Value.ExpiresAt is null || c.Value.ExpiresAt > now))
            .OrderByDescending(c => c.Key.Path.Length)
            .Select(c => $"{c.Key.Name}={c.Value.Value}"));
    }

    private void Store(Uri uri, IList<SetCookieHeaderValue> received)
    {
        var now = clock.GetUtcNow();
        foreach (var cookie in received)
        {
            var key = (uri.Host, cookie.Path.HasValue ? cookie.Path.Value! : "/", cookie.Name.Value!);
            var expiresAt = cookie.MaxAge is { } maxAge ? now + maxAge : cookie.Expires;
            if (expiresAt <= now)
            {
                cookies.TryRemove(key, out _);
            }
            else
            {
                cookies[key] = (cookie.Value.Value!, expiresAt);
            }
        }
    }
}
