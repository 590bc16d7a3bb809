using System.Globalization;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Data;
using LeafyBank.Sandbox.Dialects.UkOpenBanking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using static LeafyBank.Sandbox.Dialects.DialectSupport;

namespace LeafyBank.Sandbox.Dialects;

/// <summary>
/// <c>uk-open-banking-3.1</c>: Read/Write API 3.1 account information — <c>Data</c>/<c>Links</c>/<c>Meta</c>
/// envelopes, unsigned string amounts with <c>CreditDebitIndicator</c>, ISO date-times with an
/// offset, <c>Links.Next</c> with <c>Meta.TotalPages</c>. Loans and mortgages are accounts with
/// AccountSubType Loan/Mortgage; their terms come from the <c>product</c> endpoint (Thames Bank's
/// <c>LoanDetails</c> is a simplification of OBReadProduct2's lending fields). The consent resource,
/// the client-credentials token, errors and the interaction id are in <c>UkOpenBanking/</c>.
/// </summary>
internal static class UkOpenBankingDialect
{
    public const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder routes, SandboxBank bank, Action<RouteHandlerBuilder, string> requirePermission)
    {
        // The interaction id and the UK error shape wrap everything, the access filter's answers included.
        var aisp = routes.MapGroup("/open-banking/v3.1/aisp").WithTags(bank.Name).AddEndpointFilter<UkInteraction>();

        UkAccountAccessConsents.Map(aisp, bank);

        aisp.MapGet("/accounts", (HttpContext http) => Accounts(http, bank, accountId: null))
            .WithName($"{bank.Id}-accounts").WithDescription("OBReadAccount6: the accounts the consent covers.")
            .Require(BankPermissions.Accounts, requirePermission).Reads(AccessedResource.AccountList);

        aisp.MapGet("/accounts/{accountId}", (HttpContext http, string accountId) => Accounts(http, bank, accountId))
            .WithName($"{bank.Id}-account").WithDescription("OBReadAccount6: one account the consent covers.")
            .Require(BankPermissions.Accounts, requirePermission).Reads(AccessedResource.AccountList);

        aisp.MapGet("/accounts/{accountId}/balances", (HttpContext http, string accountId) => Balances(http, bank, accountId))
            .WithName($"{bank.Id}-balances").WithDescription("OBReadBalance1: InterimBooked and InterimAvailable.")
            .Require(BankPermissions.Balances, requirePermission).Reads(AccessedResource.Balances("accountId"));

        aisp.MapGet("/balances", (HttpContext http) => Balances(http, bank, accountId: null))
            .WithName($"{bank.Id}-bulk-balances").WithDescription("OBReadBalance1: every covered account's balances.")
            .Require(BankPermissions.Balances, requirePermission).Reads(BulkBalances);

        aisp.MapGet("/accounts/{accountId}/transactions",
                (HttpContext http, string accountId, string? fromBookingDateTime, string? toBookingDateTime, string? page) =>
                Transactions(http, bank, accountId, fromBookingDateTime, toBookingDateTime, page))
            .WithName($"{bank.Id}-transactions").WithDescription("OBReadTransaction6: Booked and Pending; follow Links.Next.")
            .Require(BankPermissions.Transactions, requirePermission)
            .Reads(AccessedResource.Transactions("accountId", ReportPaging.PageNumber("page")));

        aisp.MapGet("/accounts/{accountId}/product", (HttpContext http, string accountId) => Products(http, bank, accountId))
            .WithName($"{bank.Id}-product").WithDescription("OBReadProduct2: the product behind the account, with lending terms.")
            .Require(BankPermissions.Products, requirePermission).Reads(AccessedResource.Product("accountId"));

        aisp.MapGet("/products", (HttpContext http) => Products(http, bank, accountId: null))
            .WithName($"{bank.Id}-bulk-products").WithDescription("OBReadProduct2: the products behind every covered account.")
            .Require(BankPermissions.Products, requirePermission).Reads(AccessedResource.ProductList);
    }

    private static readonly AccessedResource BulkBalances = new("balance-list");

    /// <summary>Every covered account (deposits, then loans and mortgages) or, with an id, that one; an id not covered is a 400.</summary>
    private static IResult Accounts(HttpContext http, SandboxBank bank, string? accountId)
    {
        if (Resolve(http, bank, BankPermissions.Accounts, out var problem) is not { } request)
        {
            return problem!;
        }
        var holder = request.Data.Customer.FullName;
        var statusTime = Time(request.Books.Now);
        var deposits = request.CoveredAccounts.Select(a => new UkAccount(
            a.Id, "Enabled", statusTime, a.Currency, "Personal",
            a.Kind == SandboxAccountKind.Savings ? "Savings" : "CurrentAccount", a.Name, Time(a.OpenedOn),
            [new UkAccountIdentification("UK.OBIE.SortCodeAccountNumber", a.Identification, holder)]));
        var lending = request.CoveredProducts.Select(p => new UkAccount(
            p.Id, p.IsActive ? "Enabled" : "Deleted", statusTime, p.Currency, "Personal",
            p.Kind == SandboxProductKind.Mortgage ? "Mortgage" : "Loan", p.Name, Time(p.OpenedOn),
            [new UkAccountIdentification("UK.OBIE.SortCodeAccountNumber", p.Identification, holder)]));
        var accounts = deposits.Concat(lending).Where(a => accountId is null || a.AccountId == accountId).ToList();
        return accountId is not null && accounts.Count == 0
            ? UkErrors.NotFound(http, "account", accountId)
            : Envelope(http, new UkAccountData(accounts));
    }

    private static IResult Balances(HttpContext http, SandboxBank bank, string? accountId)
    {
        if (Resolve(http, bank, BankPermissions.Balances, out var problem) is not { } request)
        {
            return problem!;
        }
        var now = Time(request.Books.Now);
        var balances = new List<UkBalance>();
        foreach (var account in request.CoveredAccounts.Where(a => accountId is null || a.Id == accountId))
        {
            var available = account.BookedBalance + request.Transactions(account.Id, null).Where(t => t.IsPending).Sum(t => t.Amount);
            balances.Add(Balance(account.Id, account.BookedBalance, account.Currency, "InterimBooked", now));
            balances.Add(Balance(account.Id, available, account.Currency, "InterimAvailable", now));
        }
        foreach (var lending in request.CoveredProducts.Where(p => accountId is null || p.Id == accountId))
        {
            // What is owed: a Debit balance, amount unsigned as always in UK Open Banking.
            balances.Add(Balance(lending.Id, -lending.Outstanding, lending.Currency, "InterimBooked", now));
        }
        return accountId is not null && balances.Count == 0
            ? UkErrors.NotFound(http, "account", accountId)
            : Envelope(http, new UkBalanceData(balances));
    }

    /// <summary>
    /// One account's transactions inside the consent's TransactionFrom/ToDateTime window and the
    /// query's booking window; a loan or mortgage listed by /accounts has none to report, which is
    /// an empty list, not an unknown account.
    /// </summary>
    private static async Task<IResult> Transactions(HttpContext http, SandboxBank bank, string accountId,
        string? fromBookingDateTime, string? toBookingDateTime, string? pageText)
    {
        if (Resolve(http, bank, BankPermissions.Transactions, out var problem) is not { } request)
        {
            return problem!;
        }
        var isDeposit = request.CoveredAccounts.Any(a => a.Id == accountId);
        if (!isDeposit && !request.CoveredProducts.Any(p => p.Id == accountId))
        {
            return UkErrors.NotFound(http, "account", accountId);
        }
        var page = 1;
        if (pageText is not null && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return UkErrors.BadRequest(http, UkErrors.FieldInvalid, "page is a whole number from 1; follow Links.Next rather than building it.", "page");
        }
        if (!TryTime(fromBookingDateTime, out var askedFrom) || !TryTime(toBookingDateTime, out var askedTo))
        {
            return UkErrors.BadRequest(http, UkErrors.FieldInvalidDate,
                "fromBookingDateTime and toBookingDateTime are ISO 8601 date-times, e.g. 2026-01-01T00:00:00 or 2026-01-01T00:00:00+00:00.", "fromBookingDateTime");
        }

        // The consent's transaction window; a host without the consent store (the dialect tests) has none.
        var consents = http.RequestServices.GetService(typeof(ConsentService)) as ConsentService;
        var terms = consents is not null && await consents.FindAsync(bank, request.Access.ConsentId, http.RequestAborted) is { } consent
            ? UkConsentTerms.Of(consent) : null;
        var from = Later(askedFrom, terms?.TransactionFromDateTime);
        var to = Earlier(askedTo, terms?.TransactionToDateTime);
        // The window is on BookingDateTime (components/parameters/FromBookingDateTimeParam: "The UTC ISO 8601
        // Date Time to filter transactions FROM", a parameter named for the booking date-time). A payment made
        // before the window and booked inside it is in it, so the books are read whole (they are kept by the
        // day the payment was made) and filtered here.
        var all = isDeposit
            ? request.Transactions(accountId, from: null)
                .Where(t => Booked(t) is var at && (from is null || at >= from) && (to is null || at <= to)).ToList()
            : [];
        var (items, totalPages) = Page(all, page, PageSize);
        var transactions = items.Select(t => new UkTransaction(
            accountId, t.Id, t.Id[..10].ToUpperInvariant(),
            new UkAmount(Amount(Math.Abs(t.Amount)), t.Currency), t.Amount < 0 ? "Debit" : "Credit",
            t.IsPending ? "Pending" : "Booked", Time(Booked(t)), Time(t.TransactedAt), t.Description,
            new UkProprietaryCode(t.Category, bank.Name),
            t.Amount < 0 ? new UkMerchantDetails(t.Counterparty, MerchantCategoryCode(t.Category)) : null,
            t.Amount > 0 ? new UkParty(t.Counterparty) : null));
        var next = page < totalPages
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}?page={page + 1}"
              + (fromBookingDateTime is { } since ? $"&fromBookingDateTime={Uri.EscapeDataString(since)}" : "")
              + (toBookingDateTime is { } until ? $"&toBookingDateTime={Uri.EscapeDataString(until)}" : "")
            : null;
        return Envelope(http, new UkTransactionData([.. transactions]), next, totalPages);
    }

    private static IResult Products(HttpContext http, SandboxBank bank, string? accountId)
    {
        if (Resolve(http, bank, BankPermissions.Products, out var problem) is not { } request)
        {
            return problem!;
        }
        var products = new List<UkProduct>();
        foreach (var account in request.CoveredAccounts.Where(a => accountId is null || a.Id == accountId))
        {
            var current = account.Kind == SandboxAccountKind.Checking;
            products.Add(new UkProduct(account.Id, $"{bank.Initials}-{account.Kind}".ToUpperInvariant(), account.Name,
                current ? "PersonalCurrentAccount" : "Other", current ? null : new UkOtherProductType("Savings", "Easy-access savings"), null));
        }
        foreach (var lending in request.CoveredProducts.Where(p => accountId is null || p.Id == accountId))
        {
            var details = new UkLoanDetails(
                new UkAmount(Amount(lending.OriginalAmount), lending.Currency),
                new UkAmount(Amount(lending.Outstanding), lending.Currency),
                lending.InterestRate.ToString("0.00", CultureInfo.InvariantCulture), "Fixed",
                Term(lending.TermMonths), new UkAmount(Amount(lending.MonthlyPayment), lending.Currency),
                Time(lending.MaturityDate), lending.PropertyAddress);
            products.Add(new UkProduct(lending.Id, $"{bank.Initials}-{lending.Kind}".ToUpperInvariant(), lending.Name, "Other",
                new UkOtherProductType(lending.Kind.ToString(), lending.Name), details));
        }
        return accountId is not null && products.Count == 0
            ? UkErrors.NotFound(http, "account", accountId)
            : Envelope(http, new UkProductData(products));
    }

    private static DateTimeOffset Booked(SandboxTransaction t) =>
        t.BookingDate is { } booked ? new DateTimeOffset(booked.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : t.TransactedAt;

    /// <summary>
    /// <c>uk-ob-3.1.11-account-info.json</c>, <c>components/parameters/FromBookingDateTimeParam</c> (and
    /// <c>ToBookingDateTimeParam</c> alike): "The UTC ISO 8601 Date Time to filter transactions FROM" and
    /// "If the Date Time contains a timezone, the ASPSP must ignore the timezone component." So the date
    /// and clock time are read as UTC and an offset after them changes nothing.
    /// </summary>
    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = new DateTimeOffset(parsed.DateTime, TimeSpan.Zero);
            return true;
        }
        return false;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static JsonHttpResult<UkEnvelope<T>> Envelope<T>(HttpContext http, T data, string? next = null, int totalPages = 1) =>
        TypedResults.Json(new UkEnvelope<T>(data,
            new UkLinks($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}", next),
            new UkMeta(totalPages)), PascalCase);

    private static UkBalance Balance(string accountId, decimal signed, string currency, string type, string at) =>
        new(accountId, new UkAmount(Amount(Math.Abs(signed)), currency), signed < 0 ? "Debit" : "Credit", type, at);

    /// <summary>ISO 8601 durations, as UK lending terms are written: P25Y, P5Y6M, P18M.</summary>
    private static string Term(int months) => (months / 12, months % 12) switch
    {
        (0, var m) => $"P{m}M",
        (var y, 0) => $"P{y}Y",
        (var y, var m) => $"P{y}Y{m}M",
    };

    private static string MerchantCategoryCode(string category) => category switch
    {
        SandboxCategories.Groceries => "5411",
        SandboxCategories.Dining => "5812",
        SandboxCategories.Transport => "4111",
        SandboxCategories.Shopping => "5311",
        SandboxCategories.Health => "5912",
        SandboxCategories.Utilities => "4900",
        SandboxCategories.Subscriptions => "5968",
        _ => "6012",
    };

    private static string Time(DateTimeOffset value) => UkTime.Of(value);

    private static string Time(DateOnly value) => UkTime.Of(value);
}

