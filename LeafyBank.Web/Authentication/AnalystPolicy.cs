using LeafyBank.Core.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Who may see the cross-customer analytics: a signed-in user whose identity provider issued the
/// claim <c>LEAFYBANK_ANALYST_CLAIM_TYPE</c> (default <c>role</c>) with the value
/// <c>LEAFYBANK_ANALYST_CLAIM_VALUE</c> (default <c>analyst</c>). The claim comes from the
/// provider's id_token as it is (MapInboundClaims=false), so Entra ID's <c>roles</c>, Keycloak's or
/// Auth0's namespaced claims work by configuration alone.
/// </summary>
public sealed record AnalystSettings(string ClaimType, string ClaimValue)
{
    public const string ClaimTypeKey = "LEAFYBANK_ANALYST_CLAIM_TYPE";
    public const string ClaimValueKey = "LEAFYBANK_ANALYST_CLAIM_VALUE";
    public const string DefaultClaimType = "role";
    public const string DefaultClaimValue = "analyst";

    public static AnalystSettings FromConfiguration(IConfiguration configuration) =>
        new(Read(configuration, ClaimTypeKey, DefaultClaimType), Read(configuration, ClaimValueKey, DefaultClaimValue));

    private static string Read(IConfiguration configuration, string key, string fallback)
    {
        var value = configuration[key];
        // Empty means unset, as for every other setting (a .env line "KEY=" or an overridden test setting).
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        return value.Trim() is { Length: > 0 } trimmed && trimmed == value
            ? value
            : throw new ConfigurationException(key, $"must be a non-empty claim {(key == ClaimTypeKey ? "type" : "value")} without surrounding spaces (got '{value}'); leave it unset for '{fallback}'.");
    }
}

public static class AnalystPolicy
{
    public const string Name = "Analyst";

    /// <summary>Where a signed-in user lands when a page is not for them (instead of the cookie handler's default /Account/AccessDenied).</summary>
    public const string AccessDeniedPath = "/access-denied";

    /// <summary>Registers the "Analyst" policy from <see cref="AnalystSettings"/>. Throws <see cref="ConfigurationException"/> naming a bad key.</summary>
    public static WebApplicationBuilder AddAnalystPolicy(this WebApplicationBuilder builder)
    {
        var settings = AnalystSettings.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Name, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(settings.ClaimType, settings.ClaimValue));
        builder.Services.Configure<CookieAuthenticationOptions>(AuthenticationExtensions.CookieScheme,
            options => options.AccessDeniedPath = AccessDeniedPath);
        return builder;
    }
}
