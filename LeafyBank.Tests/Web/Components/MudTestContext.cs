using LeafyBank.Web.Components.Formatting;
using MudBlazor;
using MudBlazor.Services;

namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// bUnit with MudBlazor's services, loose JS interop (MudBlazor calls JS freely), no transitions,
/// and an anonymous user (tests sign one in with <c>Authorization.SetAuthorized(…)</c>).
/// </summary>
public abstract class MudTestContext : BunitContext
{
    protected BunitAuthorizationContext Authorization { get; }

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
    }
}
