using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using LeafyBank.Core.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// <c>berlin-group-nextgenpsd2</c>: v1 account information with <c>Consent-ID</c> and
/// <c>X-Request-ID</c> headers, <c>{currency, amount}</c> string amounts, ISO dates and
/// <c>_links.next</c>. Accounts with <c>cashAccountType</c> LOAN become products; their terms
/// come from the bank's <c>loanDetails</c> extension when present, else from the balance.
/// </summary>
public sealed partial class BerlinGroupConnector(HttpClient httpClient, TimeProvider timeProvider, ILogger<BerlinGroupConnector>? logger = null)
    : IBankConnector
{
    private const string LoanCashAccountType = "LOAN";

    public string Dialect => BankDialects.BerlinGroup;

    public async Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
    {
        var call = new BankApiCall(httpClient, request, headers =>
        {
            headers.Add("Consent-ID", request.ConsentId);
            headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        })
        { Clock = timeProvider };
        var map = new UnifiedMapping(request, timeProvider.GetUtcNow().UtcDateTime);
        if (!map.Allows(ConsentPermissions.Accounts))
        {
            return map.Snapshot([], [], []);
        }

        var list = await call.GetAsync<BgAccountListJson>(call.AccountsEndpoint, "the account list", BankJson.CamelCase, cancellationToken);
        var accounts = new List<ExternalAccount>();
        var products = new List<ExternalProduct>();
        foreach (var account in list.Accounts)
        {
            var isLoan = string.Equals(account.CashAccountType, LoanCashAccountType, StringComparison.OrdinalIgnoreCase);
            var balances = map.Allows(ConsentPermissions.Balances)
                ? (await call.GetAsync<BgBalanceReportJson>(call.AccountPath(account.ResourceId, "balances"), "the balances", BankJson.CamelCase, cancellationToken)).Balances
                : null;
            if (isLoan)
            {
                products.Add(call.Map("a loan account", () => Loan(map, account, balances)));
            }
            else
            {
                accounts.Add(call.Map("an account", () => Deposit(map, account, balances)));
            }
        }

        var transactions = new List<ExternalTransaction>();
        if (map.Allows(ConsentPermissions.Transactions))
        {
            // Berlin Group wants a dateFrom; without an incremental date, ask for everything the bank keeps.
            var since = request.TransactionsSince ?? DateOnly.FromDateTime(map.RetrievedAt).AddYears(-2);
            foreach (var account in accounts)
            {
                var first = call.AccountPath(account.AccountId, "transactions",
                    string.Create(CultureInfo.InvariantCulture, $"bookingStatus=both&dateFrom={since:yyyy-MM-dd}"));
                // The whole report first: an id derived from a line's content counts the lines like it across pages.
                var entries = new List<(BgTransactionJson Entry, string Status)>();
                await foreach (var page in call.GetPagesAsync<BgTransactionsReportJson>(first, "the transactions", BankJson.CamelCase,
                    page => call.Link(page.Transactions.Links?.Next?.Href, "the transactions"), cancellationToken))
                {
                    entries.AddRange((page.Transactions.Booked ?? []).Select(t => (t, BookingStatuses.Booked)));
                    entries.AddRange((page.Transactions.Pending ?? []).Select(t => (t, BookingStatuses.Pending)));
                }
                var (mapped, undated) = call.Map("the transactions", () => Entries(map, account.AccountId, entries));
                transactions.AddRange(mapped);
                if (undated > 0)
                {
                    LogUndatedBookedEntries(logger ?? NullLogger<BerlinGroupConnector>.Instance, request.Bank.Name, undated);
                }
            }
        }
        return map.Snapshot(accounts, products, transactions);
    }

    private static ExternalAccount Deposit(UnifiedMapping map, BgAccountJson account, IReadOnlyList<BgBalanceJson>? balances)
    {
        var booked = Pick(balances, "closingBooked", "interimBooked", "expected", "interimAvailable");
        var available = Pick(balances, "interimAvailable", "closingAvailable");
        return map.Account(account.ResourceId, BankValues.AccountType(account.CashAccountType ?? ""), BankValues.AccountStatus(account.Status),
            booked?.BalanceAmount.Amount ?? 0m, account.Currency, OpeningDate(account), greenNarrative: null,
            UnifiedMapping.Extras(
                ("iban", account.Iban), ("cashAccountType", account.CashAccountType), ("product", account.Product),
                ("availableBalance", available?.BalanceAmount.Amount), ("BalanceShared", booked is not null)),
            Naming(account));
    }

    private static ExternalProduct Loan(UnifiedMapping map, BgAccountJson account, IReadOnlyList<BgBalanceJson>? balances)
    {
        var terms = account.LoanDetails;
        var outstanding = terms?.OutstandingAmount.Amount
            ?? Pick(balances, "closingBooked", "interimBooked", "expected")?.BalanceAmount.Amount
            ?? 0m;
        return map.Product(account.ResourceId,
            terms?.LoanType is { } loanType && loanType.Contains("MORTGAGE", StringComparison.OrdinalIgnoreCase) ? ProductTypes.Mortgage : ProductTypes.Loan,
            BankValues.ProductStatus(account.Status), outstanding, account.Currency,
            terms?.InterestRate, OpeningDate(account), terms?.TermMonths,
            terms is null ? null : terms.CollateralAddress is { } address ? $"Property at {address}" : "None",
            greenNarrative: null,
            UnifiedMapping.Extras(
                ("iban", account.Iban), ("product", account.Product), ("originalAmount", terms?.OriginalAmount.Amount),
                ("instalmentAmount", terms?.InstalmentAmount?.Amount), ("maturityDate", terms?.MaturityDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            Naming(account));
    }

    /// <summary>
    /// <c>name</c> is the account's name, <c>product</c> the bank's product behind it: the first is
    /// what the customer calls it, the second a fair name when the bank leaves the first out.
    /// </summary>
    private static BankNaming Naming(BgAccountJson account) =>
        new(account.Name ?? account.Product, account.Iban, account.OwnerName);

    /// <summary>
    /// NextGenPSD2 1.3.12 gives a transaction two dates, both optional (<c>bg-psd2-1.3.12.json</c>,
    /// <c>components/schemas/transactions</c>): <c>bookingDate</c>, when the bank posted it, and
    /// <c>valueDate</c>, when the money moved (for a pending entry the expected one). Its
    /// <c>transactionDate</c> belongs to card account reports only, and <c>entryDetails</c> carry no
    /// date. So the booking date is <c>bookingDate</c>, else <c>valueDate</c>; the original date
    /// <c>valueDate</c>, else <c>bookingDate</c>. With neither:
    /// <list type="bullet">
    /// <item>a pending entry is dated when it was read (the injected clock's retrieval time): pending
    /// means "not booked as of now", and it is read again, and re-dated, on every sync until it books
    /// or the bank drops it;</item>
    /// <item>a booked entry is left out and counted (returned as <c>Undated</c>, logged by the caller).
    /// Dating it by the retrieval time would be wrong, not just vague: with no date for <c>dateFrom</c>
    /// to leave it out by, the bank may send it on every sync, and each sync would move it to that
    /// day, into that month's spending and cash flow. Leaving it out changes no balance (balances are
    /// the bank's own, not a sum of lines), and one line's defect no longer fails the whole sync. It
    /// appears once the bank sends a date.</item>
    /// </list>
    /// </summary>
    private static (List<ExternalTransaction> Mapped, int Undated) Entries(
        UnifiedMapping map, string accountId, IEnumerable<(BgTransactionJson Entry, string Status)> entries)
    {
        var alike = new Dictionary<string, int>(StringComparer.Ordinal);
        var mapped = new List<ExternalTransaction>();
        var undated = 0;
        foreach (var (t, status) in entries)
        {
            DateTime? bookingDate = (t.BookingDate ?? t.ValueDate) is { } booked ? BankValues.Utc(booked) : null;
            DateTime? originalDate = (t.ValueDate ?? t.BookingDate) is { } value ? BankValues.Utc(value) : null;
            if (originalDate is null && status == BookingStatuses.Booked)
            {
                undated++;
                continue;
            }
            mapped.Add(map.Transaction(
                TransactionId(accountId, status, t, alike), accountId, status, t.TransactionAmount.Amount, t.TransactionAmount.Currency,
                bookingDate, originalDate ?? map.RetrievedAt,
                t.RemittanceInformationUnstructured, t.CreditorName ?? t.DebtorName, BankValues.Category(t.ProprietaryBankTransactionCode)));
        }
        return (mapped, undated);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Bank} sent {Count} booked transaction(s) without a booking or value date; they were left out of this sync until the bank dates them")]
    private static partial void LogUndatedBookedEntries(ILogger logger, string bank, int count);

    /// <summary>
    /// NextGenPSD2 1.3.12 requires only a transaction's amount (<c>bg-psd2-1.3.12.json</c>,
    /// <c>components/schemas/transactions</c>: <c>"required": ["transactionAmount"]</c>), so the id is
    /// the bank's <c>transactionId</c>, else its <c>entryReference</c>, else derived from what the line
    /// says: account, status, booking and value date, amount, currency, creditor, debtor and remittance
    /// information, hashed with SHA-256. The same line gets the same id on every sync, so a re-sync
    /// updates it instead of storing it again. Lines that say exactly the same (two coffees at one
    /// café on one day) are told apart by their place among themselves (<paramref name="alike"/>
    /// counts them): the nth such line is the nth on every sync, whatever else the report holds,
    /// since lines alike share their dates and so fall inside or outside a report's dates together.
    /// A pending line's derived id changes when it books (its booking date joins the content), as
    /// a bank's own ids may; <see cref="PendingTransactionMatcher"/> links the two.
    /// </summary>
    private static string TransactionId(string accountId, string status, BgTransactionJson t, Dictionary<string, int> alike)
    {
        if (!string.IsNullOrWhiteSpace(t.TransactionId))
        {
            return t.TransactionId;
        }
        if (!string.IsNullOrWhiteSpace(t.EntryReference))
        {
            return t.EntryReference;
        }
        var content = string.Join('\u001f', accountId, status,
            t.BookingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.ValueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // 12.5 and 12.50 are the same amount.
            t.TransactionAmount.Amount.ToString("0.############################", CultureInfo.InvariantCulture), t.TransactionAmount.Currency,
            t.CreditorName, t.DebtorName, t.RemittanceInformationUnstructured);
        var nth = alike[content] = alike.GetValueOrDefault(content) + 1;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{content}\u001f{nth}"));
        return "derived-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static BgBalanceJson? Pick(IReadOnlyList<BgBalanceJson>? balances, params string[] types) =>
        BankValues.Preferred(balances, balance => balance.BalanceType, types);

    /// <summary>The standard has no opening date; Donau Bank sends one as an extension.</summary>
    private static DateTime OpeningDate(BgAccountJson account) =>
        account.OpeningDate is { } opened ? BankValues.Utc(opened) : DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
}

internal sealed record BgAmountJson(string Currency, decimal Amount);

internal sealed record BgHrefJson(string Href);

internal sealed record BgAccountListJson(IReadOnlyList<BgAccountJson> Accounts);

internal sealed record BgAccountJson(
    string ResourceId, string Currency, string? Iban = null, string? Name = null, string? Product = null, string? OwnerName = null,
    string? CashAccountType = null, string? Status = null, DateOnly? OpeningDate = null, BgLoanDetailsJson? LoanDetails = null);

internal sealed record BgLoanDetailsJson(
    BgAmountJson OriginalAmount, BgAmountJson OutstandingAmount, decimal? InterestRate = null, int? TermMonths = null,
    BgAmountJson? InstalmentAmount = null, DateOnly? MaturityDate = null, string? LoanType = null, string? CollateralAddress = null);

internal sealed record BgBalanceReportJson(IReadOnlyList<BgBalanceJson> Balances);

internal sealed record BgBalanceJson(BgAmountJson BalanceAmount, string BalanceType);

internal sealed record BgTransactionsReportJson(BgTransactionsJson Transactions);

internal sealed record BgTransactionLinksJson(BgHrefJson? Next = null);

internal sealed record BgTransactionsJson(
    IReadOnlyList<BgTransactionJson>? Booked = null, IReadOnlyList<BgTransactionJson>? Pending = null,
    [property: JsonPropertyName("_links")] BgTransactionLinksJson? Links = null);

internal sealed record BgTransactionJson(
    BgAmountJson TransactionAmount, string? TransactionId = null, string? EntryReference = null, DateOnly? BookingDate = null, DateOnly? ValueDate = null,
    string? CreditorName = null, string? DebtorName = null, string? RemittanceInformationUnstructured = null,
    string? ProprietaryBankTransactionCode = null);
