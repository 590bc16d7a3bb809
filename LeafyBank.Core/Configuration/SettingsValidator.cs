using Microsoft.Extensions.Options;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// Checks one options class. <see cref="Check"/> throws a <see cref="ConfigurationException"/>
/// naming the key of the first bad value (never echoing a credential); as an
/// <see cref="IValidateOptions{TOptions}"/> the same check runs at start-up (ValidateOnStart).
/// </summary>
public abstract class SettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public abstract void Check(TOptions options);

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            Check(options);
            return ValidateOptionsResult.Success;
        }
        catch (ConfigurationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
