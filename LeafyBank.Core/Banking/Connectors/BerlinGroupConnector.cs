using System.Globalization;
using System.Text.Json.Serialization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// <c>berlin-group-nextgenpsd2</c>: v1 account information with <c>Consent-ID</c> and
/// <c>X-Request-ID</c> headers, <c>{currency, amount}</c> string amounts, ISO dates and
/// <c>_links.next</c>. Accounts with <c>cashAccountType</c> LOAN become products; their terms
/// come from the bank's <c>loanDetails</c> extension when present, else from the balance.
/// </summary>
public sealed class BerlinGroupConnector(HttpClient httpClient, TimeProvider timeProvider) : IBankConnector
{
    private const string LoanCashAccountType = "LOAN";

    public string Dialect => BankDialects.BerlinGroup;

    public async Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
    {
        var call = new BankApiCall(httpClient, request, headers =>
        {
            headers.Add("Consent-ID", request.ConsentId);
            headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        });
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
                await foreach (var page in call.GetPagesAsync<BgTransactionsReportJson>(first, "the transactions", BankJson.CamelCase,
                    page => call.Link(page.Transactions.Links?.Next?.Href, "the transactions"), cancellationToken))
                {
                    transactions.AddRange(call.Map("the transactions", () =>
                        Entries(map, account.AccountId, page.Transactions.Booked, BookingStatuses.Booked)
                            .Concat(Entries(map, account.AccountId, page.Transactions.Pending, BookingStatuses.Pending))
                            .ToList()));
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

    private static IEnumerable<ExternalTransaction> Entries(UnifiedMapping map, string accountId, IReadOnlyList<BgTransactionJson>? entries, string status) =>
        (entries ?? []).Select(t => map.Transaction(
            t.TransactionId, accountId, status, t.TransactionAmount.Amount, t.TransactionAmount.Currency,
            t.BookingDate is { } booked ? BankValues.Utc(booked) : null,
            BankValues.Utc(t.ValueDate ?? t.BookingDate ?? throw new FormatException($"Transaction {t.TransactionId} has no date.")),
            t.RemittanceInformationUnstructured, t.CreditorName ?? t.DebtorName, BankValues.Category(t.ProprietaryBankTransactionCode)));

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
    string TransactionId, BgAmountJson TransactionAmount, DateOnly? BookingDate = null, DateOnly? ValueDate = null,
    string? CreditorName = null, string? DebtorName = null, string? RemittanceInformationUnstructured = null,
    string? ProprietaryBankTransactionCode = null);
