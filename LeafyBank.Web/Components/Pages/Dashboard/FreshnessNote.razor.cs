namespace LeafyBank.Web.Components.Pages.Dashboard;

// The logging half lives here: the logging source generator does not see Razor-generated code.
public sealed partial class FreshnessNote
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection states for the freshness note could not be read; it shows what the position knows")]
    private static partial void LogConnectionsFailed(ILogger logger, Exception exception);
}
