namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// One sandbox host for every test class of a collection that reads the banks at the frozen
/// instant and never moves the clock: starting the banks (OpenIddict, keys, the store) is the
/// slow part, and a consent, a code or a token made by one test is never seen by another (each
/// test makes its own and takes its own browser from <see cref="NewSession"/>). Tests that move
/// the clock or restart the banks start their own <see cref="SandboxTestHost"/>.
/// </summary>
public abstract class SharedSandbox(bool withBankBooks) : IAsyncLifetime
{
    private SandboxTestHost? host;

    /// <summary>The shared banks behind a browser of the test's own.</summary>
    public SandboxTestHost NewSession() => (host ?? throw new InvalidOperationException("The sandbox is not started.")).WithOwnBrowser();

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync(withBankBooks: withBankBooks);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>The banks with two test accounts per customer and the stand-in data API.</summary>
public sealed class SandboxWithTestAccounts() : SharedSandbox(withBankBooks: false)
{
    public const string Collection = "Sandbox banks with test accounts";
}

/// <summary>The banks with the customers' real books, so the dialect APIs serve data.</summary>
public sealed class SandboxWithBankBooks() : SharedSandbox(withBankBooks: true)
{
    public const string Collection = "Sandbox banks with the customers' books";
}

[CollectionDefinition(SandboxWithTestAccounts.Collection)]
public sealed class SandboxWithTestAccountsCollection : ICollectionFixture<SandboxWithTestAccounts>;

[CollectionDefinition(SandboxWithBankBooks.Collection)]
public sealed class SandboxWithBankBooksCollection : ICollectionFixture<SandboxWithBankBooks>;
