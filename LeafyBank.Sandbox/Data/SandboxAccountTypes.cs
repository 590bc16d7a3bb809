namespace LeafyBank.Sandbox.Data;

/// <summary>
/// The banks' account types as ISO 20022 <c>ExternalCashAccountType1Code</c> values, the vocabulary Berlin Group's
/// <c>cashAccountType</c> and <c>restrictedTo</c> use (bg-psd2-1.3.12.json, <c>components/schemas/cashAccountType</c>:
/// "ExternalCashAccountType1Code from ISO 20022."): one place that says which code each holding has, for the accounts
/// Donau Bank lists and for the consent rule every bank applies (<see cref="Consents.ConsentCoverage"/>).
/// </summary>
public static class SandboxAccountTypes
{
    /// <summary>A current (checking) account.</summary>
    public const string Current = "CACC";

    /// <summary>A savings account.</summary>
    public const string Savings = "SVGS";

    /// <summary>A loan or a mortgage: both are loan accounts to the standard.</summary>
    public const string Loan = "LOAN";

    public static string Of(SandboxAccountKind kind) => kind == SandboxAccountKind.Savings ? Savings : Current;

    /// <summary>
    /// Whether a value has the shape of an ISO 20022 external code such as these: the published
    /// ExternalCashAccountType1Code values are all four capital letters.
    /// </summary>
    public static bool IsCode(string? value) => value is { Length: 4 } && value.All(char.IsAsciiLetterUpper);
}
