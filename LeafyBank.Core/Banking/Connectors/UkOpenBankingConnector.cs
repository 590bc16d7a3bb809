using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// <c>uk-open-banking-3.1</c>: <c>Data</c>/<c>Links</c>/<c>Meta</c> envelopes, unsigned amounts
/// with <c>CreditDebitIndicator</c> (Debit → negative), <c>Links.Next</c>. Accounts whose
/// AccountSubType is Loan or Mortgage become products, with terms from the product endpoint
/// (Term as an ISO 8601 duration → months) and the outstanding debt as a positive amount.
/// </summary>
public sealed class UkOpenBankingConnector(HttpClient httpClient, TimeProvider timeProvider) : IBankConnector
{
    public string Dialect => BankDialects.UkOpenBanking;

    public async Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
    {
        var call = new BankApiCall(httpClient, request, headers => headers.Add("x-fapi-interaction-id", Guid.NewGuid().ToString()),
            BankApiCall.FapiCustomerIpAddressHeader)
        { Clock = timeProvider };
        var map = new UnifiedMapping(request, timeProvider.GetUtcNow().UtcDateTime);
        if (!map.Allows(ConsentPermissions.Accounts))
        {
            return map.Snapshot([], [], []);
        }

        var list = await call.GetAsync<UkEnvelopeJson<UkAccountDataJson>>(call.AccountsEndpoint, "the account list", BankJson.PascalCase, cancellationToken);
        var accounts = new List<ExternalAccount>();
        var products = new List<ExternalProduct>();
        foreach (var account in list.Data.Account)
        {
            var balances = map.Allows(ConsentPermissions.Balances)
                ? (await call.GetAsync<UkEnvelopeJson<UkBalanceDataJson>>(call.AccountPath(account.AccountId, "balances"), "the balances", BankJson.PascalCase, cancellationToken)).Data.Balance
                : null;
            if (BankValues.IsLending(account.AccountSubType))
            {
                var productTerms = map.Allows(ConsentPermissions.Products)
                    ? (await call.GetAsync<UkEnvelopeJson<UkProductDataJson>>(call.AccountPath(account.AccountId, "product"), "the loan terms", BankJson.PascalCase, cancellationToken)).Data.Product
                    : [];
                var product = productTerms is [var terms, ..] ? terms : null;
                products.Add(call.Map("a loan account", () => Lending(map, account, balances, product)));
            }
            else
            {
                accounts.Add(call.Map("an account", () => Deposit(map, account, balances)));
            }
        }

        var transactions = new List<ExternalTransaction>();
        var withdrawn = new List<string>();
        if (map.Allows(ConsentPermissions.Transactions))
        {
            foreach (var account in accounts)
            {
                var first = call.AccountPath(account.AccountId, "transactions", request.TransactionsSince is { } since
                    ? "fromBookingDateTime=" + Uri.EscapeDataString($"{since:yyyy-MM-dd}T00:00:00+00:00")
                    : null);
                await foreach (var page in call.GetPagesAsync<UkEnvelopeJson<UkTransactionDataJson>>(first, "the transactions", BankJson.PascalCase,
                    page => call.Link(page.Links?.Next, "the transactions"), cancellationToken))
                {
                    transactions.AddRange(call.Map("the transactions", () => page.Data.Transaction
                        .Where(t => !BankValues.IsRejected(t.Status))
                        .Select(t => Transaction(map, account.AccountId, t)).ToList()));
                    withdrawn.AddRange(page.Data.Transaction.Where(t => BankValues.IsRejected(t.Status)).Select(t => t.TransactionId));
                }
            }
        }
        return map.Snapshot(accounts, products, transactions, withdrawn);
    }

    /// <summary>
    /// A Booked or Pending entry. Rejected ones never get here: they moved no money. Their ids go in
    /// the snapshot's <see cref="BankSnapshot.WithdrawnTransactionIds"/> instead, so an entry stored
    /// earlier while it was pending leaves the customer's list at this sync, as a declined payment
    /// leaves a banking app's, rather than when the pending lifetime runs out
    /// (<see cref="Sync.SyncService.PendingLifetimeDays"/>).
    /// </summary>
    private static ExternalTransaction Transaction(UnifiedMapping map, string accountId, UkTransactionJson t)
    {
        var status = BankValues.BookingStatus(t.Status);
        return map.Transaction(
            t.TransactionId, accountId, status,
            BankValues.Signed(t.Amount.Amount, t.CreditDebitIndicator), t.Amount.Currency,
            status == BookingStatuses.Booked ? BankValues.Utc(t.BookingDateTime) : null,
            BankValues.Utc(t.ValueDateTime ?? t.BookingDateTime),
            t.TransactionInformation, t.MerchantDetails?.MerchantName ?? t.DebtorAccount?.Name,
            BankValues.Category(t.ProprietaryBankTransactionCode?.Code));
    }

