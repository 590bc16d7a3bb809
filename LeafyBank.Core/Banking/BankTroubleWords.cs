using System.Globalization;

namespace LeafyBank.Core.Banking;

/// <summary>
/// What the customer is told when a bank lets them down while they wait: one plain sentence that
/// names the bank and says what to do. Never an address, a status code or an exception's text;
/// those belong in the logs.
/// </summary>
public static class BankTroubleWords
{
    public const string DirectoryUnavailable = "The list of banks is not available right now. Try again in a few minutes.";

    private const string OthersUnaffected = "your other banks are not affected.";

    public static string NotAnswering(string bankName) =>
        $"{bankName} is not answering right now. Try again in a few minutes; {OthersUnaffected}";

    /// <summary>An update the customer asked for is taking long: it goes on without them.</summary>
    public static string StillWaitingFor(string bankName) =>
        $"{bankName} is not answering right now. Leafy Bank keeps trying in the background and shows the outcome here; {OthersUnaffected}";

    /// <summary>Why connecting <paramref name="bankName"/> could not start, by what the bank did.</summary>
    public static string CouldNotStartConnecting(string bankName, BankApiException failure) => failure.Kind switch
    {
        BankFailureKind.Unavailable when IsSilence(failure.InnerException) => NotAnswering(bankName),
        BankFailureKind.Unavailable => $"{bankName} is having trouble right now. Try again in a few minutes; {OthersUnaffected}",
        BankFailureKind.RateLimited => $"{bankName} is busy and asked Leafy Bank to wait. Try again {Later(failure.RetryAfter)}; {OthersUnaffected}",
        BankFailureKind.MalformedResponse =>
            $"{bankName} sent an answer Leafy Bank could not read, so nothing was started. Try again later; {OthersUnaffected}",
        _ => $"{bankName} turned down Leafy Bank's request to connect, so nothing was started. Try again later; {OthersUnaffected}",
    };

    /// <summary>Timeouts and unreachable hosts: the bank said nothing at all (a 5xx, by contrast, is an answer).</summary>
    private static bool IsSilence(Exception? inner) =>
        inner is OperationCanceledException or TimeoutException or HttpRequestException or Polly.Timeout.TimeoutRejectedException;

    private static string Later(TimeSpan? wait) => wait switch
    {
        null => "in a few minutes",
        { TotalMinutes: <= 1 } => "in a minute",
        { TotalHours: < 1 } w => string.Create(CultureInfo.InvariantCulture, $"in {Math.Ceiling(w.TotalMinutes):0} minutes"),
        { } w => string.Create(CultureInfo.InvariantCulture, $"in {Math.Ceiling(w.TotalHours):0} hours"),
    };
}
