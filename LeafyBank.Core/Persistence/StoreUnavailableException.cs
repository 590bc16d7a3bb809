namespace LeafyBank.Core.Persistence;

/// <summary>The document store did not answer (start-up, health): the message says which store and what to check.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
