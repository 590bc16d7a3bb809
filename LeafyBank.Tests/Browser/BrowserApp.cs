namespace LeafyBank.Tests.Browser;

/// <summary>
/// The app for one browser test class: <see cref="LeafyBankWebFactory"/> on a loopback port from
/// the start, at Information (journeys do not read the logs). Each class has its own, in a fresh
/// data directory: journeys link banks and change consents, which a shared app would mix up. A class's
/// journeys share the banks they only read, linked once through the pages (<see cref="LeafyBankWebFactory.OnceAsync"/>).
/// </summary>
public sealed class BrowserApp() : LeafyBankWebFactory(new Dictionary<string, string>
{
    [ServeOnKestrelKey] = "true",
    [LogLevelKey] = "Information",
});
