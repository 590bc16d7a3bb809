namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// <see cref="MudTestContext"/> over a real embedded store in a temporary directory (initialised
/// before each test, closed and deleted after it), with the signed-in customer's services on it
/// (<see cref="CustomerCache"/>, <see cref="CurrentCustomer"/>).
/// </summary>
public abstract class StoreTestContext : MudTestContext, IAsyncLifetime
{
    private readonly TempDataDirectory directory = new();

    protected StoreTestContext()
    {
        Store = new SqliteDocumentStore(directory.Path);
        Services.AddSingleton<IDocumentStore>(Store);
        Services.AddSingleton(services => new CustomerCache(services.GetRequiredService<IDocumentStore>(), services.GetService<TimeProvider>() ?? TestTime.Frozen()));
        Services.AddScoped<CurrentCustomer>();
    }

    protected SqliteDocumentStore Store { get; }

    public virtual async ValueTask InitializeAsync() => await Store.InitializeAsync(Xunit.TestContext.Current.CancellationToken);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Store.DisposeAsync();
        directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
