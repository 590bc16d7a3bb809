namespace LeafyBank.Core.Banking.Authorization;

/// <summary>What a customer chose on the review for one attempt: the kinds of data to share, and for how many days.</summary>
public sealed record ConnectionChoices(IReadOnlyList<string> Permissions, int ValidityDays);
