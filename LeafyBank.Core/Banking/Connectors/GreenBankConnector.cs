using System.Globalization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// <c>green-bank-json</c>: the reference demo's Green Bank shape — JSON numbers, ISO 8601
/// date-times, page numbers. Green narratives map straight onto the unified model.
/// </summary>
public sealed class GreenBankConnector(HttpClient httpClient, TimeProvider timeProvider) : IBankConnector
{
    public string Dialect => BankDialects.GreenBank;

    public async Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
    {
        var call = new BankApiCall(httpClient, request) { Clock = timeProvider };
        var map = new UnifiedMapping(request, timeProvider.GetUtcNow().UtcDateTime);

        var accountList = map.Allows(ConsentPermissions.Accounts)
            ? (await call.GetAsync<GreenAccountsJson>(call.AccountsEndpoint, "the account list", BankJson.PascalCase, cancellationToken)).Accounts
            : [];
        var accounts = call.Map("the account list", () => accountList.Select(a => map.Account(
            a.AccountNumber, BankValues.AccountType(a.AccountType), BankValues.AccountStatus(a.AccountStatus),
            a.AccountBalance ?? 0m, a.AccountCurrency, BankValues.Utc(a.AccountDate.OpeningDate), a.GreenAccountNarrative,
            UnifiedMapping.Extras(("AccountIdentificationType", a.AccountIdentificationType), ("BalanceShared", a.AccountBalance is not null)),
            new BankNaming(a.AccountName, a.AccountNumber, a.AccountUser?.Name))).ToList());

        var products = new List<ExternalProduct>();
        if (map.Allows(ConsentPermissions.Products))
        {
            var productList = await call.GetAsync<GreenProductsJson>(call.Sibling("products"), "the loans and mortgages", BankJson.PascalCase, cancellationToken);
            products.AddRange(call.Map("the loans and mortgages", () => productList.Products.Select(p => map.Product(
                p.ProductId, BankValues.ProductType(p.ProductType), BankValues.ProductStatus(p.ProductStatus), p.ProductAmount,
                p.ProductCurrency, p.ProductInterestRate, BankValues.Utc(p.ProductDate.OpeningDate), p.RepaymentPeriod, p.LoanCollateral,
                p.GreenProductNarrative, naming: new BankNaming(p.ProductName, Identification: null, p.ProductCustomer?.Name))).ToList()));
        }

        var transactions = new List<ExternalTransaction>();
        if (map.Allows(ConsentPermissions.Transactions))
        {
            foreach (var account in accounts)
            {
                var first = TransactionsPage(call, account.AccountId, request.TransactionsSince, 1);
                await foreach (var page in call.GetPagesAsync<GreenTransactionPageJson>(first, "the transactions", BankJson.PascalCase,
                    page => page.Page < page.TotalPages ? TransactionsPage(call, account.AccountId, request.TransactionsSince, page.Page + 1) : null,
                    cancellationToken))
                {
                    transactions.AddRange(call.Map("the transactions", () => page.Transactions.Select(t => map.Transaction(
                        t.TransactionId, account.AccountId, BankValues.BookingStatus(t.TransactionStatus), t.TransactionAmount,
                        t.TransactionCurrency, t.BookingDate is { } booked ? BankValues.Utc(booked) : null, BankValues.Utc(t.TransactionDate),
                        t.TransactionDescription, t.Merchant, BankValues.Category(t.Category))).ToList()));
                }
            }
        }
        return map.Snapshot(accounts, products, transactions);
    }

    private static Uri TransactionsPage(BankApiCall call, string accountNumber, DateOnly? since, int page) =>
        call.AccountPath(accountNumber, "transactions", string.Create(CultureInfo.InvariantCulture,
            $"page={page}{(since is { } from ? $"&from={from:yyyy-MM-dd}" : "")}"));
}

internal sealed record GreenAccountsJson(IReadOnlyList<GreenAccountJson> Accounts);

internal sealed record GreenDateJson(DateTimeOffset OpeningDate);

/// <summary>The reference demo sends only <c>UserName</c>; Green Bank adds the holder's <c>Name</c>.</summary>
internal sealed record GreenPartyJson(string? UserName = null, string? Name = null);

internal sealed record GreenAccountJson(
    string AccountNumber, string AccountType, string AccountCurrency, GreenDateJson AccountDate,
    decimal? AccountBalance = null, string? AccountStatus = null, string? AccountIdentificationType = null,
    string? GreenAccountNarrative = null, string? AccountName = null, GreenPartyJson? AccountUser = null);

internal sealed record GreenTransactionPageJson(IReadOnlyList<GreenTransactionJson> Transactions, int Page, int TotalPages);

internal sealed record GreenTransactionJson(
    string TransactionId, DateTimeOffset TransactionDate, decimal TransactionAmount, string TransactionCurrency,
    string TransactionStatus, DateTimeOffset? BookingDate = null, string? TransactionDescription = null,
    string? Merchant = null, string? Category = null);

internal sealed record GreenProductsJson(IReadOnlyList<GreenProductJson> Products);

internal sealed record GreenProductJson(
    string ProductId, string ProductType, decimal ProductAmount, string ProductCurrency, GreenDateJson ProductDate,
    string? ProductStatus = null, decimal? ProductInterestRate = null, int? RepaymentPeriod = null,
    string? LoanCollateral = null, string? GreenProductNarrative = null, string? ProductName = null, GreenPartyJson? ProductCustomer = null);
