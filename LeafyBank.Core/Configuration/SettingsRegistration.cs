using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeafyBank.Core.Configuration;

/// <summary>The one way settings are read: bound from their section, checked by their validator.</summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> bound from <paramref name="section"/> with its
    /// validator and ValidateOnStart, resolvable as <c>IOptions&lt;TOptions&gt;</c> and as itself, and
    /// returns it bound and checked now, for registrations that depend on it (which engine, which
    /// provider). Throws <see cref="ConfigurationException"/> naming the key of a bad value.
    /// </summary>
    /// <param name="complete">Fills in what is not under the section (a key shared with another concern), before the check.</param>
    public static TOptions AddValidatedSettings<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section,
        Action<TOptions, IConfiguration>? complete = null)
        where TOptions : class, new()
        where TValidator : SettingsValidator<TOptions>, new()
    {
        var settings = Read<TOptions, TValidator>(configuration, section, complete);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        // Bound through the aliases even where the host did not add them (a test's or a tool's host).
        services.AddOptions<TOptions>()
            .Configure<IConfiguration>((options, root) =>
            {
                var aliased = WithFlatKeyAliases(root);
                aliased.GetSection(section).Bind(options);
                complete?.Invoke(options, aliased);
            })
            .ValidateOnStart();
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<TOptions>>().Value);
        return settings;
    }

    /// <summary>Binds <paramref name="section"/> (flat aliases included) and checks it; throws <see cref="ConfigurationException"/>.</summary>
    public static TOptions Read<TOptions, TValidator>(IConfiguration configuration, string section,
        Action<TOptions, IConfiguration>? complete = null)
        where TOptions : class, new()
        where TValidator : SettingsValidator<TOptions>, new()
    {
        var aliased = WithFlatKeyAliases(configuration);
        var values = aliased.GetSection(section);
        CheckScalars(typeof(TOptions), values);
        TOptions settings;
        try
        {
            settings = values.Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key and the type, not the value.
            throw new ConfigurationException(section, $"could not be read: {exception.Message}");
        }
        complete?.Invoke(settings, aliased);
        new TValidator().Check(settings);
        return settings;
    }

    /// <summary>The configuration as the app sees it: the flat names answer for their section keys.</summary>
    public static IConfiguration WithFlatKeyAliases(IConfiguration configuration)
    {
        if (configuration is IConfigurationRoot root && root.Providers.Any(provider => provider.GetType().DeclaringType == typeof(FlatKeyAliasConfigurationSource)))
        {
            return configuration;
        }
        return new ConfigurationBuilder()
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .Add(new FlatKeyAliasConfigurationSource(configuration))
            .Build();
    }

    /// <summary>
    /// Numbers, switches and URLs get a plain message naming the key instead of the binder's; a
    /// property's <see cref="DescriptionAttribute"/> says what is expected (e.g. "a whole number of at least 2").
    /// </summary>
    private static void CheckScalars(Type type, IConfigurationSection values)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite))
        {
            var text = values[property.Name];
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var described = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
            var problem = valueType == typeof(bool) && !bool.TryParse(text.Trim(), out _) ? "must be true or false"
                : valueType == typeof(int) && !int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? "must be a whole number"
                : valueType == typeof(Uri) && !Uri.TryCreate(text.Trim(), UriKind.Absolute, out _) ? "must be an absolute URL"
                : null;
            if (problem is not null)
            {
                problem = described is null ? problem : $"must be {described}";
                throw new ConfigurationException(ConfigurationKeys.FlatName(values.Path + ConfigurationPath.KeyDelimiter + property.Name), $"{problem} (got '{text}').");
            }
        }
    }
}
