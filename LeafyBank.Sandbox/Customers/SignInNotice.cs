namespace LeafyBank.Sandbox.Customers;

/// <summary>
/// Why a sign-in at the bank did not go through, for the sign-in page to say in plain words after
/// the redirect (Post/Redirect/Get): kept in the bank's session (<see cref="BankSession.FailedSignIn"/>),
/// never in the address.
/// </summary>
public enum SignInNotice
{
    UnknownCustomer,
    WrongPassword,
    CodeExpired,
    CodeTriesUsedUp,
    CodeNoLongerValid,
}
