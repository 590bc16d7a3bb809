using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// How the data API accepts bearer tokens: issued by the sign-in authority (<c>LEAFYBANK_OIDC_AUTHORITY</c>
/// or the development identity provider) for the audience <c>LEAFYBANK_API_AUDIENCE</c>.
/// </summary>
public sealed record DataApiSettings(string Audience)
{
    public const string AudienceKey = "LEAFYBANK_API_AUDIENCE";
    public const string DefaultAudience = "leafybank-api";

    /// <summary>The scope a client asks for to call the API; the development provider issues tokens for it.</summary>
    public const string Scope = "leafybank.api";

    public static DataApiSettings FromConfiguration(IConfiguration configuration)
    {
        var audience = configuration[AudienceKey] is { Length: > 0 } configured ? configured.Trim() : DefaultAudience;
        if (audience.Any(char.IsWhiteSpace))
        {
            throw new ConfigurationException(AudienceKey, $"must be one audience value without spaces, e.g. {DefaultAudience} or api://leafybank (got '{audience}').");
        }
        return new DataApiSettings(audience);
    }
}
