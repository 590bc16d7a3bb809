using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;

namespace LeafyBank.Core.Customers;

/// <summary>
/// The customer's own settings: the base currency every total is shown in, chosen from the
/// currencies the rate table can convert (so a total is never in a currency nothing converts to),
/// and the time zone their days are counted in (<see cref="CustomerCalendar"/>).
/// </summary>
/// <param name="cache">Told of every change, so the next request sees the new base currency.</param>
public sealed class CustomerPreferences(IDocumentStore store, ExchangeRates rates, CustomerCache? cache = null)
{
    /// <summary>The currencies a customer may choose as base, in alphabetical order.</summary>
    public IReadOnlyList<string> BaseCurrencies { get; } = [.. rates.Currencies.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Stores <paramref name="currency"/> as the customer's base currency and returns the updated
    /// customer. Throws <see cref="ArgumentException"/> naming the allowed currencies when the rate
    /// table cannot convert to it; nothing is changed then.
    /// </summary>
    public async Task<LeafyUser> SetBaseCurrencyAsync(LeafyUser customer, string currency, CancellationToken cancellationToken = default)
    {
        var code = (currency ?? "").Trim().ToUpperInvariant();
        if (!rates.Knows(code))
        {
            throw new ArgumentException(
                $"Leafy Bank cannot show totals in '{currency}': the rate table converts only {string.Join(", ", BaseCurrencies)}. Choose one of those.",
                nameof(currency));
        }
        return await UpdateAsync(customer, stored => stored.BaseCurrency = code, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="ianaZoneId"/> (as the customer's browser reports it, "Europe/Berlin") as the
    /// zone the customer's days are counted in, and returns the updated customer. Throws
    /// <see cref="ArgumentException"/> for a zone this server does not know; nothing is changed then.
    /// </summary>
    public async Task<LeafyUser> SetTimeZoneAsync(LeafyUser customer, string ianaZoneId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(ianaZoneId) || ianaZoneId.Length > CustomerCalendar.LongestZoneId || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaZoneId, out var zone))
        {
            throw new ArgumentException($"'{ianaZoneId}' is not a time zone this server knows; give an IANA name such as Europe/Berlin.", nameof(ianaZoneId));
        }
        return await UpdateAsync(customer, stored => stored.TimeZone = zone.Id, cancellationToken);
    }

    private async Task<LeafyUser> UpdateAsync(LeafyUser customer, Action<LeafyUser> change, CancellationToken cancellationToken)
    {
        var users = store.Collection(OpenFinanceCollections.Users);
        // Read again by the signed-in customer's own key: the stored document, not whatever the caller holds, is updated.
        var stored = await users.FindByKeyAsync([customer.UserName], cancellationToken);
        if (stored is null || stored.Id != customer.Id)
        {
            throw new InvalidOperationException($"Leafy Bank has no customer {customer.UserName} any more; sign in again.");
        }
        change(stored);
        await users.UpsertAsync(stored, cancellationToken);
        cache?.Forget(stored.Id);
        return stored;
    }
}
