namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>The note under a list with pending payments from banks in different states: each says what its own are worth.</summary>
public sealed class PendingNoteTests : MudTestContext
{
    private static readonly DateTime Now = TestTime.UtcNow;

    private static BankConnection Connection(string id, string name, ConnectionStatus status) =>
        new(id, name, status, status.ToString(), "", status == ConnectionStatus.Active ? null : Now.AddDays(-1), Now.AddDays(-2), true, false);

    private static TransactionRow Row(string bank, bool pending) =>
        new(bank, "A-1", $"{bank}-1", pending, -10m, "EUR", Now.AddDays(-3), "Card payment", null, null);

    private IRenderedComponent<PendingNote> Note(IReadOnlyList<TransactionRow> rows, params BankConnection[] connections) =>
        Render<PendingNote>(p => p.Add(n => n.Rows, rows)
            .Add(n => n.Pending, new PendingPayments([.. connections.Select(BankSource.Of)]))
            .Add(n => n.SayMayChange, true));

    [Fact]
    public void Beside_a_bank_no_longer_updated_the_others_pending_payments_may_still_change()
    {
        var cut = Note([Row("Green Bank", true), Row("Donau Bank", true)],
            Connection("greenbank", "Green Bank", ConnectionStatus.ReadOnly), Connection("donaubank", "Donau Bank", ConnectionStatus.Active));

        Assert.Equal("Green Bank", Assert.Single(cut.FindAll("[data-testid=pending-not-updated]")).GetAttribute("data-bank"));
        Assert.Equal(PendingPayments.OthersMayChange, cut.Find("[data-testid=pending-may-change]").TextContent.Trim());
    }

    [Fact]
    public void With_only_a_bank_no_longer_updated_pending_nothing_is_said_to_still_change()
    {
        var cut = Note([Row("Green Bank", true), Row("Donau Bank", false)],
            Connection("greenbank", "Green Bank", ConnectionStatus.Revoked), Connection("donaubank", "Donau Bank", ConnectionStatus.Active));

        Assert.Single(cut.FindAll("[data-testid=pending-not-updated]"));
        Assert.Empty(cut.FindAll("[data-testid=pending-may-change]"));
    }

    [Fact]
    public void A_bank_whose_update_is_failing_is_still_updated_and_its_pending_payments_may_change()
    {
        var cut = Note([Row("Green Bank", true)], Connection("greenbank", "Green Bank", ConnectionStatus.Failing));

        Assert.Empty(cut.FindAll("[data-testid=pending-not-updated]"));
        Assert.Equal(PendingPayments.MayChange, cut.Find("[data-testid=pending-may-change]").TextContent.Trim());
    }

    [Fact]
    public void A_bank_with_no_update_time_says_when_leafy_bank_last_read_it()
    {
        var connection = Connection("greenbank", "Green Bank", ConnectionStatus.Expired) with { DataAsOf = null };

        var cut = Note([Row("Green Bank", true)], connection);

        Assert.StartsWith("Green Bank's pending payments are as Leafy Bank last updated them.",
            cut.Find("[data-testid=pending-not-updated]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
