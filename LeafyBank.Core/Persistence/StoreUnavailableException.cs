namespace LeafyBank.Core.Persistence;

/// <summary>
/// The document store did not answer or cannot be used, at start-up or at run time (each engine
/// translates its own failures into this): the message says which store and what to check, the
/// engine's exception is kept inside.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
