namespace LeafyBank.Core.Domain;

/// <summary>
/// How an account or a loan is named to a customer: the bank's own name when it sent one,
/// else its type in words ("Current account") — never an identifier — and its number masked
/// to the last four characters.
/// </summary>
public static class AccountWords
{
    /// <summary>The mask before the last four characters of a number: "•••• 1234".</summary>
    public const string MaskPrefix = "•••• ";

    public static string Type(string accountOrProductType) => accountOrProductType switch
    {
        AccountTypes.Checking => "Current account",
        AccountTypes.Savings => "Savings account",
        ProductTypes.Loan => "Loan",
        ProductTypes.Mortgage => "Mortgage",
        { Length: 0 } => "Account",
        // A type we have no words for yet: the bank's word, as a sentence ("CreditCard" stays readable enough).
        var other => char.ToUpperInvariant(other[0]) + other[1..],
    };

    public static string Name(ExternalAccount account) => Name(account.AccountName, account.AccountType);

    public static string Name(ExternalProduct product) => Name(product.ProductName, product.ProductType);

    /// <summary>
    /// The bank's own name (<paramref name="bankName"/>) when it sent one, else the type in words: the one rule for a
    /// figure that carries only the two, such as a loan in the position.
    /// </summary>
    public static string Name(string? bankName, string accountOrProductType) => Named(bankName) ?? Type(accountOrProductType);

    public static string Name(InternalAccount account) => Type(account.AccountType);

    /// <summary>
    /// The last four letters or digits of a number in upper case, spaces and dashes left out ("DE89 3704 …3000" → "•••• 3000").
    /// A number of four or fewer characters is marked the same way ("4484" → "•••• 4484"): the dots say "a number ending
    /// in", and without them "Home Mortgage 4484" beside "Checking •••• 3879" reads as part of the name.
    /// </summary>
    public static string Masked(string? number)
    {
        // Upper case, as IBANs and card numbers are printed; an id's "acc1" reads as "ACC1".
        var characters = (number ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray();
        if (characters.Length == 0)
        {
            return "";
        }
        return MaskPrefix + new string(characters[^Math.Min(4, characters.Length)..]);
    }

    /// <summary>
    /// "Girokonto •••• 1234": the name and the masked number, the one label for an account or a
    /// loan wherever a page names it in one line. The mask is held to its digits by a no-break
    /// space, so a narrow card never wraps "••••" away from them.
    /// </summary>
    public static string Label(string name, string maskedNumber) =>
        maskedNumber.Length == 0 ? name : $"{name} {maskedNumber.Replace(' ', '\u00A0')}";

    public static string Label(ExternalAccount account) => Label(Name(account), Masked(Number(account)));

    public static string Label(ExternalProduct product) => Label(Name(product), Masked(Number(product)));

    public static string Label(InternalAccount account) => Label(Name(account), Masked(account.AccountNumber));

    /// <summary>The account's number as the customer knows it, else the bank's id for it.</summary>
    public static string Number(ExternalAccount account) => Named(account.AccountIdentification) ?? account.AccountId;

    public static string Number(ExternalProduct product) => Named(product.ProductIdentification) ?? product.ProductId;

    private static string? Named(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
