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
/// <c>green-bank-json</c>: the reference demo's Green Bank documents as an API — PascalCase,
/// amounts as JSON numbers, ISO 8601 date-times, page-number pagination.
/// </summary>
internal static class GreenBankDialect
{
    public const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder routes, SandboxBank bank, Action<RouteHandlerBuilder, string> requirePermission)
    {
        var api = routes.MapGroup("/api").WithTags(bank.Name);

        api.MapGet("/accounts", (HttpContext http) => Accounts(http, bank))
            .WithName($"{bank.Id}-accounts").WithDescription("The accounts the consent covers; balances only with the balances permission.")
            .Require(BankPermissions.Accounts, requirePermission).Reads(AccessedResource.AccountList);

        api.MapGet("/accounts/{accountNumber}/transactions", (HttpContext http, string accountNumber, string? from, int? page) =>
                Transactions(http, bank, accountNumber, from, page ?? 1))
            .WithName($"{bank.Id}-transactions").WithDescription("Booked and pending transactions, newest first, 50 a page.")
            .Require(BankPermissions.Transactions, requirePermission)
            .Reads(AccessedResource.Transactions("accountNumber", ReportPaging.PageNumber("page")));

        api.MapGet("/products", (HttpContext http) => Products(http, bank))
            .WithName($"{bank.Id}-products").WithDescription("Loans and mortgages the consent covers.")
            .Require(BankPermissions.Products, requirePermission).Reads(AccessedResource.ProductList);
    }

    private static Results<JsonHttpResult<GreenAccountList>, ProblemHttpResult> Accounts(HttpContext http, SandboxBank bank)
    {
        if (Resolve(http, bank, BankPermissions.Accounts, out var problem) is not { } request)
        {
            return problem!;
        }
        var owner = new GreenParty(request.Data.Customer.Id, request.Data.Customer.FullName);
        var accounts = request.CoveredAccounts.Select(account => new GreenAccount(
            account.Id, bank.Name, "Active", "AccountNumber",
            new GreenAccountDate(Iso(new DateTimeOffset(account.OpenedOn.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero))),
            TypeName(account.Kind),
            request.ShowsBalances ? account.BookedBalance : null,
            account.Currency, owner, account.Narrative, account.Name));
        return TypedResults.Json(new GreenAccountList([.. accounts]), PascalCase);
    }

    private static Results<JsonHttpResult<GreenTransactionPage>, ProblemHttpResult> Transactions(
        HttpContext http, SandboxBank bank, string accountNumber, string? from, int page)
    {
        if (Resolve(http, bank, BankPermissions.Transactions, out var problem) is not { } request)
        {
            return problem!;
        }
        if (!request.Access.Covers(accountNumber) || request.Data.Account(accountNumber) is null)
        {
            return NotCovered(accountNumber);
        }
        if (!TryParseDate(from, out var fromDate) || page < 1)
        {
            return BadRequest("Use from=yyyy-MM-dd and page=1, 2, …");
        }
        var all = request.Transactions(accountNumber, fromDate);
        var (items, totalPages) = Page(all, page, PageSize);
        var transactions = items.Select(t => new GreenTransaction(
            t.Id, t.AccountId, Iso(t.TransactedAt), t.BookingDate is { } booked ? Iso(new DateTimeOffset(booked.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : null,
            t.Amount, t.Currency, t.IsPending ? "Pending" : "Booked", t.Description, t.Counterparty, t.Category));
        return TypedResults.Json(new GreenTransactionPage([.. transactions], page, PageSize, totalPages, all.Count), PascalCase);
    }

    private static Results<JsonHttpResult<GreenProductList>, ProblemHttpResult> Products(HttpContext http, SandboxBank bank)
    {
        if (Resolve(http, bank, BankPermissions.Products, out var problem) is not { } request)
        {
            return problem!;
        }
        var owner = new GreenParty(request.Data.Customer.Id, request.Data.Customer.FullName);
        var products = request.CoveredProducts.Select(product => new GreenProduct(
            product.Id, bank.Name, product.IsActive ? "Active" : "Closed", product.Kind.ToString(),
            product.Outstanding, product.Currency, product.InterestRate,
            new GreenProductDate(Iso(new DateTimeOffset(product.OpenedOn.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero))),
            owner, product.Narrative, product.TermMonths,
            product.PropertyAddress is { } address ? $"Property at {address}" : "None", product.Name));
        return TypedResults.Json(new GreenProductList([.. products]), PascalCase);
    }
}

internal sealed record GreenAccountList(IReadOnlyList<GreenAccount> Accounts);

/// <summary>The reference demo's owner (<c>UserName</c>) plus the holder's full name, which Green Bank adds.</summary>
internal sealed record GreenParty(string UserName, string Name);

internal sealed record GreenAccountDate(string OpeningDate);

internal sealed record GreenAccount(
    string AccountNumber, string AccountBank, string AccountStatus, string AccountIdentificationType,
    GreenAccountDate AccountDate, string AccountType, decimal? AccountBalance, string AccountCurrency,
    GreenParty AccountUser, string? GreenAccountNarrative, string AccountName);

internal sealed record GreenTransactionPage(IReadOnlyList<GreenTransaction> Transactions, int Page, int PageSize, int TotalPages, int TotalCount);

internal sealed record GreenTransaction(
    string TransactionId, string AccountNumber, string TransactionDate, string? BookingDate,
    decimal TransactionAmount, string TransactionCurrency, string TransactionStatus,
    string TransactionDescription, string Merchant, string Category);

internal sealed record GreenProductList(IReadOnlyList<GreenProduct> Products);

internal sealed record GreenProductDate(string OpeningDate);

/// <summary>Green Bank reports every loan and mortgage with RepaymentPeriod (months) and LoanCollateral.</summary>
internal sealed record GreenProduct(
    string ProductId, string ProductBank, string ProductStatus, string ProductType, decimal ProductAmount,
    string ProductCurrency, decimal ProductInterestRate, GreenProductDate ProductDate, GreenParty ProductCustomer,
    string? GreenProductNarrative, int RepaymentPeriod, string LoanCollateral, string ProductName);
