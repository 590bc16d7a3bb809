namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// Whether Leafy Bank knows an account's balance. The connectors mark an account whose bank does not share the balance
/// now (the consent left balances out); the sync then keeps the last balance shared, or 0 when there never was one. The
/// stored document tells the two apart only by that amount: a last shared balance of exactly 0 reads as never shared,
/// which is still true of what the customer can know.
/// </summary>
public enum BalanceSharing
{
    /// <summary>The bank shares the balance (or said nothing of it: imported data, Leafy Bank's own accounts).</summary>
    Shared,

    /// <summary>Not shared, and no earlier balance known: the stored 0 is no balance at all.</summary>
    NotShared,

    /// <summary>Not shared now: the amount is the last balance the bank shared, no longer updated.</summary>
    LastShared,
}
