using System.Globalization;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Storage;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Consents;

/// <summary>What a third party asks for when it creates a consent (Berlin Group body, camelCase).</summary>
public sealed record ConsentRequest(string[]? Access, string? ValidUntil, int? FrequencyPerDay, bool? RecurringIndicator);

/// <summary>A consent as the third party sees it.</summary>
public sealed record ConsentResponse(
    string ConsentId,
    string ConsentStatus,
    string ValidUntil,
    int FrequencyPerDay,
    bool RecurringIndicator,
    IReadOnlyList<string> Access,
    IReadOnlyList<string> Accounts)
{
    public static ConsentResponse From(Consent consent) => new(
        consent.Id,
        consent.Status.ToWire(),
        consent.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        consent.FrequencyPerDay,
        consent.RecurringIndicator,
        [.. consent.Permissions.Order(StringComparer.Ordinal)],
        [.. consent.SharedAccountIds.Order(StringComparer.Ordinal)]);
}

/// <summary>
/// The consent lifecycle (received → valid | rejected → revokedByPsu | expired | terminatedByTpp)
/// and the per-day allowance of unattended access, counted per resource of each account. Every time decision uses the injected clock;
/// ending a consent revokes its authorization and every token issued under it.
/// </summary>
public sealed class ConsentService(
    SandboxDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>
    /// Validates and stores a new consent; returns the problems (by field) when the request is not acceptable.
    /// <paramref name="accountTypes"/>, when given, limits the consent to accounts of those types (a standard's
    /// restriction its own resource has validated: Berlin Group <c>restrictedTo</c>).
    /// </summary>
    public async Task<(Consent? Consent, Dictionary<string, string[]> Errors)> CreateAsync(
        SandboxBank bank, string clientId, ConsentRequest request, CancellationToken cancellationToken,
        IReadOnlyCollection<string>? accountTypes = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var access = (request.Access ?? []).Select(permission => permission?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (access.Count == 0)
        {
            errors["access"] = [$"List at least one permission: {string.Join(", ", BankPermissions.All)}."];
        }
        else if (access.FirstOrDefault(permission => !BankPermissions.All.Contains(permission, StringComparer.Ordinal)) is { } unknown)
        {
            errors["access"] = [$"'{unknown}' is not a permission this bank grants; use {string.Join(", ", BankPermissions.All)}."];
        }

        var latest = Today.AddDays(bank.MaxConsentDays);
        DateOnly validUntil = default;
        if (!DateOnly.TryParseExact(request.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out validUntil))
        {
            errors["validUntil"] = ["Give the last day of validity as yyyy-MM-dd."];
        }
        else if (validUntil < Today)
        {
            errors["validUntil"] = [$"{request.ValidUntil} is in the past; choose a day from {Today:yyyy-MM-dd} on."];
        }
        else if (validUntil > latest)
        {
            // Berlin Group: the bank shortens a longer request to its maximum instead of refusing it.
            validUntil = latest;
        }

        var frequency = request.FrequencyPerDay ?? bank.FrequencyPerDay;
        if (frequency < 1 || frequency > bank.FrequencyPerDay)
        {
            errors["frequencyPerDay"] = [$"{bank.Name} allows 1 to {bank.FrequencyPerDay} unattended calls a day."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = Now;
        var consent = new Consent
        {
            Id = "cns-" + Guid.NewGuid().ToString("N"),
            BankId = bank.Id,
            ClientId = clientId,
            Status = ConsentStatus.Received,
            Access = string.Join(' ', access),
            ValidUntil = validUntil,
            FrequencyPerDay = frequency,
            RecurringIndicator = request.RecurringIndicator ?? true,
            AccountTypes = accountTypes is null ? null : string.Join(' ', accountTypes.Distinct(StringComparer.Ordinal)),
            CreatedAt = now,
            StatusChangedAt = now,
        };
        db.Consents.Add(consent);
        await db.SaveChangesAsync(cancellationToken);
        return (consent, errors);
    }

    /// <summary>The consent of this bank, with expiry applied (a consent past its last day reads, and stays, <c>expired</c>).</summary>
    public async Task<Consent?> FindAsync(SandboxBank bank, string consentId, CancellationToken cancellationToken)
    {
        var consent = await db.Consents.FirstOrDefaultAsync(c => c.Id == consentId && c.BankId == bank.Id, cancellationToken);
        if (consent is not null)
        {
            await ApplyExpiryAsync(consent, cancellationToken);
        }
        return consent;
    }

    /// <summary>Stores a consent a standard's own resource has validated (UK Open Banking's account-access-consents).</summary>
    public async Task AddAsync(Consent consent, CancellationToken cancellationToken)
    {
        db.Consents.Add(consent);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Consent>> ListForCustomerAsync(SandboxBank bank, string customerId, CancellationToken cancellationToken)
    {
        var consents = await db.Consents.Where(c => c.BankId == bank.Id && c.CustomerId == customerId).ToListAsync(cancellationToken);
        foreach (var consent in consents)
        {
            await ApplyExpiryAsync(consent, cancellationToken);
        }
        return [.. consents.OrderByDescending(c => c.CreatedAt)];
    }

    public async Task AuthorizeAsync(Consent consent, string customerId, IEnumerable<string> accountIds, string authorizationId, CancellationToken cancellationToken)
    {
        EnsureReceived(consent);
        consent.CustomerId = customerId;
        consent.AccountIds = string.Join(' ', accountIds.Distinct(StringComparer.Ordinal));
        consent.AuthorizationId = authorizationId;
        consent.Status = ConsentStatus.Valid;
        consent.StatusChangedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Declined or cancelled; <paramref name="customerId"/> is null when the customer cancelled before signing in.</summary>
    public async Task RejectAsync(Consent consent, string? customerId, CancellationToken cancellationToken)
    {
        EnsureReceived(consent);
        consent.CustomerId = customerId;
        consent.Status = ConsentStatus.Rejected;
        consent.StatusChangedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Ends a consent (<c>revokedByPsu</c> or <c>terminatedByTpp</c>) and revokes everything issued under it. Ending an ended consent changes nothing.</summary>
    public async Task EndAsync(Consent consent, ConsentStatus status, CancellationToken cancellationToken)
    {
        if (status is not (ConsentStatus.RevokedByPsu or ConsentStatus.TerminatedByTpp or ConsentStatus.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only revokedByPsu, terminatedByTpp and expired end a consent.");
        }
        if (consent.Status.IsFinal())
        {
            return;
        }
        consent.Status = status;
        consent.StatusChangedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await RevokeTokensAsync(consent, cancellationToken);
    }

    /// <summary>
    /// Counts one unattended access to <paramref name="resource"/> (one resource of one account, as
    /// <see cref="AccessedResource.CounterFor"/> names it) against today's allowance (UTC day).
    /// Returns false, with the time until the allowance resets, when the consent's
    /// <c>frequencyPerDay</c> accesses of that resource are used up today.
    /// </summary>
    public async Task<(bool Allowed, TimeSpan RetryAfter)> TryCountUnattendedAccessAsync(Consent consent, string resource, CancellationToken cancellationToken)
    {
        var now = Now;
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var dayKey = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var consentId = consent.Id;
        var limit = consent.FrequencyPerDay;

        // One conditional UPDATE counts atomically, so concurrent calls can never exceed the allowance.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT OR IGNORE INTO SandboxConsentAccessCounts (ConsentId, Day, Resource, Count) VALUES ({consentId}, {dayKey}, {resource}, 0)", cancellationToken);
        var counted = await db.ConsentAccessCounts
            .Where(c => c.ConsentId == consentId && c.Day == dayKey && c.Resource == resource && c.Count < limit)
            .ExecuteUpdateAsync(setters => setters.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken);

        var nextDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (counted == 1, nextDay - now);
    }

    private async Task ApplyExpiryAsync(Consent consent, CancellationToken cancellationToken)
    {
        if (!consent.Status.IsFinal() && Now >= consent.ExpiresAt)
        {
            await EndAsync(consent, ConsentStatus.Expired, cancellationToken);
        }
    }

    private async Task RevokeTokensAsync(Consent consent, CancellationToken cancellationToken)
    {
        if (consent.AuthorizationId is not { } authorizationId)
        {
            return;
        }
        if (await authorizations.FindByIdAsync(authorizationId, cancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
    }

    private static void EnsureReceived(Consent consent)
    {
        if (consent.Status is not ConsentStatus.Received)
        {
            throw new InvalidOperationException($"Consent {consent.Id} is {consent.Status.ToWire()}, not received.");
        }
    }
}
