using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// Which linked banks leave their transactions out, for every page that lists transactions or works figures out from them
/// (the transactions list, an account's page, the dashboard's spending, net worth and recent transactions), so each names
/// the same banks and offers the same step.
/// </summary>
public static class TransactionSharing
{
    /// <summary>
    /// Banks not sharing transactions with a step that would share them: a bank disconnected (no step) is not linked any more,
    /// and its kept data is what the pages show. <paramref name="bank"/> narrows it to the bank of that name; null for every bank.
    /// </summary>
    public static IEnumerable<BankConnection> NotSharingOf(IEnumerable<BankSource> banks, string? bank = null) =>
        banks.Select(source => source.Connection)
            .OfType<BankConnection>()
            .Where(connection => !connection.SharesTransactions && (bank is null || connection.BankName == bank)
                                 && ShareStep(connection) is not null)
            .OrderBy(connection => connection.BankName, StringComparer.Ordinal);

    /// <summary>The step that makes <paramref name="connection"/>'s bank share transactions, as the Connections page offers it.</summary>
    public static (string Words, string Href)? ShareStep(BankConnection connection) =>
        BalanceSharingWords.ShareStep(connection.BankName, connection, ConsentPermissions.Transactions);
}
