using Bunit;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using LeafyBank.Core.Seeding;
using LeafyBank.Tests.Web;
using LeafyBank.Web.Components.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Tests.Components;

public sealed class HomePageTests : MudTestContext
{
    private readonly TempDataDirectory dataDirectory = new();
    private readonly SqliteDocumentStore store;

    public HomePageTests()
    {
        store = new SqliteDocumentStore(dataDirectory.Path);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        dataDirectory.Dispose();
    }

    [Fact]
    public void Shows_a_loading_state_until_the_store_answers()
    {
        var slowStore = new StubHealthStore(store);
        Services.AddSingleton<IDocumentStore>(slowStore);

        var cut = Render<Home>();

        Assert.NotNull(cut.Find("[data-testid=store-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=store-reachable]"));

        slowStore.Answer(new StoreHealth(StoreEngines.Embedded, store.Location, true, null, TimeSpan.FromMilliseconds(4)));

        cut.WaitForElement("[data-testid=store-reachable]");
        Assert.Empty(cut.FindAll("[data-testid=store-loading]"));
    }

    [Fact]
    public async Task Shows_the_engine_and_reachable_for_a_working_embedded_store()
    {
        await store.InitializeAsync(Xunit.TestContext.Current.CancellationToken);
        Services.AddSingleton<IDocumentStore>(store);

        var cut = Render<Home>();

        cut.WaitForElement("[data-testid=store-reachable]");
        Assert.Equal("embedded", cut.Find("[data-testid=store-engine]").TextContent.Trim());
        Assert.Contains("Reachable", cut.Find("[data-testid=store-reachable]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=store-unreachable]"));
    }

    [Fact]
    public void Shows_a_clear_message_when_the_store_is_unreachable()
    {
        Services.AddSingleton<IDocumentStore>(new StubHealthStore(store).AnswerUnreachable("unable to open database file"));

        var cut = Render<Home>();

        var alert = cut.WaitForElement("[data-testid=store-unreachable]");
        Assert.Contains("not reachable", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("unable to open database file", alert.TextContent, StringComparison.Ordinal);
        // Says what to do next, by the setting's name.
        Assert.Contains("LEAFYBANK_DATA_DIR", alert.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=store-reachable]"));
    }

    [Fact]
    public void Lists_every_demo_persona_with_display_name_and_user_name()
    {
        Services.AddSingleton<IDocumentStore>(store);

        var cut = Render<Home>();

        var personas = cut.FindAll("[data-testid=persona]");
        Assert.Equal(Personas.All.Count, personas.Count);
        foreach (var (persona, element) in Personas.All.Zip(personas))
        {
            Assert.Equal(persona.DisplayName, element.QuerySelector("[data-testid=persona-name]")?.TextContent.Trim());
            Assert.Equal(persona.UserName, element.QuerySelector("[data-testid=persona-username]")?.TextContent.Trim());
        }
        Assert.Contains("Frida Kahlo", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Explains_the_product_consent_and_storage()
    {
        Services.AddSingleton<IDocumentStore>(store);

        var cut = Render<Home>();

        var intro = cut.Find("section").TextContent;
        Assert.Contains("consent", intro, StringComparison.Ordinal);
        Assert.Contains("MongoDB", intro, StringComparison.Ordinal);
        Assert.Contains("embedded store", intro, StringComparison.Ordinal);
        Assert.Equal("Leafy Bank Open Finance", cut.Find("h1").TextContent.Trim());
    }
}
