namespace LeafyBank.Tests.Browser;

/// <summary>
/// The app for one browser test class: <see cref="LeafyBankWebFactory"/> on a loopback port from
/// the start, at Information (journeys do not read the logs). Each class has its own, in a fresh
/// data directory: journeys link banks and change consents, which a shared app would mix up.
/// </summary>
public sealed class BrowserApp() : LeafyBankWebFactory(new Dictionary<string, string>
{
    [ServeOnKestrelKey] = "true",
    [LogLevelKey] = "Information",
})
{
    private Task? linked;

    /// <summary>
    /// Runs <paramref name="link"/> unless a journey of this class already ran it to the end: banks linked once (linking
    /// through the pages is the slow part) and shared by the class's journeys, which only read what was linked. xunit runs
    /// a class's tests one at a time, so the first journey links and the next ones find it done (or, if it failed, link again).
    /// </summary>
    public Task LinkOnceAsync(Func<Task> link) => linked is { IsFaulted: false, IsCanceled: false } ? linked : linked = link();
}
