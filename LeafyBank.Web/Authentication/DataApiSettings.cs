using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// How the data API accepts bearer tokens: issued by the sign-in authority (<c>LEAFYBANK_OIDC_AUTHORITY</c>
/// or the development identity provider) for the audience <c>LeafyBank:DataApi:Audience</c>
/// (alias <c>LEAFYBANK_API_AUDIENCE</c>).
/// </summary>
public sealed class DataApiSettings
{
    public const string Section = "LeafyBank:DataApi";
    public const string AudienceKey = "LEAFYBANK_API_AUDIENCE";
    public const string DefaultAudience = "leafybank-api";

    /// <summary>The scope a client asks for to call the API; the development provider issues tokens for it.</summary>
    public const string Scope = "leafybank.api";

    private string audience = DefaultAudience;

    public string Audience
    {
        get => audience;
        set => audience = string.IsNullOrWhiteSpace(value) ? DefaultAudience : value.Trim();
    }

    public static DataApiSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<DataApiSettings, DataApiSettingsValidator>(configuration, Section);
}

public sealed class DataApiSettingsValidator : SettingsValidator<DataApiSettings>
{
    public override void Check(DataApiSettings options)
    {
        if (options.Audience.Any(char.IsWhiteSpace))
        {
            throw new ConfigurationException(DataApiSettings.AudienceKey,
                $"must be one audience value without spaces, e.g. {DataApiSettings.DefaultAudience} or api://leafybank (got '{options.Audience}').");
        }
    }
}
