using System.Globalization;
using System.Text.Json.Serialization;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Data;
using LeafyBank.Sandbox.Dialects.BerlinGroup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using static LeafyBank.Sandbox.Dialects.BerlinGroup.BerlinGroupErrors;
using static LeafyBank.Sandbox.Dialects.DialectSupport;

namespace LeafyBank.Sandbox.Dialects;

/// <summary>
/// <c>berlin-group-nextgenpsd2</c>: NextGenPSD2 v1 account information — camelCase, amounts as
/// strings inside <c>{currency, amount}</c>, ISO dates, <c>bookingStatus</c>, <c>_links.next</c>
/// paging, a <c>Consent-ID</c> header on every call and <c>tppMessages</c> in errors.
/// Loans and mortgages are accounts with <c>cashAccountType</c> <c>LOAN</c>.
/// Donau Bank extensions (not in the standard): <c>openingDate</c> on accounts and
/// <c>loanDetails</c> on LOAN accounts.
/// </summary>
internal static class BerlinGroupDialect
{
    public const int PageSize = 50;
    public const string ConsentIdHeader = "Consent-ID";

    public static void Map(IEndpointRouteBuilder routes, SandboxBank bank, Action<RouteHandlerBuilder, string> requirePermission)
    {
        // The request filter goes on the group, so it runs before every endpoint's access filter.
        var v1 = routes.MapGroup("/v1").WithTags(bank.Name).AddEndpointFilter(BerlinGroupRequestFilter.InvokeAsync);
        BerlinGroupConsentEndpoints.Map(v1, bank);

        v1.MapGet("/accounts", (HttpContext http, string? withBalance) => Accounts(http, bank, withBalance))
            .WithName($"{bank.Id}-accounts").WithDescription("Account list (LOAN accounts only with the products permission).")
            .Require(BankPermissions.Accounts, requirePermission).Reads(AccessedResource.AccountList).AddEndpointFilter(RequireConsentId);

        v1.MapGet("/accounts/{resourceId}", (HttpContext http, string resourceId, string? withBalance) => AccountDetails(http, bank, resourceId, withBalance))
            .WithName($"{bank.Id}-account-details").WithDescription("One account's details.")
            .Require(BankPermissions.Accounts, requirePermission).Reads(new AccessedResource("account", "resourceId")).AddEndpointFilter(RequireConsentId);

        v1.MapGet("/accounts/{resourceId}/balances", (HttpContext http, string resourceId) => Balances(http, bank, resourceId))
            .WithName($"{bank.Id}-balances").WithDescription("closingBooked and interimAvailable balances.")
            .Require(BankPermissions.Balances, requirePermission).Reads(AccessedResource.Balances("resourceId")).AddEndpointFilter(RequireConsentId);

        v1.MapGet("/accounts/{resourceId}/transactions", (HttpContext http, string resourceId, string? bookingStatus, string? dateFrom, string? dateTo, string? page) =>
                Transactions(http, bank, resourceId, bookingStatus, dateFrom, dateTo, page))
            .WithName($"{bank.Id}-transactions").WithDescription("Transactions by bookingStatus (booked, pending, both); follow _links.next.")
            .Require(BankPermissions.Transactions, requirePermission)
            .Reads(AccessedResource.Transactions("resourceId", ReportPaging.PageNumber("page"))).AddEndpointFilter(RequireConsentId);
    }

    public static Dictionary<string, object?> TppMessages(string code, string text) => new()
    {
        ["tppMessages"] = new[] { new BgTppMessage("ERROR", code, text) },
    };

    /// <summary>Berlin Group: every AIS call names its consent, and it must be the token's consent.</summary>
    private static async ValueTask<object?> RequireConsentId(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var consentId = http.Request.Headers[ConsentIdHeader].ToString();
        if (string.IsNullOrEmpty(consentId))
        {
            return Error(400, BerlinGroupCodes.FormatError, "Consent-ID missing", "Send the Consent-ID header: the consent the access token was issued under.");
        }
        if (consentId != http.GetBankAccess().ConsentId)
        {
            return Error(400, BerlinGroupCodes.ConsentUnknown, "Consent-ID not this token's",
                "The Consent-ID header does not match the consent of the access token.");
        }
        return await next(context);
    }

