namespace LeafyBank.Web.Components.Layout;

// The logging half lives here: the logging source generator does not see Razor-generated code.
public sealed partial class ConnectionBanner
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection alerts could not be read; the banner is hidden until the next navigation")]
    private static partial void LogAlertsFailed(ILogger logger, Exception exception);
}
