namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// Pending payments read against their banks. A bank Leafy Bank still updates may yet book or drop
/// a pending payment; a bank it no longer hears from (disconnected, consent ended or revoked,
/// accounts refused) left it as it was at its last update, and nothing here will change it. Whether
/// a bank is updated is <see cref="BankSource.IsUpdated"/>, the one answer the totals and
/// "Accounts by bank" give too; a bank not among <paramref name="banks"/> is taken as updated, as
/// those do when the connections could not be read.
/// </summary>
public sealed class PendingPayments(IReadOnlyList<BankSource> banks)
{
    /// <summary>The note under a list whose pending payments all come from banks Leafy Bank updates.</summary>
    public const string MayChange = "Pending payments may still change or disappear.";

    /// <summary>The same beside a note on a bank no longer updated.</summary>
    public const string OthersMayChange = "Other pending payments may still change or disappear.";

    /// <summary>
    /// A pending payment from a bank no longer updated, in a row or a chip: pending is the last Leafy Bank
    /// saw of it. Short, so the status column stays narrow; the note under the list says when and why.
    /// </summary>
    public const string NotUpdatedLabel = "Last seen pending";

    public static readonly PendingPayments Unknown = new([]);

    /// <summary>This row is pending at a bank Leafy Bank no longer updates.</summary>
    public bool IsNotUpdated(TransactionRow row) => row.Pending && Source(row.Bank) is { IsUpdated: false };

    /// <summary>The banks no longer updated that these rows have pending payments from, in the rows' order.</summary>
    public IReadOnlyList<BankSource> NotUpdatedBanks(IEnumerable<TransactionRow> rows) =>
        [.. rows.Where(IsNotUpdated).Select(row => row.Bank).Distinct(StringComparer.Ordinal).Select(bank => Source(bank)!)];

    /// <summary>These rows have a pending payment from a bank Leafy Bank still updates.</summary>
    public bool AnyMayChange(IEnumerable<TransactionRow> rows) => rows.Any(row => row.Pending && !IsNotUpdated(row));

    private BankSource? Source(string bank) => banks.FirstOrDefault(source => string.Equals(source.Bank, bank, StringComparison.Ordinal));
}