    private static Results<JsonHttpResult<BgAccountList>, ProblemHttpResult> Accounts(HttpContext http, SandboxBank bank, string? withBalance)
    {
        if (Resolve(http, bank, BankPermissions.Accounts, out var problem) is not { } request)
        {
            return problem!;
        }
        if (!TryParseFlag(withBalance, out var balances))
        {
            return WithBalanceNotValid();
        }
        var accountsPath = $"{http.Request.PathBase}{http.Request.Path.Value!.TrimEnd('/')}";
        var deposits = request.CoveredAccounts.Select(account => Deposit(accountsPath, account, request, balances));
        var loans = request.CoveredProducts.Select(product => Loan(accountsPath, product, request, balances));
        return TypedResults.Json(new BgAccountList([.. deposits, .. loans]), CamelCase);
    }

    private static Results<JsonHttpResult<BgAccountDetails>, ProblemHttpResult> AccountDetails(HttpContext http, SandboxBank bank, string resourceId, string? withBalance)
    {
        if (Resolve(http, bank, BankPermissions.Accounts, out var problem) is not { } request)
        {
            return problem!;
        }
        if (!TryParseFlag(withBalance, out var balances))
        {
            return WithBalanceNotValid();
        }
        var path = $"{http.Request.PathBase}{http.Request.Path.Value!.TrimEnd('/')}";
        var accountsPath = path[..path.LastIndexOf('/')];
        if (request.CoveredAccounts.FirstOrDefault(a => a.Id == resourceId) is { } account)
        {
            return TypedResults.Json(new BgAccountDetails(Deposit(accountsPath, account, request, balances)), CamelCase);
        }
        if (request.CoveredProducts.FirstOrDefault(p => p.Id == resourceId) is { } loan)
        {
            return TypedResults.Json(new BgAccountDetails(Loan(accountsPath, loan, request, balances)), CamelCase);
        }
        return AccountUnknown();
    }

    private static BgAccount Deposit(string accountsPath, SandboxAccount account, DialectRequest request, bool withBalance) => new(
        account.Id, account.Identification, account.Currency, request.Data.Customer.FullName, account.Name, account.Name,
        SandboxAccountTypes.Of(account.Kind), "enabled", "PRIV", Iso(account.OpenedOn),
        withBalance && request.ShowsBalances ? DepositBalances(account, request) : null,
        null, Links(accountsPath, account.Id, loan: false));

    private static BgAccount Loan(string accountsPath, SandboxProduct product, DialectRequest request, bool withBalance) => new(
        product.Id, product.Identification, product.Currency, request.Data.Customer.FullName, product.Name, product.Name,
        SandboxAccountTypes.Loan, product.IsActive ? "enabled" : "deleted", "PRIV", Iso(product.OpenedOn),
        withBalance && request.ShowsBalances ? LoanBalances(product, request.Books.Today) : null,
        new BgLoanDetails(
            Money(product.Currency, product.OriginalAmount), Money(product.Currency, product.Outstanding),
            product.InterestRate.ToString("0.00", CultureInfo.InvariantCulture), product.TermMonths,
            Money(product.Currency, product.MonthlyPayment), Iso(product.MaturityDate),
            product.Kind == SandboxProductKind.Mortgage ? "MORTGAGE" : "CONSUMER_LOAN",
            product.PropertyAddress),
        Links(accountsPath, product.Id, loan: true));

