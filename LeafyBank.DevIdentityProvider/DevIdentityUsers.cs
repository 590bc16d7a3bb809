using LeafyBank.Core.Seeding;

namespace LeafyBank.DevIdentityProvider;

/// <summary>
/// Who can sign in at the development identity provider: the four demo customers, and Ana Lytics,
/// a Leafy Bank analyst. The analyst is staff, not a customer (no <c>users</c> document, no
/// accounts); her tokens carry <c>role: analyst</c>, which the app's default analyst policy
/// looks for (a test holds the two to the same value).
/// </summary>
internal static class DevIdentityUsers
{
    /// <summary>The role value the analyst's tokens carry.</summary>
    public const string AnalystRole = "analyst";

    public static readonly DevIdentityUser Analyst =
        new(DevIdentityProviderHost.AnalystUserName, "leafybank-staff-analyst", "Ana", "Lytics", "Analyst (staff, sees cross-customer analytics)", [AnalystRole]);

    public static readonly IReadOnlyList<DevIdentityUser> All =
    [
        .. Personas.All.Select(p => new DevIdentityUser(p.UserName, p.UserId, p.FirstName, p.LastName, "Customer", [])),
        Analyst,
    ];
}

/// <summary>One account at the development provider; <see cref="Subject"/> is the <c>sub</c> claim (a customer's user id).</summary>
internal sealed record DevIdentityUser(string UserName, string Subject, string FirstName, string LastName, string Description, IReadOnlyList<string> Roles)
{
    public string DisplayName => $"{FirstName} {LastName}";
}