    private static ExternalAccount Deposit(UnifiedMapping map, UkAccountJson account, IReadOnlyList<UkBalanceJson>? balances)
    {
        var booked = Pick(balances, "InterimBooked", "ClosingBooked", "Expected", "InterimAvailable");
        var available = Pick(balances, "InterimAvailable", "ClosingAvailable");
        var identification = account.Account is [var first, ..] ? first : null;
        return map.Account(account.AccountId, BankValues.AccountType(account.AccountSubType), BankValues.AccountStatus(account.Status),
            booked is null ? 0m : BankValues.Signed(booked.Amount.Amount, booked.CreditDebitIndicator), account.Currency,
            OpeningDate(account), greenNarrative: null,
            UnifiedMapping.Extras(
                ("AccountSubType", account.AccountSubType),
                ("SchemeName", identification?.SchemeName), ("Identification", identification?.Identification),
                ("AvailableBalance", available is null ? null : BankValues.Signed(available.Amount.Amount, available.CreditDebitIndicator)),
                ("BalanceShared", booked is not null)),
            Naming(account, productName: null));
    }

    private static ExternalProduct Lending(UnifiedMapping map, UkAccountJson account, IReadOnlyList<UkBalanceJson>? balances, UkProductJson? product)
    {
        var terms = product?.LoanDetails;
        var outstanding = terms?.OutstandingBalance.Amount
            ?? Pick(balances, "InterimBooked", "ClosingBooked", "Expected")?.Amount.Amount
            ?? 0m;
        return map.Product(account.AccountId, BankValues.ProductType(account.AccountSubType), BankValues.ProductStatus(account.Status),
            outstanding, account.Currency, terms?.InterestRate, OpeningDate(account),
            terms?.Term is { } term ? BankValues.DurationMonths(term) : null,
            terms is null ? null : terms.PropertyAddress is { } address ? $"Property at {address}" : "None",
            greenNarrative: null,
            UnifiedMapping.Extras(
                ("ProductName", product?.ProductName), ("InterestRateType", terms?.InterestRateType),
                ("OriginalAmount", terms?.OriginalAmount?.Amount), ("MonthlyPayment", terms?.MonthlyPayment?.Amount),
                ("MaturityDate", terms?.MaturityDate?.UtcDateTime)),
            Naming(account, product?.ProductName));
    }

    /// <summary>
    /// UK Open Banking names the account in <c>Nickname</c>; <c>Account[].Name</c> is the account
    /// holder's name, not the account's. A loan without a nickname goes by its product's name.
    /// </summary>
    private static BankNaming Naming(UkAccountJson account, string? productName)
    {
        var identification = account.Account is [var first, ..] ? first : null;
        return new BankNaming(account.Nickname ?? productName, identification?.Identification, identification?.Name);
    }

    private static UkBalanceJson? Pick(IReadOnlyList<UkBalanceJson>? balances, params string[] types) =>
        BankValues.Preferred(balances, balance => balance.Type, types);

    private static DateTime OpeningDate(UkAccountJson account) =>
        account.OpeningDate is { } opened ? BankValues.Utc(opened) : DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
}

internal sealed record UkEnvelopeJson<T>(T Data, UkLinksJson? Links = null);

internal sealed record UkLinksJson(string? Self = null, string? Next = null);

internal sealed record UkAmountJson(decimal Amount, string Currency);

internal sealed record UkAccountDataJson(IReadOnlyList<UkAccountJson> Account);

internal sealed record UkAccountJson(
    string AccountId, string Currency, string AccountSubType, string? AccountType = null, string? Status = null,
    string? Nickname = null, DateTimeOffset? OpeningDate = null, IReadOnlyList<UkAccountIdentificationJson>? Account = null);

internal sealed record UkAccountIdentificationJson(string SchemeName, string Identification, string? Name = null);

internal sealed record UkBalanceDataJson(IReadOnlyList<UkBalanceJson> Balance);

internal sealed record UkBalanceJson(UkAmountJson Amount, string CreditDebitIndicator, string Type);

internal sealed record UkTransactionDataJson(IReadOnlyList<UkTransactionJson> Transaction);

internal sealed record UkTransactionJson(
    string TransactionId, UkAmountJson Amount, string CreditDebitIndicator, string Status, DateTimeOffset BookingDateTime,
    DateTimeOffset? ValueDateTime = null, string? TransactionInformation = null, UkMerchantJson? MerchantDetails = null,
    UkPartyJson? DebtorAccount = null, UkProprietaryCodeJson? ProprietaryBankTransactionCode = null);

internal sealed record UkMerchantJson(string? MerchantName = null, string? MerchantCategoryCode = null);

internal sealed record UkPartyJson(string? Name = null);

internal sealed record UkProprietaryCodeJson(string Code, string? Issuer = null);

internal sealed record UkProductDataJson(IReadOnlyList<UkProductJson> Product);

internal sealed record UkProductJson(string AccountId, string? ProductName = null, string? ProductType = null, UkLoanDetailsJson? LoanDetails = null);

internal sealed record UkLoanDetailsJson(
    UkAmountJson OutstandingBalance, decimal? InterestRate = null, string? Term = null, string? InterestRateType = null,
    UkAmountJson? OriginalAmount = null, UkAmountJson? MonthlyPayment = null, DateTimeOffset? MaturityDate = null, string? PropertyAddress = null);