    private static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        return string.IsNullOrEmpty(value) || bool.TryParse(value, out flag);
    }

    private static ProblemHttpResult WithBalanceNotValid() =>
        Error(400, BerlinGroupCodes.FormatError, "withBalance not valid", "withBalance must be true or false.");

    private static ProblemHttpResult AccountUnknown() =>
        Error(404, BerlinGroupCodes.ResourceUnknown, "Account unknown", "No account with this id is covered by this consent.");

    private static Results<JsonHttpResult<BgBalanceReport>, ProblemHttpResult> Balances(HttpContext http, SandboxBank bank, string resourceId)
    {
        if (Resolve(http, bank, BankPermissions.Balances, out var problem) is not { } request)
        {
            return problem!;
        }
        if (request.CoveredAccounts.FirstOrDefault(a => a.Id == resourceId) is { } account)
        {
            return TypedResults.Json(new BgBalanceReport(new BgAccountReference(account.Identification, account.Currency), DepositBalances(account, request)), CamelCase);
        }
        if (request.CoveredProducts.FirstOrDefault(p => p.Id == resourceId) is { } loan)
        {
            return TypedResults.Json(new BgBalanceReport(new BgAccountReference(loan.Identification, loan.Currency), LoanBalances(loan, request.Books.Today)), CamelCase);
        }
        return AccountUnknown();
    }

    private static Results<JsonHttpResult<BgTransactionsReport>, ProblemHttpResult> Transactions(
        HttpContext http, SandboxBank bank, string resourceId, string? bookingStatus, string? dateFrom, string? dateTo, string? pageText)
    {
        if (Resolve(http, bank, BankPermissions.Transactions, out var problem) is not { } request)
        {
            return problem!;
        }
        if (request.CoveredAccounts.FirstOrDefault(a => a.Id == resourceId) is not { } account)
        {
            return AccountUnknown();
        }
        if (bookingStatus is "information" or "all")
        {
            return Error(400, BerlinGroupCodes.ParameterNotSupported, "bookingStatus not supported",
                $"Donau Bank reports bookingStatus booked, pending or both, not {bookingStatus}.");
        }
        if (http.Request.Query.ContainsKey("entryReferenceFrom") || http.Request.Query.ContainsKey("deltaList"))
        {
            return Error(400, BerlinGroupCodes.ParameterNotSupported, "Delta reports not supported",
                "Donau Bank offers no delta reports: leave entryReferenceFrom and deltaList out and ask by dateFrom.");
        }
        var page = 1;
        if (bookingStatus is not ("booked" or "pending" or "both") || !TryParseDate(dateFrom, out var from) || !TryParseDate(dateTo, out var to)
            || (pageText is not null && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1)))
        {
            return Error(400, BerlinGroupCodes.FormatError, "Query not valid",
                "Use bookingStatus=booked|pending|both, dateFrom and dateTo as yyyy-MM-dd, and page ≥ 1 (from _links.next).");
        }

        // bg-psd2-1.3.12.json, components/parameters/dateFrom (and dateTo alike): "For booked transactions,
        // the relevant date is the booking date. For pending transactions, the relevant date is the entry
        // date". A payment made before dateFrom and booked on or after it is in the report, so the books are
        // read whole (they are kept by the day the payment was made) and filtered here.
        var all = request.Transactions(resourceId, from: null)
            .Where(t => bookingStatus == "both" || t.IsPending == (bookingStatus == "pending"))
            .Where(t => (t.BookingDate ?? DateOnly.FromDateTime(t.TransactedAt.UtcDateTime)) is var relevant
                && (from is not { } first || relevant >= first) && (to is not { } last || relevant <= last))
            .ToList();
        var (items, totalPages) = Page(all, page, PageSize);
        var booked = items.Where(t => !t.IsPending).Select(Entry).ToList();
        var pending = items.Where(t => t.IsPending).Select(Entry).ToList();
        var reportPath = $"{http.Request.PathBase}{http.Request.Path}";
        var query = $"bookingStatus={bookingStatus}{(from is { } f ? $"&dateFrom={Iso(f)}" : "")}{(to is { } t ? $"&dateTo={Iso(t)}" : "")}";
        var links = new BgTransactionLinks(
            new BgHref(reportPath[..reportPath.LastIndexOf('/')]),
            page < totalPages ? new BgHref($"{reportPath}?{query}&page={page + 1}") : null);
        return TypedResults.Json(new BgTransactionsReport(
            new BgAccountReference(account.Identification, account.Currency),
            new BgTransactions(bookingStatus == "pending" ? null : booked, bookingStatus == "booked" ? null : pending, links)), CamelCase);
    }

    private static BgTransaction Entry(SandboxTransaction t)
    {
        var incoming = t.Amount > 0;
        return new BgTransaction(
            t.Id, t.Id[..12].ToUpperInvariant(),
            t.BookingDate is { } booked ? Iso(booked) : null,
            Iso(DateOnly.FromDateTime(t.TransactedAt.UtcDateTime)),
            Money(t.Currency, t.Amount),
            CreditorName: incoming ? null : t.Counterparty,
            DebtorName: incoming ? t.Counterparty : null,
            RemittanceInformationUnstructured: t.Description,
            BankTransactionCode: t.Category switch
            {
                SandboxCategories.Salary or SandboxCategories.Interest => "PMNT-RCDT-ESCT",
                SandboxCategories.Rent or SandboxCategories.Transfer or SandboxCategories.LoanRepayment => "PMNT-ICDT-STDO",
                SandboxCategories.Utilities or SandboxCategories.Subscriptions => "PMNT-IDDT-ESDD",
                _ => "PMNT-CCRD-POSD",
            },
            // The bank's own category, written as a proprietary code.
            ProprietaryBankTransactionCode: t.Category.ToUpperInvariant().Replace(' ', '_'));
    }

    private static List<BgBalance> DepositBalances(SandboxAccount account, DialectRequest request)
    {
        var pendingTotal = request.Transactions(account.Id, null).Where(t => t.IsPending).Sum(t => t.Amount);
        return
        [
            new(Money(account.Currency, account.BookedBalance), "closingBooked", Iso(request.Books.Today.AddDays(-1)), null),
            new(Money(account.Currency, account.BookedBalance + pendingTotal), "interimAvailable", null, DialectSupport.Iso(request.Books.Now)),
        ];
    }

    /// <summary>What is owed appears as a negative balance on the loan account.</summary>
    private static List<BgBalance> LoanBalances(SandboxProduct loan, DateOnly today) =>
        [new(Money(loan.Currency, -loan.Outstanding), "closingBooked", Iso(today.AddDays(-1)), null)];

    private static BgAmount Money(string currency, decimal amount) => new(currency, Amount(amount));

    /// <summary>Links hang off the account list's own path, wherever the host mounted the bank.</summary>
    private static BgAccountLinks Links(string accountsPath, string resourceId, bool loan) => new(
        new BgHref($"{accountsPath}/{resourceId}/balances"),
        loan ? null : new BgHref($"{accountsPath}/{resourceId}/transactions"));
}

