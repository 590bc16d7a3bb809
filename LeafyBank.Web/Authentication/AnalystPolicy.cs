using LeafyBank.Core.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Who may see the cross-customer analytics: a signed-in user whose identity provider issued the
/// claim <c>LeafyBank:Analyst:ClaimType</c> (alias <c>LEAFYBANK_ANALYST_CLAIM_TYPE</c>, default
/// <c>role</c>) with the value <c>LeafyBank:Analyst:ClaimValue</c> (alias
/// <c>LEAFYBANK_ANALYST_CLAIM_VALUE</c>, default <c>analyst</c>). The claim comes from the
/// provider's id_token as it is (MapInboundClaims=false), so Entra ID's <c>roles</c>, Keycloak's or
/// Auth0's namespaced claims work by configuration alone.
/// </summary>
public sealed record AnalystSettings
{
    public const string Section = "LeafyBank:Analyst";
    public const string ClaimTypeKey = "LEAFYBANK_ANALYST_CLAIM_TYPE";
    public const string ClaimValueKey = "LEAFYBANK_ANALYST_CLAIM_VALUE";
    public const string DefaultClaimType = "role";
    public const string DefaultClaimValue = "analyst";

    private string claimType = DefaultClaimType;
    private string claimValue = DefaultClaimValue;

    public AnalystSettings()
    {
    }

    public AnalystSettings(string claimType, string claimValue) => (ClaimType, ClaimValue) = (claimType, claimValue);

    // Empty means unset, as for every other setting (a .env line "KEY=" or an overridden test setting).
    public string ClaimType
    {
        get => claimType;
        set => claimType = string.IsNullOrEmpty(value) ? DefaultClaimType : value;
    }

    public string ClaimValue
    {
        get => claimValue;
        set => claimValue = string.IsNullOrEmpty(value) ? DefaultClaimValue : value;
    }

    public static AnalystSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<AnalystSettings, AnalystSettingsValidator>(configuration, Section);
}

public sealed class AnalystSettingsValidator : SettingsValidator<AnalystSettings>
{
    public override void Check(AnalystSettings options)
    {
        Trimmed(AnalystSettings.ClaimTypeKey, options.ClaimType, "type", AnalystSettings.DefaultClaimType);
        Trimmed(AnalystSettings.ClaimValueKey, options.ClaimValue, "value", AnalystSettings.DefaultClaimValue);
    }

    private static void Trimmed(string key, string value, string what, string fallback)
    {
        if (value.Trim() is not { Length: > 0 } trimmed || trimmed != value)
        {
            throw new ConfigurationException(key, $"must be a non-empty claim {what} without surrounding spaces (got '{value}'); leave it unset for '{fallback}'.");
        }
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
        var settings = builder.Services.AddValidatedSettings<AnalystSettings, AnalystSettingsValidator>(builder.Configuration, AnalystSettings.Section);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Name, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(settings.ClaimType, settings.ClaimValue));
        builder.Services.Configure<CookieAuthenticationOptions>(AuthenticationExtensions.CookieScheme,
            options => options.AccessDeniedPath = AccessDeniedPath);
        return builder;
    }
}
