using System.Linq.Expressions;
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
    /// table cannot convert to it, and <see cref="PreferencesNotSavedException"/> when it could not be
    /// saved; nothing is changed then.
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

    /// <summary>How often a change is tried again when another writer changed the customer between its read and its write.</summary>
    public const int UpdateAttempts = 5;

    // Read, change, then replace only if the customer's editable fields are still as read: a second tab storing
    // the time zone while this one stores the currency must not put the old currency back (nor the reverse).
    private async Task<LeafyUser> UpdateAsync(LeafyUser customer, Action<LeafyUser> change, CancellationToken cancellationToken)
    {
        var users = store.Collection(OpenFinanceCollections.Users);
        for (var attempt = 1; attempt <= UpdateAttempts; attempt++)
        {
            // Read again by the signed-in customer's own key: the stored document, not whatever the caller holds, is updated.
            var stored = await users.FindByKeyAsync([customer.UserName], cancellationToken);
            if (stored is null || stored.Id != customer.Id)
            {
                throw new PreferencesNotSavedException($"Leafy Bank has no customer {customer.UserName} any more; sign in again.");
            }
            var stillAsRead = StillAsRead(stored);
            change(stored);
            if (await users.TryReplaceAsync(stored, stillAsRead, cancellationToken))
            {
                cache?.Forget(stored.Id);
                return stored;
            }
        }
        throw new PreferencesNotSavedException("Your settings were being changed somewhere else at the same moment, so this change was not kept. Please try again.");
    }

    /// <summary>
    /// The customer's editable fields as <paramref name="read"/> holds them. A field missing from a document written
    /// outside the app (mongosh, an import) reads as its default, which MongoDB's equality never matches, so a missing
    /// field also counts as unchanged; the embedded engine checks the read document, where it is the default.
    /// </summary>
    private static Expression<Func<LeafyUser, bool>> StillAsRead(LeafyUser read)
    {
        var (baseCurrency, timeZone, firstName, lastName) = (read.BaseCurrency, read.TimeZone, read.FirstName, read.LastName);
        return user => user.TimeZone == timeZone
                       && (user.BaseCurrency == baseCurrency || user.BaseCurrency == null)
                       && (user.FirstName == firstName || user.FirstName == null)
                       && (user.LastName == lastName || user.LastName == null);
    }
}
