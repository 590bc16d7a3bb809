namespace LeafyBank.Core.Customers;

/// <summary>
/// A customer's setting could not be saved although it was valid: the customer is gone, or their
/// settings kept changing elsewhere while this change was tried. The message is the customer's to read.
/// </summary>
public sealed class PreferencesNotSavedException(string message) : Exception(message);
