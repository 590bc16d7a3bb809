using System.Globalization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// <c>mongodb-bank-json</c>: the reference demo's MongoDB Bank shape — string amounts,
/// <c>yyyy-MM-dd</c> dates, cursors. MDB narratives have no place in the unified model and are
/// kept in BankExtras; mortgages' AmortizationPeriod (years) becomes RepaymentPeriod (months)
/// and PropertyDetails becomes the collateral.
/// </summary>
public sealed class MongoDbBankConnector(HttpClient httpClient, TimeProvider timeProvider) : IBankConnector
{
    public string Dialect => BankDialects.MongoDbBank;

    public async Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
    {
        var call = new BankApiCall(httpClient, request) { Clock = timeProvider };
        var map = new UnifiedMapping(request, timeProvider.GetUtcNow().UtcDateTime);

        var accountList = map.Allows(ConsentPermissions.Accounts)
            ? (await call.GetAsync<MdbAccountsJson>(call.AccountsEndpoint, "the account list", BankJson.PascalCase, cancellationToken)).Accounts
            : [];
        var accounts = call.Map("the account list", () => accountList.Select(a => map.Account(
            a.AccountNumber, BankValues.AccountType(a.AccountType), BankValues.AccountStatus(a.AccountStatus),
            a.AccountBalance ?? 0m, a.AccountCurrency, BankValues.Utc(a.AccountDate.OpeningDate), greenNarrative: null,
            UnifiedMapping.Extras(("MDBAccountNarrative", a.MDBAccountNarrative), ("BalanceShared", a.AccountBalance is not null)),
            new BankNaming(a.AccountName, a.AccountNumber, a.AccountUser?.Name))).ToList());

        var products = new List<ExternalProduct>();
        if (map.Allows(ConsentPermissions.Products))
        {
            var productList = await call.GetAsync<MdbProductsJson>(call.Sibling("products"), "the loans and mortgages", BankJson.PascalCase, cancellationToken);
            products.AddRange(call.Map("the loans and mortgages", () => productList.Products.Select(p => map.Product(
                p.ProductId, BankValues.ProductType(p.ProductType), BankValues.ProductStatus(p.ProductStatus), p.ProductAmount,
                p.ProductCurrency, p.ProductInterestRate, BankValues.Utc(p.ProductDate.OpeningDate),
                p.RepaymentPeriod ?? (p.AmortizationPeriod is { } years ? BankValues.YearsToMonths(years) : null),
                p.LoanCollateral ?? (p.PropertyDetails is { } property ? $"Property at {property.Address}" : null),
                greenNarrative: null,
                UnifiedMapping.Extras(
                    ("MDBProductNarrative", p.MDBProductNarrative),
                    ("AmortizationPeriod", p.AmortizationPeriod),
                    ("PropertyAddress", p.PropertyDetails?.Address),
                    ("PropertyValue", p.PropertyDetails?.PropertyValue)),
                new BankNaming(p.ProductName, Identification: null, p.ProductCustomer?.Name))).ToList()));
        }

        var transactions = new List<ExternalTransaction>();
        if (map.Allows(ConsentPermissions.Transactions))
        {
            foreach (var account in accounts)
            {
                await foreach (var page in call.GetPagesAsync<MdbTransactionPageJson>(
                    TransactionsPage(call, account.AccountId, request.TransactionsSince, cursor: null), "the transactions", BankJson.PascalCase,
                    page => page.NextCursor is { Length: > 0 } cursor ? TransactionsPage(call, account.AccountId, request.TransactionsSince, cursor) : null,
                    cancellationToken))
                {
                    transactions.AddRange(call.Map("the transactions", () => page.Transactions.Select(t => map.Transaction(
                        t.TransactionId, account.AccountId, BankValues.BookingStatus(t.Status), t.Amount, t.Currency,
                        t.PostedDate is { } posted ? BankValues.Utc(posted) : null, BankValues.Utc(t.Date),
                        t.Description, t.MerchantName, BankValues.Category(t.Category))).ToList()));
                }
            }
        }
        return map.Snapshot(accounts, products, transactions);
    }

    private static Uri TransactionsPage(BankApiCall call, string accountNumber, DateOnly? since, string? cursor)
    {
        var query = new List<string>();
        if (since is { } from)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}"));
        }
        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }
        return call.AccountPath(accountNumber, "transactions", query.Count == 0 ? null : string.Join('&', query));
    }
}

internal sealed record MdbAccountsJson(IReadOnlyList<MdbAccountJson> Accounts);

internal sealed record MdbDateJson(DateOnly OpeningDate);

/// <summary>The reference demo sends only <c>UserName</c>; MongoDB Bank adds the holder's <c>Name</c>.</summary>
internal sealed record MdbPartyJson(string? UserName = null, string? Name = null);

internal sealed record MdbAccountJson(
    string AccountNumber, string AccountType, string AccountCurrency, MdbDateJson AccountDate,
    decimal? AccountBalance = null, string? AccountStatus = null, string? MDBAccountNarrative = null,
    string? AccountName = null, MdbPartyJson? AccountUser = null);

internal sealed record MdbTransactionPageJson(
    IReadOnlyList<MdbTransactionJson> Transactions,
    [property: System.Text.Json.Serialization.JsonPropertyName("next_cursor")] string? NextCursor = null);

internal sealed record MdbTransactionJson(
    string TransactionId, DateOnly Date, decimal Amount, string Currency, string Status,
    DateOnly? PostedDate = null, string? Description = null, string? MerchantName = null, string? Category = null);

internal sealed record MdbProductsJson(IReadOnlyList<MdbProductJson> Products);

internal sealed record MdbPropertyJson(string Address, decimal? PropertyValue = null);

internal sealed record MdbProductJson(
    string ProductId, string ProductType, decimal ProductAmount, string ProductCurrency, MdbDateJson ProductDate,
    string? ProductStatus = null, decimal? ProductInterestRate = null, int? RepaymentPeriod = null, string? LoanCollateral = null,
    int? AmortizationPeriod = null, MdbPropertyJson? PropertyDetails = null, string? MDBProductNarrative = null,
    string? ProductName = null, MdbPartyJson? ProductCustomer = null);
