using System.Globalization;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Data;
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
/// <c>LoanDetails</c> is a simplification of OBReadProduct2's lending fields).
/// </summary>
internal static class UkOpenBankingDialect
{
    public const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder routes, SandboxBank bank, Action<RouteHandlerBuilder, string> requirePermission)
    {
        var aisp = routes.MapGroup("/open-banking/v3.1/aisp").WithTags(bank.Name);

        aisp.MapGet("/accounts", (HttpContext http) => Accounts(http, bank))
            .WithName($"{bank.Id}-accounts").WithDescription("OBReadAccount6: the accounts the consent covers.")
            .Require(BankPermissions.Accounts, requirePermission).Reads(AccessedResource.AccountList);

        aisp.MapGet("/accounts/{accountId}/balances", (HttpContext http, string accountId) => Balances(http, bank, accountId))
            .WithName($"{bank.Id}-balances").WithDescription("OBReadBalance1: InterimBooked and InterimAvailable.")
            .Require(BankPermissions.Balances, requirePermission).Reads(AccessedResource.Balances("accountId"));

        aisp.MapGet("/accounts/{accountId}/transactions", (HttpContext http, string accountId, DateTimeOffset? fromBookingDateTime, int? page) =>
                Transactions(http, bank, accountId, fromBookingDateTime, page ?? 1))
            .WithName($"{bank.Id}-transactions").WithDescription("OBReadTransaction6: Booked and Pending; follow Links.Next.")
            .Require(BankPermissions.Transactions, requirePermission)
            .Reads(AccessedResource.Transactions("accountId", ReportPaging.PageNumber("page")));

        aisp.MapGet("/accounts/{accountId}/product", (HttpContext http, string accountId) => Product(http, bank, accountId))
            .WithName($"{bank.Id}-product").WithDescription("OBReadProduct2: the product behind the account, with lending terms.")
            .Require(BankPermissions.Products, requirePermission).Reads(AccessedResource.Product("accountId"));
    }

    private static Results<JsonHttpResult<UkEnvelope<UkAccountData>>, ProblemHttpResult> Accounts(HttpContext http, SandboxBank bank)
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
        return Envelope(http, new UkAccountData([.. deposits, .. lending]));
    }

    private static Results<JsonHttpResult<UkEnvelope<UkBalanceData>>, ProblemHttpResult> Balances(HttpContext http, SandboxBank bank, string accountId)
    {
        if (Resolve(http, bank, BankPermissions.Balances, out var problem) is not { } request)
        {
            return problem!;
        }
        var now = Time(request.Books.Now);
        if (request.CoveredAccounts.FirstOrDefault(a => a.Id == accountId) is { } account)
        {
            var available = account.BookedBalance + request.Transactions(accountId, null).Where(t => t.IsPending).Sum(t => t.Amount);
            return Envelope(http, new UkBalanceData(
            [
                Balance(accountId, account.BookedBalance, account.Currency, "InterimBooked", now),
                Balance(accountId, available, account.Currency, "InterimAvailable", now),
            ]));
        }
        if (request.CoveredProducts.FirstOrDefault(p => p.Id == accountId) is { } lending)
        {
            // What is owed: a Debit balance, amount unsigned as always in UK Open Banking.
            return Envelope(http, new UkBalanceData([Balance(accountId, -lending.Outstanding, lending.Currency, "InterimBooked", now)]));
        }
        return NotCovered(accountId);
    }

    private static Results<JsonHttpResult<UkEnvelope<UkTransactionData>>, ProblemHttpResult> Transactions(
        HttpContext http, SandboxBank bank, string accountId, DateTimeOffset? fromBookingDateTime, int page)
    {
        if (Resolve(http, bank, BankPermissions.Transactions, out var problem) is not { } request)
        {
            return problem!;
        }
        if (request.CoveredAccounts.FirstOrDefault(a => a.Id == accountId) is null)
        {
            return NotCovered(accountId);
        }
        if (page < 1)
        {
            return BadRequest("page starts at 1.");
        }
        var from = fromBookingDateTime is { } f ? DateOnly.FromDateTime(f.UtcDateTime) : (DateOnly?)null;
        var all = request.Transactions(accountId, from);
        var (items, totalPages) = Page(all, page, PageSize);
        var transactions = items.Select(t => new UkTransaction(
            accountId, t.Id, t.Id[..10].ToUpperInvariant(),
            new UkAmount(Amount(Math.Abs(t.Amount)), t.Currency), t.Amount < 0 ? "Debit" : "Credit",
            t.IsPending ? "Pending" : "Booked",
            t.BookingDate is { } booked ? Time(booked) : Time(t.TransactedAt),
            Time(t.TransactedAt), t.Description,
            new UkProprietaryCode(t.Category, bank.Name),
            t.Amount < 0 ? new UkMerchantDetails(t.Counterparty, MerchantCategoryCode(t.Category)) : null,
            t.Amount > 0 ? new UkParty(t.Counterparty) : null));
        var next = page < totalPages
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}?page={page + 1}"
              + (fromBookingDateTime is { } since ? $"&fromBookingDateTime={Uri.EscapeDataString(since.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))}" : "")
            : null;
        return Envelope(http, new UkTransactionData([.. transactions]), next, totalPages);
    }

    private static Results<JsonHttpResult<UkEnvelope<UkProductData>>, ProblemHttpResult> Product(HttpContext http, SandboxBank bank, string accountId)
    {
        if (Resolve(http, bank, BankPermissions.Products, out var problem) is not { } request)
        {
            return problem!;
        }
        if (request.CoveredAccounts.FirstOrDefault(a => a.Id == accountId) is { } account)
        {
            var current = account.Kind == SandboxAccountKind.Checking;
            return Envelope(http, new UkProductData([new UkProduct(accountId, $"{bank.Initials}-{account.Kind}".ToUpperInvariant(), account.Name,
                current ? "PersonalCurrentAccount" : "Other", current ? null : new UkOtherProductType("Savings", "Easy-access savings"), null)]));
        }
        if (request.CoveredProducts.FirstOrDefault(p => p.Id == accountId) is { } lending)
        {
            var details = new UkLoanDetails(
                new UkAmount(Amount(lending.OriginalAmount), lending.Currency),
                new UkAmount(Amount(lending.Outstanding), lending.Currency),
                lending.InterestRate.ToString("0.00", CultureInfo.InvariantCulture), "Fixed",
                Term(lending.TermMonths), new UkAmount(Amount(lending.MonthlyPayment), lending.Currency),
                Time(lending.MaturityDate), lending.PropertyAddress);
            return Envelope(http, new UkProductData([new UkProduct(accountId, $"{bank.Initials}-{lending.Kind}".ToUpperInvariant(), lending.Name, "Other",
                new UkOtherProductType(lending.Kind.ToString(), lending.Name), details)]));
        }
        return NotCovered(accountId);
    }

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

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static string Time(DateOnly value) => Time(new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
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
