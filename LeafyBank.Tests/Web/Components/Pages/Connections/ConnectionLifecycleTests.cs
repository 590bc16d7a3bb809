using MudBlazor;
using ConnectionsPage = LeafyBank.Web.Components.Pages.Connections.Connections;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// The connection cards after each way a connection ends: revoked at the bank, disconnected with
/// the data kept read-only, the data deleted, the consent run out, the bank erring; each with its
/// one action, true dates and the accounts stored now. And the page reads its data once.
/// </summary>
public sealed class ConnectionLifecycleTests : PersonasTestContext
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var cut = RenderWithProviders<ConnectionsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connections-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private async Task EndAsync(BankDirectoryEntry bank, string status, DateTime at)
    {
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(Frida.UserId, c => c.Bank == bank.Id, Cancel)).Single();
        consent.Status = status;
        consent.StatusChangedAt = at;
        await consents.UpsertAsync(consent, Cancel);
    }

    [Fact]
    public async Task A_consent_revoked_at_the_bank_offers_reconnect_with_no_future_expiry_and_keeps_the_accounts()
    {
        await ConnectedAsync(GreenBank, daysLeft: 170, lastError: "Green Bank no longer accepts Leafy Bank's access.", lastSuccess: Now.AddDays(-2));
        await LinkedDataAsync(GreenBank, Frida);
        await EndAsync(GreenBank, ConsentStatuses.RevokedByPsu, Now.AddHours(-3));

        var card = RenderPage().Find("[data-testid=connection-greenbank]");

        Assert.Equal("Revoked", card.GetAttribute("data-status"));
        Assert.Equal("Revoked at the bank", card.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Null(card.QuerySelector("[data-testid=expires]"));
        Assert.DoesNotContain("days left", card.TextContent, StringComparison.Ordinal);
        Assert.Null(card.QuerySelector("[data-testid=sync-now]"));
        Assert.Equal("Reconnect", card.QuerySelector("[data-testid=reconnect]")!.TextContent.Trim());
        Assert.Equal(Day(Now.AddHours(-3)), card.QuerySelector("[data-testid=ended]")!.TextContent.Trim());
        Assert.Equal($"{Moment(Now.AddDays(-2))} · no longer updated", card.QuerySelector("[data-testid=data-as-of]")!.TextContent.Trim());
        Assert.Equal(["Current account ••••\u00A0ACC1"], card.QuerySelectorAll("[data-testid=account]").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task Disconnected_with_the_data_kept_is_read_only_with_its_end_date_and_offers_to_delete_the_data()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddDays(-1));
        await LinkedDataAsync(GreenBank, Frida);
        await EndAsync(GreenBank, ConsentStatuses.TerminatedByTpp, Now.AddHours(-5));
        // A disconnect removes the sync state; the stored documents say when they were read.
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(Frida.UserId, s => s.Bank == GreenBank.Id, Cancel);

        var cut = RenderPage();
        var card = cut.Find("[data-testid=connection-greenbank]");

        Assert.Equal("ReadOnly", card.GetAttribute("data-status"));
        Assert.Equal("Disconnected, read-only", card.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Equal(Day(Now.AddHours(-5)), card.QuerySelector("[data-testid=ended]")!.TextContent.Trim());
        Assert.Null(card.QuerySelector("[data-testid=last-success]"));
        Assert.Null(card.QuerySelector("[data-testid=expires]"));
        Assert.DoesNotContain("Not yet", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("Delete this bank's data", card.QuerySelector("[data-testid=delete-data]")!.TextContent.Trim());
        Assert.Equal("Connect again", card.QuerySelector("[data-testid=reconnect]")!.TextContent.Trim());

        // Delete the data: asked first, then the card says nothing is kept, and counts from what is stored now.
        // Not awaited: the handler waits for the customer's answer in the dialog.
        cut.Find("[data-testid=connection-greenbank] [data-testid=delete-data]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Delete your Green Bank data?", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        // Permanent, so it looks it: filled in the error colour, as the Disconnect dialog's "Delete data now", unlike Cancel.
        var confirm = cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Delete the data", StringComparison.Ordinal));
        Assert.Contains("mud-button-filled-error", confirm.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-button-filled", cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").ClassName, StringComparison.Ordinal);
        confirm.Click();

        cut.WaitForAssertion(() => Assert.Equal("Deleted", cut.Find("[data-testid=connection-greenbank]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        var deleted = cut.Find("[data-testid=connection-greenbank]");
        Assert.Equal("None kept in Leafy Bank", deleted.QuerySelector("[data-testid=accounts]")!.TextContent.Trim());
        Assert.Empty(deleted.QuerySelectorAll("[data-testid=account]"));
        Assert.Null(deleted.QuerySelector("[data-testid=delete-data]"));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(Frida.UserId, cancellationToken: Cancel));
        var audit = (await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Frida.UserId, e => e.Kind == AuditKinds.DataDeleted, Cancel)).Single();
        Assert.Equal("Deleted 1 account, 1 loan or mortgage and 1 transaction from Green Bank.", audit.Detail);
    }

    [Fact]
    public async Task A_live_connection_lists_the_shared_accounts_and_its_data_cannot_be_deleted_from_under_it()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddHours(-1));
        await LinkedDataAsync(GreenBank, Frida);

        var cut = Render<ConnectionsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connections-loading]")), TimeSpan.FromSeconds(10));
        var card = cut.Find("[data-testid=connection-greenbank]");

        Assert.Equal(["Current account ••••\u00A0ACC1"], card.QuerySelectorAll("[data-testid=account]").Select(a => a.TextContent.Trim()));
        // Loans and mortgages by name too, as the bank listed them among the accounts to share.
        Assert.Equal(["Loan ••••\u00A0OAN1"], card.QuerySelectorAll("[data-testid=loan]").Select(l => l.TextContent.Trim()));
        Assert.Null(card.QuerySelector("[data-testid=delete-data]"));
        await cut.InvokeAsync(() => cut.Instance.DeleteDataAsync(GreenBank.Id));
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Accounts_refused_as_someone_elses_offer_disconnect_and_connect_again_and_never_try_again()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastError: "The accounts Green Bank shared are not in your name (Frida Kahlo), so Leafy Bank did not store them.");
        var states = Store.Collection(OpenFinanceCollections.SyncStates);
        var state = (await states.FindByKeyAsync([Frida.UserId, GreenBank.Id], Cancel))!;
        state.LastFailureKind = nameof(BankFailureKind.NotTheCustomersAccounts);
        state.NextAllowedAt = null;
        await states.UpsertAsync(state, Cancel);

        var page = RenderPage();
        var card = page.Find("[data-testid=connection-greenbank]");

        Assert.Equal("AccountsRefused", card.GetAttribute("data-status"));
        Assert.Equal("Not your accounts", card.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Contains("someone else's name", card.QuerySelector("[data-testid=explanation]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Disconnect", card.QuerySelector("[data-testid=disconnect]")!.TextContent.Trim());
        Assert.Equal("Connect again", card.QuerySelector("[data-testid=reconnect]")!.TextContent.Trim());
        Assert.EndsWith("connections/new?bank=greenbank", card.QuerySelector("[data-testid=reconnect]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Null(card.QuerySelector("[data-testid=sync-now]"));
        Assert.Null(card.QuerySelector("[data-testid=renew]"));
        Assert.DoesNotContain("Try again", card.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Sync now", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("Stopped", card.QuerySelector("[data-testid=next-allowed]")!.TextContent.Trim());
        Assert.Equal("None kept in Leafy Bank", card.QuerySelector("[data-testid=accounts]")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_interactive_render_takes_the_prerendered_connections_instead_of_reading_them_again()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddHours(-1));
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var prerendered = Render<ConnectionsPage>();
        prerendered.WaitForAssertion(() => Assert.NotNull(prerendered.Find("[data-testid=connection-greenbank]")), TimeSpan.FromSeconds(10));
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<ConnectionsPageState>("connections-page", out var handed));
        PersistentState.Persist("connections-page", handed!);

        // Changed after the prerender: an interactive render that read again would show Thames Bank too.
        await ConnectedAsync(ThamesBank, daysLeft: 80);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = Render<ConnectionsPage>();

        interactive.WaitForAssertion(() => Assert.NotNull(interactive.Find("[data-testid=connection-greenbank]")), TimeSpan.FromSeconds(10));
        Assert.Empty(interactive.FindAll("[data-testid=connection-thamesbank]"));
    }
}