internal sealed record BgTppMessage(string Category, string Code, string Text);

internal sealed record BgAmount(string Currency, string Amount);

internal sealed record BgHref(string Href);

internal sealed record BgAccountLinks(BgHref Balances, BgHref? Transactions);

internal sealed record BgAccountList(IReadOnlyList<BgAccount> Accounts);

internal sealed record BgAccount(
    string ResourceId, string Iban, string Currency, string OwnerName, string Name, string Product,
    string CashAccountType, string Status, string Usage, string OpeningDate, IReadOnlyList<BgBalance>? Balances,
    BgLoanDetails? LoanDetails,
    [property: JsonPropertyName("_links")] BgAccountLinks Links);

/// <summary>Donau Bank's extension on LOAN accounts: the terms a Berlin Group account has no field for.</summary>
internal sealed record BgLoanDetails(
    BgAmount OriginalAmount, BgAmount OutstandingAmount, string InterestRate, int TermMonths,
    BgAmount InstalmentAmount, string MaturityDate, string LoanType, string? CollateralAddress);

internal sealed record BgBalance(BgAmount BalanceAmount, string BalanceType, string? ReferenceDate, string? LastChangeDateTime);

internal sealed record BgAccountReference(string Iban, string Currency);

internal sealed record BgBalanceReport(BgAccountReference Account, IReadOnlyList<BgBalance> Balances);

internal sealed record BgTransactionsReport(BgAccountReference Account, BgTransactions Transactions);

/// <summary>The report's links: <c>account</c> (required by the standard) and <c>next</c> while pages remain.</summary>
internal sealed record BgTransactionLinks(BgHref Account, BgHref? Next);

internal sealed record BgAccountDetails(BgAccount Account);

internal sealed record BgTransactions(
    IReadOnlyList<BgTransaction>? Booked, IReadOnlyList<BgTransaction>? Pending,
    [property: JsonPropertyName("_links")] BgTransactionLinks? Links);

internal sealed record BgTransaction(
    string TransactionId, string EntryReference, string? BookingDate, string ValueDate, BgAmount TransactionAmount,
    string? CreditorName, string? DebtorName, string RemittanceInformationUnstructured, string BankTransactionCode,
    string ProprietaryBankTransactionCode);
