using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Position;

/// <summary>
/// Computes a customer's global position: the engine supplies per-institution, per-currency
/// sums (one query); this class converts and totals them. The CLI's <c>position</c> command,
/// the dashboard and the API all come through here.
/// </summary>
public sealed class GlobalPositionService(IDocumentStore store, ExchangeRates rates)
{
    public async Task<GlobalPosition?> GetForUserNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await store.Collection(OpenFinanceCollections.Users)
            .FindByKeyAsync([userName], cancellationToken);
        return user is null ? null : await GetAsync(user, cancellationToken);
    }

    public async Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default)
    {
        var buckets = await store.Positions.GetBucketsAsync(user.Id, cancellationToken);
        return Compute(user.UserName, user.BaseCurrency, buckets, rates);
    }

    /// <summary>Pure: turns the engine's sums into the position. Unknown currencies are listed, never guessed.</summary>
    public static GlobalPosition Compute(string userName, string baseCurrency, IReadOnlyList<PositionBucket> buckets, ExchangeRates rates)
    {
        var unconverted = new SortedSet<string>(StringComparer.Ordinal);
        var institutions = new Dictionary<(string Bank, bool Internal), (decimal Balance, decimal Debt)>();
        var currencies = new SortedDictionary<string, (decimal Balance, decimal Debt)>(StringComparer.Ordinal);

        foreach (var bucket in buckets)
        {
            var currency = bucket.Currency.ToUpperInvariant();
            currencies.TryGetValue(currency, out var original);
            currencies[currency] = (original.Balance + bucket.Balance, original.Debt + bucket.Debt);

            var rate = rates.RateBetween(currency, baseCurrency);
            if (rate is null)
            {
                unconverted.Add(currency);
                continue;
            }

            var key = (bucket.Bank, bucket.Internal);
            institutions.TryGetValue(key, out var converted);
            institutions[key] = (converted.Balance + bucket.Balance * rate.Value, converted.Debt + bucket.Debt * rate.Value);
        }

        var byInstitution = institutions
            .Select(entry => new InstitutionPosition(entry.Key.Bank, Money(entry.Value.Balance), Money(entry.Value.Debt), entry.Key.Internal, 0, 0))
            .OrderByDescending(institution => institution.Internal)
            .ThenBy(institution => institution.Bank, StringComparer.Ordinal)
            .ToList();

        var byCurrency = currencies
            .Select(entry =>
            {
                var rate = rates.RateBetween(entry.Key, baseCurrency);
                return new CurrencyPosition(entry.Key, entry.Value.Balance, entry.Value.Debt, rate,
                    rate is null ? null : Money(entry.Value.Balance * rate.Value),
                    rate is null ? null : Money(entry.Value.Debt * rate.Value));
            })
            .ToList();

        var totalBalance = byInstitution.Sum(institution => institution.Balance);
        var totalDebt = byInstitution.Sum(institution => institution.Debt);
        // Interim: the breakdowns below the totals are filled in by the position-query work of issue 5.
        var ratesUsed = byCurrency.Where(c => c.RateToBase is not null).Select(c => new CurrencyRate(c.Currency, c.RateToBase!.Value)).ToList();
        return new GlobalPosition(userName, baseCurrency, totalBalance, totalDebt, totalBalance - totalDebt,
            byInstitution, [], byCurrency, [], new GreenShare(0, 0, null, null, "", []), [],
            new ExchangeRateInfo(rates.AsOf, rates.Method, ratesUsed), [.. unconverted], DateTime.UtcNow);
    }

    private static decimal Money(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
