namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// One sandbox host (two test accounts per customer, the stand-in data API) for every test class
/// of its collection: starting the banks (OpenIddict, keys, the store) is the slow part, and a
/// consent, a code or a token made by one test is never seen by another (each test makes its own
/// and takes its own browser from <see cref="NewSession"/>). Only classes that change nothing
/// shared belong here: a class that moves the clock, switches a bank's faults
/// (<c>SandboxFaults</c>) or restarts the banks starts its own <see cref="SandboxTestHost"/>.
/// </summary>
public sealed class SandboxWithTestAccounts : IAsyncLifetime
{
    public const string Collection = "Sandbox banks with test accounts";

    private SandboxTestHost? host;

    /// <summary>The shared banks behind a browser of the test's own.</summary>
    public SandboxTestHost NewSession() => host!.WithOwnBrowser();

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync();

    // Null when starting failed: xunit disposes the fixture all the same.
    public ValueTask DisposeAsync() => host?.DisposeAsync() ?? ValueTask.CompletedTask;
}

[CollectionDefinition(SandboxWithTestAccounts.Collection)]
public sealed class SandboxWithTestAccountsCollection : ICollectionFixture<SandboxWithTestAccounts>;
