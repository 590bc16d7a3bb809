namespace LeafyBank.Core.Banking.Authorization;

/// <summary>What became of a request to remove the data of one account or loan its bank no longer shares.</summary>
public enum UnsharedRemovalOutcome
{
    /// <summary>The account (with its transactions) or the loan is gone from Leafy Bank.</summary>
    Removed,
    /// <summary>Nothing was removed: the bank still shares it, so the next update would bring it back.</summary>
    StillShared,
    /// <summary>Nothing was removed: none of the customer's accounts or loans has this reference (another's, made up, or already removed).</summary>
    NotFound,
}

/// <summary>
/// The answer of <see cref="ConnectionService.RemoveUnsharedDataAsync"/>: the outcome, the account or loan as the customer
/// knows it (<see cref="Label"/>: "Instant Saver •••• 9907") and its bank's name, and how many of its transactions went.
/// </summary>
public sealed record UnsharedDataRemoval(UnsharedRemovalOutcome Outcome, string Label = "", string BankName = "", bool IsLoan = false, long Transactions = 0)
{
    public static readonly UnsharedDataRemoval NotFound = new(UnsharedRemovalOutcome.NotFound);

    /// <summary>What happened, in the customer's words, for the page that asked.</summary>
    public string Message => Outcome switch
    {
        UnsharedRemovalOutcome.Removed => $"The data of {Label} was removed from Leafy Bank. {BankName} keeps the {(IsLoan ? "loan" : "account")}.",
        UnsharedRemovalOutcome.StillShared =>
            $"{BankName} still shares {Label} with Leafy Bank, so its data was kept: the next update would bring it back. To remove it, stop sharing it at {BankName} first (Change what you share).",
        _ => "None of your accounts or loans matches this one: it may have been removed already. Nothing was changed.",
    };
}
