using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace LeafyBank.Benchmarks;

/// <summary>
/// The data API under concurrent load from a local client: signs a demo customer in at the
/// development identity provider (authorization code + PKCE, as the README's recipe does by
/// hand), then has N workers GET <c>/api/v1/position</c> with that bearer token for a fixed time.
/// </summary>
public static partial class ApiLoad
{
    private const string RedirectUri = "http://127.0.0.1/callback";
    private const string ClientId = "leafybank-api-client";
    private const string Scope = "openid leafybank.api";

    public static async Task<int> ExecuteAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var api = new Uri(options.ApiUrl!);
        var token = options.ApiToken ?? await SignInAsync(new Uri(options.IdentityProviderUrl), options.ApiUser, cancellationToken);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = api };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        // One checked call first: a wrong URL or token fails here with the API's own answer.
        using (var first = await client.GetAsync("/api/v1/position", cancellationToken))
        {
            if (!first.IsSuccessStatusCode)
            {
                var answer = await first.Content.ReadAsStringAsync(cancellationToken);
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"GET {api}api/v1/position answered {(int)first.StatusCode}: {answer}"));
            }
        }

        Log($"API load: {options.Concurrency} workers for {options.Duration.TotalSeconds:0} s against {api}api/v1/position");
        var stats = new LatencyStats();
        var failures = 0L;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                var requestStarted = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync("/api/v1/position", HttpCompletionOption.ResponseContentRead, cancellationToken);
                stats.Record(Stopwatch.GetElapsedTime(requestStarted));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var roundTrips = options.MongoUri is null ? (double?)null : await CountRoundTripsAsync(client, options, cancellationToken);

        var summary = stats.Summarize();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### Data API — GET /api/v1/position as {options.ApiUser}, {options.Concurrency} concurrent clients"));
        Console.WriteLine();
        Console.WriteLine(LatencySummary.Header);
        Console.WriteLine(summary.ToRow("GET /api/v1/position (HTTP/1.1, loopback, bearer JWT)"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Throughput: {summary.Count / elapsed.TotalSeconds:N0} requests/s; {failures:N0} non-success answers."));
        if (roundTrips is { } perRequest)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MongoDB round trips per request: {perRequest:0.00} (operations on database {options.Database}, from its profiler, over {RoundTripSamples} sequential requests)."));
        }
        return failures == 0 ? 0 : 1;
    }

    private const int RoundTripSamples = 200;

    /// <summary>
    /// The app's MongoDB operations per request, counted where they arrive: the database profiler
    /// (level 2, for this count only) records every command the app's driver sends to the app's
    /// database — finds, aggregates, getMores — and nothing else (driver heartbeats go to admin).
    /// Run the app with its scheduler off (LEAFYBANK_SYNC_ENABLED=false) so that only requests
    /// reach the database. Needs a server that allows the profiler (not Atlas' shared tiers).
    /// </summary>
    private static async Task<double> CountRoundTripsAsync(HttpClient client, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        using var mongo = new MongoDB.Driver.MongoClient(options.MongoUri);
        var database = mongo.GetDatabase(options.Database);
        var profile = database.GetCollection<MongoDB.Bson.BsonDocument>("system.profile");
        await database.RunCommandAsync<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("profile", 2), cancellationToken: cancellationToken);
        try
        {
            var hello = await database.RunCommandAsync<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("hello", 1), cancellationToken: cancellationToken);
            var since = hello["localTime"].ToUniversalTime();
            for (var i = 0; i < RoundTripSamples; i++)
            {
                using var response = await client.GetAsync("/api/v1/position", cancellationToken);
                response.EnsureSuccessStatusCode();
            }
            var appOperations = MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Gte("ts", since)
                & MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Ne("ns", $"{options.Database}.system.profile")
                & MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Ne("command.profile", 0)
                & MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Ne("command.hello", 1);
            var counted = await profile.CountDocumentsAsync(appOperations, cancellationToken: cancellationToken);
            return (double)counted / RoundTripSamples;
        }
        finally
        {
            await database.RunCommandAsync<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("profile", 0), cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Code + PKCE at the development provider, signing in on its form as a demo user.</summary>
    private static async Task<string> SignInAsync(Uri provider, string userName, CancellationToken cancellationToken)
    {
        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = provider,
        };
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = Scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

        using var toSignIn = await idp.GetAsync(authorize, cancellationToken);
        var signInPage = new Uri(provider, toSignIn.Headers.Location ?? throw Unexpected("the authorize endpoint did not redirect to sign-in", toSignIn));
        var html = await idp.GetStringAsync(signInPage, cancellationToken);
        using var signedIn = await idp.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenField(html, "__RequestVerificationToken"),
            ["returnUrl"] = HiddenField(html, "returnUrl"),
            ["username"] = userName,
            ["password"] = "leafy",
        }), cancellationToken);
        using var authorized = await idp.GetAsync(new Uri(provider,
            signedIn.Headers.Location ?? throw Unexpected($"signing in as {userName} failed", signedIn)), cancellationToken);
        // The provider asks the customer to allow a tool ("Let a tool read your Leafy Bank data?") before it issues a code:
        // the harness answers as the customer who started it would, with the form's own fields.
        using var allowed = authorized.Headers.Location is null && authorized.IsSuccessStatusCode
            ? await idp.PostAsync("/connect/authorize", new FormUrlEncodedContent(
                [.. HiddenFields(await authorized.Content.ReadAsStringAsync(cancellationToken)), new("consent", "allow")]), cancellationToken)
            : null;
        var callback = (allowed ?? authorized).Headers.Location ?? throw Unexpected("the provider issued no code", allowed ?? authorized);
        var answer = QueryHelpers.ParseQuery(callback.Query);
        if (answer["state"] != state)
        {
            throw new InvalidOperationException("The provider answered with another state.");
        }

        using var tokenResponse = await idp.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = answer["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = ClientId,
            ["code_verifier"] = verifier,
        }), cancellationToken);
        var body = await tokenResponse.Content.ReadAsStringAsync(cancellationToken);
        if (!tokenResponse.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The token endpoint refused the code: {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Every hidden field of the provider's page, as its form would post them.</summary>
    private static IEnumerable<KeyValuePair<string, string>> HiddenFields(string html) =>
        Regex.Matches(html, "<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")
            .Select(match => KeyValuePair.Create(match.Groups["name"].Value, WebUtility.HtmlDecode(match.Groups["value"].Value)));

    private static string HiddenField(string html, string name)
    {
        var match = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"(?<value>[^\"]*)\"");
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException($"The provider's sign-in page has no {name} field; is --idp-url the development identity provider?");
    }

    private static InvalidOperationException Unexpected(string what, HttpResponseMessage response) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{what} (HTTP {(int)response.StatusCode} from {response.RequestMessage?.RequestUri})."));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));
}
