using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Web.Components.Pages.Connections;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// How every page words a balance the bank does not share, so the Accounts page, an account's page and the dashboard
/// say the same, and where the customer changes it.
/// </summary>
public static class BalanceSharingWords
{
    /// <summary>In place of an account's amount.</summary>
    public const string NotShared = "Balance not shared";

    /// <summary>Beside an amount that is the last balance the bank shared.</summary>
    public const string LastShared = "Last shared balance";

    public static BalanceSharing Of(bool shared, decimal amount) =>
        shared ? BalanceSharing.Shared : amount == 0m ? BalanceSharing.NotShared : BalanceSharing.LastShared;

    /// <summary>In place of a bank's balance when none of its accounts has one: "Balance not shared", "Balances not shared".</summary>
    public static string NoneShared(int accounts) => accounts == 1 ? NotShared : "Balances not shared";

    /// <summary>Whether a bank's balance is only accounts with no balance known, so its 0.00 would read as empty accounts.</summary>
    public static bool NoBalanceKnown(InstitutionPosition institution) =>
        institution.Accounts > 0 && institution.BalancesUnknown == institution.Accounts;

    /// <summary>What a bank's total leaves out or holds as last shared: "1 account's balance not shared; 1 at its last shared balance".</summary>
    public static string? BankNote(InstitutionPosition institution)
    {
        var parts = new List<string>();
        if (institution.BalancesUnknown > 0 && !NoBalanceKnown(institution))
        {
            parts.Add(institution.BalancesUnknown == 1 ? "1 account's balance not shared" : $"{institution.BalancesUnknown} accounts' balances not shared");
        }
        if (institution.LastSharedBalances > 0)
        {
            parts.Add(institution.LastSharedBalances == 1
                ? "1 account at its last shared balance"
                : $"{institution.LastSharedBalances} accounts at their last shared balance");
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>
    /// The step that makes a bank share <paramref name="what"/> (<see cref="ConsentPermissions.Balances"/> or
    /// <see cref="ConsentPermissions.Transactions"/>, which are also the words), by its connection's state: a consent in force is
    /// changed, an ended one is given again, each on the review with <paramref name="what"/> ticked; a bank disconnected has none.
    /// Unknown connections (they could not be read) point to the Connections page.
    /// </summary>
    public static (string Words, string Href)? ShareStep(string bank, BankConnection? connection, string what = ConsentPermissions.Balances) =>
        connection?.Status switch
        {
            null => ($"change what you share with {bank} in Connections", "connections"),
            ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing =>
                ($"change what you share with {bank}", ConnectionView.RenewHref(connection.BankId, share: what)),
            ConnectionStatus.Expired or ConnectionStatus.Revoked => ($"reconnect {bank} and share {what}", ConnectionView.ReconnectHref(connection.BankId, share: what)),
            _ => null,
        };
}
