using LeafyBank.DevIdentityProvider;
using LeafyBank.Web.Authentication;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>The development provider is its own project and does not read the app's settings: the two must still agree.</summary>
public sealed class DevIdentityUsersTests
{
    [Fact]
    public void The_development_analyst_carries_the_role_the_default_analyst_policy_asks_for() =>
        Assert.Contains(AnalystSettings.DefaultClaimValue, DevIdentityUsers.Analyst.Roles);
}
