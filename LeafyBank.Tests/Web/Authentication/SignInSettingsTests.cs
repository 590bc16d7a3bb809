namespace LeafyBank.Tests.Web.Authentication;

public sealed class SignInSettingsTests
{
    private static SignInSettings Read(params (string Key, string Value)[] values) =>
        SignInSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build());

    [Fact]
    public void Without_an_authority_the_development_provider_signs_customers_in()
    {
        var settings = Read();

        Assert.True(settings.UsesDevIdentityProvider);
        Assert.Null(settings.Authority);
        Assert.Equal(SignInSettings.DefaultDevClientId, settings.ClientId);
        Assert.Equal(["openid", "profile"], settings.Scopes);
        Assert.Equal(new Uri("http://localhost:5081"), settings.DevIdentityProviderUrl);
    }

    [Fact]
    public void A_configured_provider_switches_the_development_provider_off_unless_asked_for()
    {
        var real = Read((SignInSettings.AuthorityKey, "https://login.example.com/tenant/v2.0"), (SignInSettings.ClientIdKey, "leafy"),
            (SignInSettings.ClientSecretKey, "s3cret"), (SignInSettings.ScopesKey, "openid profile email"));
        var both = Read((SignInSettings.AuthorityKey, "https://login.example.com/"), (SignInSettings.ClientIdKey, "leafy"),
            (SignInSettings.DevIdentityProviderKey, "true"));

        Assert.False(real.UsesDevIdentityProvider);
        Assert.Equal("leafy", real.ClientId);
        Assert.Equal("s3cret", real.ClientSecret);
        Assert.Equal(["openid", "profile", "email"], real.Scopes);
        Assert.True(both.UsesDevIdentityProvider);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_a_missing_authority_stops_startup_unless_the_development_provider_is_asked_for_by_name(string environment)
    {
        var outside = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        var forgotten = Assert.Throws<ConfigurationException>(() => Read().CheckProviderChosenFor(outside));

        Assert.Equal(SignInSettings.AuthorityKey, forgotten.Key);
        Assert.Contains($"in the {environment} environment", forgotten.Message, StringComparison.Ordinal);
        Assert.Contains($"{SignInSettings.DevIdentityProviderKey}=true", forgotten.Message, StringComparison.Ordinal);
        Read((SignInSettings.DevIdentityProviderKey, "true")).CheckProviderChosenFor(outside);
        Read((SignInSettings.AuthorityKey, "https://login.example.com/"), (SignInSettings.ClientIdKey, "leafy")).CheckProviderChosenFor(outside);
        // dotnet run (Development) signs in with nothing set.
        Read().CheckProviderChosenFor(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
    }

    [Fact]
    public void First_sign_ins_are_linked_by_user_name_only_with_the_development_provider_unless_the_operator_says_otherwise()
    {
        const string Authority = "https://login.example.com/";

        Assert.True(Read().LinksFirstSignInByUserName);
        Assert.False(Read((SignInSettings.AuthorityKey, Authority), (SignInSettings.ClientIdKey, "leafy")).LinksFirstSignInByUserName);
        Assert.True(Read((SignInSettings.AuthorityKey, Authority), (SignInSettings.ClientIdKey, "leafy"), (SignInSettings.LinkByUserNameKey, "true"))
            .LinksFirstSignInByUserName);
        Assert.False(Read((SignInSettings.LinkByUserNameKey, "false")).LinksFirstSignInByUserName);
    }

    [Fact]
    public void In_a_container_the_development_provider_listens_on_all_interfaces_but_keeps_its_public_address()
    {
        var settings = Read((SignInSettings.DevIdentityProviderBindKey, "http://0.0.0.0:5081"));

        Assert.Equal(new Uri("http://0.0.0.0:5081"), settings.DevIdentityProviderBindUrl);
        Assert.Equal(new Uri("http://localhost:5081"), settings.DevIdentityProviderUrl);
        Assert.Null(Read().DevIdentityProviderBindUrl);
    }

    public static TheoryData<string, (string, string)[]> InvalidSettings => new()
    {
        { SignInSettings.AuthorityKey, [(SignInSettings.AuthorityKey, "not a url")] },
        { SignInSettings.AuthorityKey, [(SignInSettings.AuthorityKey, "http://login.example.com/"), (SignInSettings.ClientIdKey, "leafy")] },
        { SignInSettings.AuthorityKey, [(SignInSettings.DevIdentityProviderKey, "false")] },
        { SignInSettings.ClientIdKey, [(SignInSettings.AuthorityKey, "https://login.example.com/")] },
        { SignInSettings.ScopesKey, [(SignInSettings.ScopesKey, "profile email")] },
        { SignInSettings.DevIdentityProviderKey, [(SignInSettings.DevIdentityProviderKey, "yes")] },
        { SignInSettings.LinkByUserNameKey, [(SignInSettings.LinkByUserNameKey, "sometimes")] },
        { SignInSettings.DevIdentityProviderUrlKey, [(SignInSettings.DevIdentityProviderUrlKey, "http://192.0.2.10:5081")] },
        { SignInSettings.DevIdentityProviderUrlKey, [(SignInSettings.DevIdentityProviderUrlKey, "https://localhost:5081")] },
        { SignInSettings.DevIdentityProviderUrlKey, [(SignInSettings.DevIdentityProviderUrlKey, "localhost:5081")] },
        { SignInSettings.DevIdentityProviderBindKey, [(SignInSettings.DevIdentityProviderBindKey, "http://all-interfaces:5081")] },
        { SignInSettings.DevIdentityProviderBindKey, [(SignInSettings.DevIdentityProviderBindKey, "http://0.0.0.0")] },
        { SignInSettings.DevIdentityProviderBindKey, [(SignInSettings.DevIdentityProviderBindKey, "http://0.0.0.0:5081"), (SignInSettings.DevIdentityProviderUrlKey, "http://127.0.0.1:0")] },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_fail_naming_the_key(string key, (string, string)[] values)
    {
        var exception = Assert.Throws<ConfigurationException>(() => Read(values));

        Assert.Equal(key, exception.Key);
        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "/dashboard")]
    [InlineData("", "/dashboard")]
    [InlineData("/", "/")]
    [InlineData("/dashboard?tab=1", "/dashboard?tab=1")]
    [InlineData("https://evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("dashboard", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/\r\nLocation: https://evil.example", "/")]
    public void Return_urls_are_local_paths_only(string? returnUrl, string expected) =>
        Assert.Equal(expected, ReturnUrls.Local(returnUrl, whenMissing: "/dashboard"));
}
