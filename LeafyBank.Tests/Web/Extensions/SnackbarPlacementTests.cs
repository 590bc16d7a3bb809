using LeafyBank.Web.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace LeafyBank.Tests.Web.Extensions;

/// <summary>Where the app's snackbars appear: a place that covers no page's main action at 1280x800 or 390x844.</summary>
public sealed class SnackbarPlacementTests
{
    [Fact]
    public void Snackbars_appear_top_centre_clear_of_the_top_right_actions_and_the_bottom_rows_and_pager()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddLeafyBankWeb();
        using var services = builder.Services.BuildServiceProvider();

        var snackbars = services.GetRequiredService<IOptions<SnackbarConfiguration>>().Value;

        Assert.Equal(HostingExtensions.SnackbarPosition, snackbars.PositionClass);
        var classes = snackbars.PositionClass.Split(' ');
        Assert.Equal(Defaults.Classes.Position.TopCenter, classes[0]);
        // Full width, each snackbar centred in it: on a phone a snackbar takes the width, not MudBlazor's 288 px.
        Assert.Contains("mud-width-full", classes);
        Assert.Contains("align-center", classes);
    }
}
