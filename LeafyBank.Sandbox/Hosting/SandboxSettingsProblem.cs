using Microsoft.Extensions.Options;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// A missing or invalid sandbox setting, as the options framework reports one
/// (<see cref="OptionsValidationException"/>, its <c>OptionsName</c> the key) so the host reports it
/// as a configuration error like any other; the message names the key, as the app's do.
/// </summary>
internal static class SandboxSettingsProblem
{
    public static OptionsValidationException For(string key, string problem) =>
        new(key, typeof(SandboxSettings), [$"Configuration value {key} {problem}"]);
}
