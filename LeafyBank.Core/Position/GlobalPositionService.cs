using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Position;

/// <summary>
/// Computes a customer's global position: the engine supplies the raw material in one query
/// (<see cref="IPositionQuery"/>); <see cref="Compute"/> does every conversion and sum, the same
/// code for both engines. The CLI's <c>position</c> command, the dashboard and the API all come
/// through here.
/// </summary>
public sealed class GlobalPositionService(IDocumentStore store, IPositionQuery query, ExchangeRates rates, TimeProvider? timeProvider = null)
    : IGlobalPositionService
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public async Task<GlobalPosition?> GetForUserNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await store.Collection(OpenFinanceCollections.Users)
            .FindByKeyAsync([userName], cancellationToken);
        return user is null ? null : await GetAsync(user, cancellationToken);
    }

    public async Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default)
    {
        var snapshot = await query.GetSnapshotAsync(user.Id, cancellationToken);
        var now = clock.GetUtcNow();
        // A loan payment due today counts as made from the customer's midnight, not from midnight UTC.
        return Compute(user.UserName, user.BaseCurrency, snapshot, rates, now.UtcDateTime, CustomerCalendar.DayOf(user, now));
    }

    /// <summary>
    /// Pure: turns the engine's raw material into the position, as of <paramref name="now"/> (UTC), on the
    /// customer's calendar day <paramref name="today"/> (which loan payments are past). Amounts are converted at <paramref name="rates"/>;
    /// a currency the table does not know is listed in <see cref="GlobalPosition.UnconvertedCurrencies"/>
    /// and left out of every converted figure, never guessed. Money is rounded to cents at the end.
    /// </summary>
    public static GlobalPosition Compute(string userName, string baseCurrency, PositionSnapshot snapshot, ExchangeRates rates, DateTime now, DateOnly today)
    {
        var currency = baseCurrency.Trim().ToUpperInvariant();
        var conversion = new Conversion(rates, currency);

        var institutions = new Dictionary<(string Bank, bool Internal), InstitutionSums>();
        var types = new Dictionary<(PositionSide Side, string Type), (decimal Amount, int Count)>();
        var currencies = new SortedDictionary<string, (decimal Balance, decimal Debt)>(StringComparer.Ordinal);
        decimal totalBalance = 0m, totalDebt = 0m;

        foreach (var bucket in snapshot.Buckets)
        {
            var side = SideOf(bucket.Kind);
            var code = Code(bucket.Currency);
            currencies.TryGetValue(code, out var original);
            currencies[code] = side == PositionSide.Balance
                ? (original.Balance + bucket.Amount, original.Debt)
                : (original.Balance, original.Debt + bucket.Amount);

            // Counts include items in an unknown currency (they exist); amounts only what converts.
            var converted = conversion.ToBase(code, bucket.Amount) ?? 0m;
            var key = (bucket.Bank, bucket.Kind == PositionItemKinds.Internal);
            var sums = institutions.TryGetValue(key, out var existing) ? existing : new InstitutionSums();
            institutions[key] = side == PositionSide.Balance
                ? sums with
                {
                    Balance = sums.Balance + converted,
                    Accounts = sums.Accounts + bucket.Count,
                    BalancesNotShared = sums.BalancesNotShared + bucket.BalancesNotShared,
                    LastSharedBalances = sums.LastSharedBalances + bucket.LastSharedBalances,
                }
                : sums with { Debt = sums.Debt + converted, Products = sums.Products + bucket.Count };

            types.TryGetValue((side, bucket.Type), out var typeSums);
            types[(side, bucket.Type)] = (typeSums.Amount + converted, typeSums.Count + bucket.Count);

            if (side == PositionSide.Balance)
            {
                totalBalance += converted;
            }
            else
            {
                totalDebt += converted;
            }
        }

        var byInstitution = institutions
            .OrderByDescending(entry => entry.Key.Internal)
            .ThenBy(entry => entry.Key.Bank, StringComparer.Ordinal)
            .Select(entry => new InstitutionPosition(entry.Key.Bank, Money(entry.Value.Balance), Money(entry.Value.Debt),
                entry.Key.Internal, entry.Value.Accounts, entry.Value.Products, entry.Value.BalancesNotShared, entry.Value.LastSharedBalances))
            .ToList();

        var byType = types
            .OrderBy(entry => entry.Key.Side)
            .ThenBy(entry => entry.Key.Type, StringComparer.Ordinal)
            .Select(entry => new TypePosition(entry.Key.Type, entry.Key.Side, Money(entry.Value.Amount), entry.Value.Count))
            .ToList();

        var byCurrency = currencies
            .Select(entry =>
            {
                var rate = conversion.Rate(entry.Key);
                return new CurrencyPosition(entry.Key, Money(entry.Value.Balance), Money(entry.Value.Debt), rate,
                    rate is null ? null : Money(entry.Value.Balance * rate.Value),
                    rate is null ? null : Money(entry.Value.Debt * rate.Value));
            })
            .ToList();

        var loans = snapshot.Loans
            .OrderBy(loan => loan.Bank, StringComparer.Ordinal)
            .ThenBy(loan => loan.Id, StringComparer.Ordinal)
            .Select(loan => Loan(loan, conversion, totalDebt, today))
            .ToList();

        var green = Green(snapshot.Narratives, conversion, totalBalance, totalDebt, currency);
        var freshness = Freshness(byInstitution, snapshot.Sources, snapshot.SyncStates);
        var noLongerShared = snapshot.NoLongerShared
            .OrderBy(item => item.Bank, StringComparer.Ordinal)
            .ThenBy(item => SideOf(item.Kind))
            .ThenBy(item => item.Id, StringComparer.Ordinal)
            .Select(NoLongerSharedHolding)
            .ToList();

        var balance = Money(totalBalance);
        var debt = Money(totalDebt);
        // Net worth from the rounded totals, so the three figures on the page add up to the cent.
        return new GlobalPosition(userName, currency, balance, debt, balance - debt,
            byInstitution, byType, byCurrency, loans, green, freshness,
            new ExchangeRateInfo(rates.AsOf, rates.Method, conversion.RatesUsed()),
            conversion.Unconverted(), now)
        {
            NoLongerShared = noLongerShared,
            Holdings = snapshot.Buckets
                .SelectMany(bucket => bucket.Ids.Select(id => new CountedHolding(bucket.Kind, bucket.Bank, id)))
                .OrderBy(holding => holding.Kind, StringComparer.Ordinal)
                .ThenBy(holding => holding.Bank, StringComparer.Ordinal)
                .ThenBy(holding => holding.Id, StringComparer.Ordinal)
                .ToList(),
        };
    }

    private static NoLongerSharedHolding NoLongerSharedHolding(PositionItem item) => new(
        item.Bank, SideOf(item.Kind), item.Type, AccountWords.Name(item.Name, item.Type),
        AccountWords.Masked(AccountWords.Number(item.Identification, item.Id)), item.NoLongerSharedSince!.Value, item.RetrievedAt);

    /// <summary>The green share's method in words, in the customer's base currency.</summary>
    public static string GreenMethod(string baseCurrency) =>
        $"Green share = the balances of accounts and the debt in loans and mortgages to which the bank attached a " +
        $"sustainability narrative (GreenAccountNarrative, GreenProductNarrative), divided by total balance and total " +
        $"debt, all converted to {baseCurrency} at the rates shown. MongoDB Bank's product narratives are marketing, " +
        $"not sustainability claims, and do not count. Closed accounts and inactive products are left out, as in the totals.";

    private static LoanPosition Loan(PositionItem loan, Conversion conversion, decimal totalDebt, DateOnly today)
    {
        var code = Code(loan.Currency);
        var inBase = conversion.ToBase(code, loan.Amount);
        var notReported = new List<string>();

        var rate = loan.InterestRate;
        if (rate is null)
        {
            notReported.Add(nameof(LoanPosition.InterestRate));
        }
        int? term = PositionRules.TermReported(loan.TermMonths) ? loan.TermMonths : null;
        if (term is null)
        {
            notReported.Add(nameof(LoanPosition.TermMonths));
        }
        DateOnly? opened = PositionRules.OpeningDateReported(loan.OpeningDate) ? DateOnly.FromDateTime(loan.OpeningDate!.Value) : null;
        if (opened is null)
        {
            notReported.Add(nameof(LoanPosition.OpeningDate));
        }

        DateOnly? payoff = opened is { } start && term is { } months ? LoanEstimates.PayoffDate(start, months) : null;
        // A loan the bank no longer shares holds the amount owed on the day it was last read: counting the payments left from
        // today would spread that stale amount over fewer months and show a payment that grows each month while nothing is
        // known. Estimated as of that day instead (its UTC date: the customer's zone is not known here), the figure is what it
        // was then, and the pages say "as of" that day.
        var asOf = loan.NoLongerSharedSince is not null && loan.RetrievedAt is { } lastRead && DateOnly.FromDateTime(lastRead) < today
            ? DateOnly.FromDateTime(lastRead)
            : today;
        decimal? payment = rate is { } yearly && opened is { } from && term is { } n
            ? Money(LoanEstimates.MonthlyPayment(loan.Amount, yearly, LoanEstimates.RemainingPayments(from, n, asOf)))
            : null;
        decimal? share = inBase is { } owed && totalDebt != 0m ? Share(owed / totalDebt) : null;

        return new LoanPosition(loan.Id, loan.Bank, loan.Type, code, Money(loan.Amount), inBase is null ? null : Money(inBase.Value),
            rate, term, opened, payment, payoff, share, loan.Collateral, loan.Narrative, notReported)
        {
            ProductName = loan.Name,
            MaskedNumber = AccountWords.Masked(AccountWords.Number(loan.Identification, loan.Id)),
            Reference = loan.DocumentId?.ToString(),
            NoLongerSharedSince = loan.NoLongerSharedSince,
            LastReadAt = loan.RetrievedAt,
        };
    }

    private static GreenShare Green(IReadOnlyList<PositionItem> narratives, Conversion conversion, decimal totalBalance, decimal totalDebt, string baseCurrency)
    {
        decimal greenBalance = 0m, greenDebt = 0m;
        var rows = new List<GreenNarrative>();
        foreach (var item in narratives
                     .OrderBy(item => SideOf(item.Kind))
                     .ThenBy(item => item.Bank, StringComparer.Ordinal)
                     .ThenBy(item => item.Id, StringComparer.Ordinal))
        {
            var side = SideOf(item.Kind);
            var inBase = conversion.ToBase(Code(item.Currency), item.Amount);
            if (side == PositionSide.Balance)
            {
                greenBalance += inBase ?? 0m;
            }
            else
            {
                greenDebt += inBase ?? 0m;
            }
            rows.Add(new GreenNarrative(item.Bank, side, item.Id, item.Type, item.Narrative ?? "", inBase is null ? null : Money(inBase.Value),
                !item.BalanceNotShared));
        }
        return new GreenShare(Money(greenBalance), Money(greenDebt),
            totalBalance == 0m ? null : Share(greenBalance / totalBalance),
            totalDebt == 0m ? null : Share(greenDebt / totalDebt),
            GreenMethod(baseCurrency), rows);
    }

    /// <summary>
    /// One row per institution. Leafy Bank's own accounts are live. A linked bank's figures are
    /// as of its last successful sync: its <c>sync_state</c> is keyed by the bank's directory id
    /// while documents carry the bank's name, and the consent the documents were fetched under
    /// links the two. Without a sync state (imported data, or a disconnected bank whose data was
    /// kept) the latest <c>Source.RetrievedAt</c> is as current as the figures are. A sync state
    /// no stored document links to (a bank whose first sync has not succeeded yet) is listed
    /// under the bank's name it recorded (its directory id for sync states written before
    /// <c>BankName</c>), so its error is still seen.
    /// </summary>
    private static List<InstitutionFreshness> Freshness(IReadOnlyList<InstitutionPosition> institutions,
        IReadOnlyList<InstitutionSource> sources, IReadOnlyList<PositionItem> syncStates)
    {
        var rows = new List<InstitutionFreshness>();
        var linked = new HashSet<PositionItem>();
        var sourcesByBank = sources.ToDictionary(source => source.Bank, StringComparer.Ordinal);
        var externalBanks = institutions.Where(institution => !institution.Internal).Select(institution => institution.Bank)
            .Union(sources.Select(source => source.Bank), StringComparer.Ordinal);

        if (institutions.Any(institution => institution.Internal))
        {
            rows.Add(new InstitutionFreshness(PositionRules.LeafyBankInstitution, true, null, null, null));
        }
        foreach (var bank in externalBanks)
        {
            var source = sourcesByBank.GetValueOrDefault(bank);
            var consentIds = source?.ConsentIds.Where(id => !string.IsNullOrEmpty(id)).ToHashSet(StringComparer.Ordinal) ?? [];
            var state = syncStates
                .Where(candidate => (candidate.ConsentId is { } id && consentIds.Contains(id))
                                    || string.Equals(candidate.Bank, bank, StringComparison.Ordinal))
                .OrderByDescending(candidate => candidate.LastAttemptAt)
                .ThenByDescending(candidate => candidate.LastSuccessAt)
                .ThenBy(candidate => candidate.Bank, StringComparer.Ordinal)
                .FirstOrDefault();
            if (state is null)
            {
                rows.Add(new InstitutionFreshness(bank, false, source?.LatestRetrievedAt, null, null));
                continue;
            }
            linked.Add(state);
            rows.Add(new InstitutionFreshness(bank, false, state.LastSuccessAt, state.LastAttemptAt, state.LastError));
        }
        rows.AddRange(syncStates
            .Where(state => !linked.Contains(state) && !rows.Any(row => string.Equals(row.Bank, state.Bank, StringComparison.Ordinal)))
            .Select(state => new InstitutionFreshness(state.Bank, false, state.LastSuccessAt, state.LastAttemptAt, state.LastError)));

        return rows
            .OrderByDescending(row => row.Internal)
            .ThenBy(row => row.Bank, StringComparer.Ordinal)
            .ToList();
    }

    private static PositionSide SideOf(string kind) => kind == PositionItemKinds.Product ? PositionSide.Debt : PositionSide.Balance;

    private static string Code(string currency) => currency.Trim().ToUpperInvariant();

    /// <summary>Cents, always written with two decimals (so both engines' sums serialise alike: 105.10, not 105.1).</summary>
    private static decimal Money(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>A fraction of a total (0.2573 = 25.73 %), to four decimals.</summary>
    private static decimal Share(decimal fraction) => decimal.Round(fraction, 4, MidpointRounding.AwayFromZero) + 0.0000m;

    private sealed record InstitutionSums(decimal Balance = 0m, decimal Debt = 0m, int Accounts = 0, int Products = 0,
        int BalancesNotShared = 0, int LastSharedBalances = 0);

    /// <summary>Rates to the base currency, remembering which were applied and which currencies had none.</summary>
    private sealed class Conversion(ExchangeRates rates, string baseCurrency)
    {
        private readonly SortedDictionary<string, decimal> used = new(StringComparer.Ordinal);
        private readonly SortedSet<string> unconverted = new(StringComparer.Ordinal);

        public decimal? Rate(string currency) => rates.RateBetween(currency, baseCurrency);

        public decimal? ToBase(string currency, decimal amount)
        {
            var rate = Rate(currency);
            if (rate is null)
            {
                unconverted.Add(currency);
                return null;
            }
            if (!string.Equals(currency, baseCurrency, StringComparison.Ordinal))
            {
                used[currency] = rate.Value;
            }
            return amount * rate.Value;
        }

        public IReadOnlyList<CurrencyRate> RatesUsed() => used.Select(entry => new CurrencyRate(entry.Key, entry.Value)).ToList();

        public IReadOnlyList<string> Unconverted() => [.. unconverted];
    }
}
