using System.Security.Claims;
using LeafyBank.Web.Components.Formatting;
using MudBlazor;
using MudBlazor.Services;

namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// bUnit with MudBlazor's services, loose JS interop (MudBlazor calls JS freely), no transitions,
/// and an anonymous user (tests sign one in with <see cref="SignInCustomer"/> or <c>Authorization.SetAuthorized(…)</c>),
/// over a real embedded store in a temporary directory (initialised before each test, closed and
/// deleted after it) with the signed-in customer's services on it (<see cref="CustomerCache"/>, <see cref="CurrentCustomer"/>, <see cref="CustomerPreferences"/>).
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    private readonly TempDataDirectory directory = new();

    protected BunitAuthorizationContext Authorization { get; }

    protected SqliteDocumentStore Store { get; }

    protected MudTestContext()
    {
        Authorization = AddAuthorization();
        // bUnit's one-second default for WaitFor* is tight when CI's two cores also run browser journeys;
        // a wait that succeeds returns at once, so only a real failure pays the longer wait.
        DefaultWaitTimeout = TimeSpan.FromSeconds(5);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        // Pages write moments in the customer's time zone; a test that registers no clock still never reads the wall clock.
        Services.AddScoped(services => new CustomerTimeZone(services.GetService<TimeProvider>() ?? TestTime.Frozen()));
        Store = new SqliteDocumentStore(directory.Path);
        Services.AddSingleton<IDocumentStore>(Store);
        Services.AddSingleton(services => new CustomerCache(services.GetRequiredService<IDocumentStore>(), services.GetService<TimeProvider>() ?? TestTime.Frozen()));
        Services.AddScoped<CurrentCustomer>();
        Services.AddSingleton(services => new CustomerPreferences(services.GetRequiredService<IDocumentStore>(), ExchangeRates.Default, services.GetRequiredService<CustomerCache>()));
        // Signed in at the development provider, as the suite's app is (the pages' word to someone who is not a customer depends on it).
        Services.AddSingleton(new SignInSettings());
    }

    /// <summary>
    /// Signs a seeded persona in as the app's sign-in does: the display name plus the customer id
    /// resolved from the token's issuer and subject (components never find a customer by name).
    /// </summary>
    protected void SignInCustomer(string userName)
    {
        Authorization.SetAuthorized(userName);
        Authorization.SetClaims(new Claim(CustomerClaims.CustomerId, Personas.All.Single(p => p.UserName == userName).UserId));
    }

    /// <summary>Someone the identity provider knows but Leafy Bank has no customer for (no customer id in the sign-in).</summary>
    protected void SignInNonCustomer(string userName)
    {
        Authorization.SetAuthorized(userName);
        Authorization.SetClaims();
    }

    /// <summary>
    /// <typeparamref name="TPage"/> inside the popover, dialog and snackbar providers the layout gives every page, for the tests
    /// that open its dialogs or read its snackbars; <paramref name="parameters"/> are the page's own (a route value).
    /// </summary>
    protected IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderWithProviders<TPage>(IReadOnlyDictionary<string, object?>? parameters = null)
        where TPage : IComponent => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<TPage>(3);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
        {
            builder.AddComponentParameter(4, name, value);
        }
        builder.CloseComponent();
    });

    public virtual async ValueTask InitializeAsync() => await Store.InitializeAsync(Xunit.TestContext.Current.CancellationToken);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Store.DisposeAsync();
        directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
