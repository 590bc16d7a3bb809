using LeafyBank.Core.Position;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// What the position's figures are made of, read against each linked bank's connection (handed in
/// by the dashboard): Leafy Bank's own accounts, and every other bank with figures. A bank the
/// customer disconnected, or whose consent ended, is still counted (its data is kept) but is no
/// longer linked and no longer updated, so the totals' caption and "Accounts by bank" must not call
/// it either.
/// </summary>
public sealed record PositionSources(bool HasLeafyBankAccounts, IReadOnlyList<BankSource> Banks)
{
    /// <summary>A bank other than Leafy Bank has figures in the position, or is linked and has none yet, in whatever state.</summary>
    public bool HasOtherBanks => Banks.Count > 0;

    /// <summary>Nothing to add up: no Leafy Bank account and no other bank's figures.</summary>
    public bool IsEmpty => !HasLeafyBankAccounts && !HasOtherBanks;

    /// <summary>Banks under a consent in force (updated, or asking the customer to fix something).</summary>
    public IReadOnlyList<BankSource> Linked => [.. Banks.Where(bank => bank.IsLinked)];

    /// <summary>Banks whose figures are kept but no longer linked: disconnected read-only, or the consent ended.</summary>
    public IReadOnlyList<BankSource> NoLongerLinked => [.. Banks.Where(bank => !bank.IsLinked)];

    /// <summary>The bank of this name (as the position and the documents name it), if it is one of the sources.</summary>
    public BankSource? Find(string bank) => Banks.FirstOrDefault(source => string.Equals(source.Bank, bank, StringComparison.Ordinal));

    /// <summary>
    /// Read once per snapshot by the dashboard and handed to every panel, so the totals' caption,
    /// "Accounts by bank" and the pending payments cannot tell a bank's state differently.
    /// </summary>
    public static PositionSources Of(GlobalPosition position, IReadOnlyList<BankConnection>? connections)
    {
        var hasOwnAccounts = position.ByInstitution.Any(i => i.Internal && (i.Accounts > 0 || i.Products > 0));
        // Banks with figures in the position, and linked banks with none yet (not updated so far).
        var names = position.ByInstitution.Where(i => !i.Internal).Select(i => i.Bank)
            .Concat(position.Freshness.Where(f => !f.Internal).Select(f => f.Bank))
            .Distinct(StringComparer.Ordinal);
        var banks = names.Select(name =>
        {
            var connection = BankConnection.Of(connections, name);
            var synced = position.Freshness.FirstOrDefault(f => !f.Internal && string.Equals(f.Bank, name, StringComparison.Ordinal))?.LastSyncedAt;
            return new BankSource(name, synced ?? connection?.DataAsOf, connection);
        });
        return new(hasOwnAccounts, [.. banks]);
    }
}
