namespace LeafyBank.Web.Authentication;

/// <summary>Claims Leafy Bank adds to a sign-in; they live in the server-side session, never in the cookie.</summary>
public static class CustomerClaims
{
    /// <summary>The customer's user id, resolved once at sign-in from the token's issuer and subject.</summary>
    public const string CustomerId = "leafy_customer_id";

    /// <summary>The key of the session the sign-in is stored under, for revalidating open circuits.</summary>
    public const string SessionKey = "leafy_session";
}
