using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
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
/// <c>mongodb-bank-json</c>: the reference demo's MongoDB Bank variant — MDB narratives,
/// mortgages with AmortizationPeriod (years) and PropertyDetails, amounts as strings, dates as
/// <c>yyyy-MM-dd</c>, opaque cursors for paging.
/// </summary>
internal static class MongoDbBankDialect
{
    public const int PageSize = 40;

    public static void Map(IEndpointRouteBuilder routes, SandboxBank bank, Action<RouteHandlerBuilder, string> requirePermission)
    {
        var api = routes.MapGroup("/api").WithTags(bank.Name);

        api.MapGet("/accounts", (HttpContext http) => Accounts(http, bank))
            .WithName($"{bank.Id}-accounts").WithDescription("The accounts the consent covers; balances only with the balances permission.")
            .Require(BankPermissions.Accounts, requirePermission).Reads(AccessedResource.AccountList);

        api.MapGet("/accounts/{accountNumber}/transactions", (HttpContext http, string accountNumber, string? from, string? cursor) =>
                Transactions(http, bank, accountNumber, from, cursor))
            .WithName($"{bank.Id}-transactions").WithDescription("Posted and pending transactions, newest first; follow next_cursor.")
            .Require(BankPermissions.Transactions, requirePermission)
            .Reads(AccessedResource.Transactions("accountNumber", ReportPaging.Cursor("cursor")));

        api.MapGet("/products", (HttpContext http) => Products(http, bank))
            .WithName($"{bank.Id}-products").WithDescription("Loans and mortgages the consent covers.")
            .Require(BankPermissions.Products, requirePermission).Reads(AccessedResource.ProductList);
    }

    private static Results<JsonHttpResult<MdbAccountList>, ProblemHttpResult> Accounts(HttpContext http, SandboxBank bank)
    {
        if (Resolve(http, bank, BankPermissions.Accounts, out var problem) is not { } request)
        {
            return problem!;
        }
        var owner = new MdbParty(request.Data.Customer.Id, request.Data.Customer.FullName);
        var accounts = request.CoveredAccounts.Select(account => new MdbAccount(
            account.Id, bank.Name, "Active", "AccountNumber", new MdbDate(Iso(account.OpenedOn)), TypeName(account.Kind),
            request.ShowsBalances ? Amount(account.BookedBalance) : null, account.Currency, owner, account.Narrative, account.Name));
        return TypedResults.Json(new MdbAccountList([.. accounts]), PascalCase);
    }

    private static Results<JsonHttpResult<MdbTransactionPage>, ProblemHttpResult> Transactions(
        HttpContext http, SandboxBank bank, string accountNumber, string? from, string? cursor)
    {
        if (Resolve(http, bank, BankPermissions.Transactions, out var problem) is not { } request)
        {
            return problem!;
        }
        if (!request.Access.Covers(accountNumber) || request.Data.Account(accountNumber) is null)
        {
            return NotCovered(accountNumber);
        }
        if (!TryParseDate(from, out var fromDate) || !TryReadCursor(cursor, out var offset))
        {
            return BadRequest("Use from=yyyy-MM-dd and the next_cursor of the previous page.");
        }
        var all = request.Transactions(accountNumber, fromDate);
        var items = all.Skip(offset).Take(PageSize).Select(t => new MdbTransaction(
            t.Id, t.AccountId, Iso(DateOnly.FromDateTime(t.TransactedAt.UtcDateTime)), t.BookingDate is { } posted ? Iso(posted) : null,
            Amount(t.Amount), t.Currency, t.IsPending ? "pending" : "posted", t.Description, t.Counterparty, t.Category));
        var next = offset + PageSize < all.Count ? WriteCursor(offset + PageSize) : null;
        return TypedResults.Json(new MdbTransactionPage([.. items], next, next is not null), PascalCase);
    }

    private static Results<JsonHttpResult<MdbProductList>, ProblemHttpResult> Products(HttpContext http, SandboxBank bank)
    {
        if (Resolve(http, bank, BankPermissions.Products, out var problem) is not { } request)
        {
            return problem!;
        }
        var owner = new MdbParty(request.Data.Customer.Id, request.Data.Customer.FullName);
        var products = request.CoveredProducts.Select(product =>
        {
            var mortgage = product.Kind == SandboxProductKind.Mortgage;
            return new MdbProduct(
                product.Id, bank.Name, product.IsActive ? "Active" : "Closed", product.Kind.ToString(),
                Amount(product.Outstanding), product.Currency, product.InterestRate.ToString("0.00", CultureInfo.InvariantCulture),
                new MdbDate(Iso(product.OpenedOn)), owner, product.Narrative,
                RepaymentPeriod: mortgage ? null : product.TermMonths,
                LoanCollateral: mortgage ? null : "None",
                AmortizationPeriod: mortgage ? product.TermMonths / 12 : null,
                PropertyDetails: mortgage ? new MdbPropertyDetails(product.PropertyAddress!, Amount(product.PropertyValue!.Value)) : null,
                ProductName: product.Name);
        });
        return TypedResults.Json(new MdbProductList([.. products]), PascalCase);
    }

    private static string WriteCursor(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset.ToString(CultureInfo.InvariantCulture)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadCursor(string? cursor, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text["offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

internal sealed record MdbAccountList(IReadOnlyList<MdbAccount> Accounts);

/// <summary>The reference demo's owner (<c>UserName</c>) plus the holder's full name, which MongoDB Bank adds.</summary>
internal sealed record MdbParty(string UserName, string Name);

internal sealed record MdbDate(string OpeningDate);

internal sealed record MdbAccount(
    string AccountNumber, string AccountBank, string AccountStatus, string AccountIdentificationType,
    MdbDate AccountDate, string AccountType, string? AccountBalance, string AccountCurrency,
    MdbParty AccountUser, string? MDBAccountNarrative, string AccountName);

internal sealed record MdbTransactionPage(
    IReadOnlyList<MdbTransaction> Transactions,
    [property: JsonPropertyName("next_cursor")] string? NextCursor,
    [property: JsonPropertyName("has_more")] bool HasMore);

internal sealed record MdbTransaction(
    string TransactionId, string AccountNumber, string Date, string? PostedDate, string Amount, string Currency,
    string Status, string Description, string MerchantName, string Category);

internal sealed record MdbProductList(IReadOnlyList<MdbProduct> Products);

internal sealed record MdbPropertyDetails(string Address, string PropertyValue);

/// <summary>Loans carry RepaymentPeriod (months) and LoanCollateral; mortgages AmortizationPeriod (years) and PropertyDetails.</summary>
internal sealed record MdbProduct(
    string ProductId, string ProductBank, string ProductStatus, string ProductType, string ProductAmount,
    string ProductCurrency, string ProductInterestRate, MdbDate ProductDate, MdbParty ProductCustomer,
    string? MDBProductNarrative, int? RepaymentPeriod, string? LoanCollateral, int? AmortizationPeriod,
    MdbPropertyDetails? PropertyDetails, string ProductName);