internal sealed record UkEnvelope<T>(T Data, UkLinks Links, UkMeta Meta);

internal sealed record UkLinks(string Self, string? Next);

internal sealed record UkMeta(int TotalPages);

internal sealed record UkAmount(string Amount, string Currency);

internal sealed record UkAccountData(IReadOnlyList<UkAccount> Account);

internal sealed record UkAccount(
    string AccountId, string Status, string StatusUpdateDateTime, string Currency, string AccountType, string AccountSubType,
    string Nickname, string OpeningDate, IReadOnlyList<UkAccountIdentification> Account);

internal sealed record UkAccountIdentification(string SchemeName, string Identification, string Name);

internal sealed record UkBalanceData(IReadOnlyList<UkBalance> Balance);

internal sealed record UkBalance(string AccountId, UkAmount Amount, string CreditDebitIndicator, string Type, string DateTime);

internal sealed record UkTransactionData(IReadOnlyList<UkTransaction> Transaction);

internal sealed record UkTransaction(
    string AccountId, string TransactionId, string TransactionReference, UkAmount Amount, string CreditDebitIndicator,
    string Status, string BookingDateTime, string ValueDateTime, string TransactionInformation,
    UkProprietaryCode ProprietaryBankTransactionCode, UkMerchantDetails? MerchantDetails, UkParty? DebtorAccount);

internal sealed record UkProprietaryCode(string Code, string Issuer);

internal sealed record UkMerchantDetails(string MerchantName, string MerchantCategoryCode);

internal sealed record UkParty(string Name);

internal sealed record UkProductData(IReadOnlyList<UkProduct> Product);

internal sealed record UkProduct(
    string AccountId, string ProductId, string ProductName, string ProductType,
    UkOtherProductType? OtherProductType, UkLoanDetails? LoanDetails);

internal sealed record UkOtherProductType(string Name, string Description);

/// <summary>Thames Bank's lending terms (Term as an ISO 8601 duration).</summary>
internal sealed record UkLoanDetails(
    UkAmount OriginalAmount, UkAmount OutstandingBalance, string InterestRate, string InterestRateType, string Term,
    UkAmount MonthlyPayment, string MaturityDate, string? PropertyAddress);
