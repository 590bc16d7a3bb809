using Microsoft.Extensions.Logging;

namespace LeafyBank.Sandbox.Authorization;

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Authorization request refused: redirect_uri {RedirectUri} is neither registered nor the same-origin callback.")]
    public static partial void LogSandboxRedirectRefused(this ILogger logger, string redirectUri);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Consent {ConsentId} at {BankId} is now {Status}.")]
    public static partial void LogConsentStatus(this ILogger logger, string consentId, string bankId, string status);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Authorization request at {BankId} refused without a redirect, the customer sees the bank's error page: {Error} ({Description}).")]
    public static partial void LogAuthorizationErrorShown(this ILogger logger, string bankId, string error, string? description);
}
