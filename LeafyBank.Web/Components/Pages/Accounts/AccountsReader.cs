using LeafyBank.Core.Accounts;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// Reads a customer's accounts and loans for the Accounts pages: the documents from Core's
/// owner-scoped <see cref="IAccountsQuery"/>, and every derived figure — base-currency values
/// at the position's rates, loan payments and payoff, freshness — from the global position the
/// dashboard shows, so both pages say the same as the dashboard.
/// </summary>
public static class AccountsReader
{
    public static async Task<AccountsOverview> ReadAsync(IAccountsQuery accounts, IGlobalPositionService positions, LeafyUser user,
        CancellationToken cancellationToken)
    {
        var position = await positions.GetAsync(user, cancellationToken);
        var held = await accounts.GetAsync(user.Id, cancellationToken);

        var rows = held.LeafyBank.Select(a => Row(a, position))
            .Concat(held.Linked.Select(a => Row(a, position)))
            .Concat(held.Products.Select(p => Row(p, position)));
        var institutions = rows
            .GroupBy(r => (r.Bank, r.Internal))
            .OrderBy(g => g.Key, InstitutionOrder.Comparer)
            .Select(g => new InstitutionAccounts(g.Key.Bank, g.Key.Internal, [.. g
                .OrderBy(r => r.IsLoan)
                .ThenByDescending(r => r.IsActive)
                .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.Id, StringComparer.Ordinal)])
            {
                Totals = position.ByInstitution.FirstOrDefault(i => i.Internal == g.Key.Internal && string.Equals(i.Bank, g.Key.Bank, StringComparison.Ordinal)),
            })
            .ToList();
        return new AccountsOverview(position.Currency, institutions, position);
    }

    /// <summary>
    /// The linked banks' connection states (Core's one lifecycle), read beside the position, which has
    /// already counted what each bank holds: a bank whose consent ended says so rather than "update
    /// failed", and its pending payments are not said to be still changing. Null when they cannot be
    /// read: the accounts still show, with what the position knows.
    /// </summary>
    /// <param name="day">Words the day of an instant in an explanation: the customer's own (<c>CustomerTimeZone.Day</c>).</param>
    public static async Task<IReadOnlyList<BankConnection>?> ReadConnectionsAsync(ConnectionOverview connections, LeafyUser user, GlobalPosition position,
        Func<DateTime, string> day, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await connections.ListAsync(user.Id, BankConnection.HoldingsOf(position), cancellationToken)).Select(summary => BankConnection.From(summary, day))];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The connection states could not be read; the accounts pages show what the position knows");
            return null;
        }
    }

    private static AccountRow Row(InternalAccount account, GlobalPosition position) => new(
        PositionRules.LeafyBankInstitution, true, false, account.AccountNumber, account.Id.ToString(), AccountWords.Name(account), AccountWords.Masked(account.AccountNumber),
        AccountWords.Type(account.AccountType), account.AccountStatus, account.AccountStatus != AccountStatuses.Closed,
        account.AccountBalance, account.AccountCurrency, InBase(position, account.AccountCurrency, account.AccountBalance), null,
        Opened(account.AccountDate.OpeningDate), null, null)
    { CountsInTotals = account.AccountStatus != AccountStatuses.Closed };

    private static AccountRow Row(ExternalAccount account, GlobalPosition position) => new(
        account.AccountBank, false, false, account.AccountId, account.Id.ToString(), AccountWords.Name(account), AccountWords.Masked(AccountWords.Number(account)),
        AccountWords.Type(account.AccountType), account.AccountStatus, account.AccountStatus != AccountStatuses.Closed,
        account.AccountBalance, account.AccountCurrency, InBase(position, account.AccountCurrency, account.AccountBalance),
        account.GreenAccountNarrative, Opened(account.AccountDate.OpeningDate), account.Source?.RetrievedAt, null)
    {
        CountsInTotals = account.AccountStatus != AccountStatuses.Closed,
        Sharing = BalanceSharingWords.Of(!PositionRules.BalanceNotShared(account), account.AccountBalance),
        NoLongerSharedSince = account.NoLongerSharedSince,
    };

    private static AccountRow Row(ExternalProduct product, GlobalPosition position)
    {
        // The position holds active loans and mortgages with their derived payment and payoff; others get what the document says.
        var loan = position.Loans.FirstOrDefault(l => l.ProductId == product.ProductId && l.Bank == product.ProductBank);
        var terms = loan is not null
            ? new LoanTerms(loan.InterestRate, loan.MonthlyPayment, loan.PayoffDate, loan.TermMonths, loan.Collateral)
            : new LoanTerms(product.ProductInterestRate, null, null, PositionRules.TermReported(product.RepaymentPeriod) ? product.RepaymentPeriod : null,
                product.LoanCollateral);
        return new AccountRow(
            product.ProductBank, false, true, product.ProductId, product.Id.ToString(), AccountWords.Name(product), AccountWords.Masked(AccountWords.Number(product)),
            AccountWords.Type(product.ProductType), product.ProductStatus, product.ProductStatus == ProductStatuses.Active,
            product.ProductAmount, product.ProductCurrency, loan?.OutstandingInBase ?? InBase(position, product.ProductCurrency, product.ProductAmount),
            product.GreenProductNarrative, Opened(product.ProductDate.OpeningDate), product.Source?.RetrievedAt, terms)
        {
            // The position lists exactly the loans and mortgages its debt counts (active ones).
            CountsInTotals = loan is not null,
            NoLongerSharedSince = product.NoLongerSharedSince,
        };
    }

    /// <summary>At the rate the position used; a currency the rate table does not know stays unconverted (null), never guessed.</summary>
    private static decimal? InBase(GlobalPosition position, string currency, decimal amount)
    {
        var code = currency.Trim().ToUpperInvariant();
        decimal? rate = code == position.Currency
            ? 1m
            : position.Rates.RatesUsed.FirstOrDefault(r => r.Currency == code)?.RateToBase;
        return rate is { } known ? decimal.Round(amount * known, 2, MidpointRounding.AwayFromZero) : null;
    }

    private static DateOnly? Opened(DateTime openingDate) =>
        PositionRules.OpeningDateReported(openingDate) ? DateOnly.FromDateTime(openingDate) : null;
}
