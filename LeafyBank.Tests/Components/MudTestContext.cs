using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace LeafyBank.Tests.Components;

/// <summary>bUnit with MudBlazor's services, loose JS interop (MudBlazor calls JS freely) and no transitions.</summary>
public abstract class MudTestContext : BunitContext
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
    }
}
