namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// What a bank calls an account or loan, the number its customer knows it by and whose it is,
/// each as the dialect sends it (any may be missing).
/// </summary>
/// <param name="Name">The account's or product's own name (Berlin Group <c>name</c>, UK <c>Nickname</c>…).</param>
/// <param name="Identification">IBAN, sort code and account number, or the bank's account number.</param>
/// <param name="OwnerName">The account holder (Berlin Group <c>ownerName</c>, UK <c>Account[].Name</c>…).</param>
internal sealed record BankNaming(string? Name, string? Identification, string? OwnerName);
