namespace LeafyBank.Core.Notifications;

/// <summary>The server offers no change feed (a standalone MongoDB server, or a server that only speaks its wire protocol).</summary>
public sealed class ChangeFeedUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
