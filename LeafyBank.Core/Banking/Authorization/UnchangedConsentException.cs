namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// A new consent was asked for at a bank where the customer's live consent already shares the same
/// data until the same day or later (<see cref="ConsentChange.ChangesNothing"/>). Not a bank failure:
/// the bank was never asked. The message says what the current consent covers and what to do instead.
/// </summary>
public sealed class UnchangedConsentException(string message) : InvalidOperationException(message);
