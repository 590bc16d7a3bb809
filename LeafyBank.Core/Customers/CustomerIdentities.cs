using System.Security.Claims;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Customers;

/// <summary>
/// Finds the customer behind a sign-in by the token's issuer and subject. The user name
/// (<c>preferred_username</c>) is used once: the first sign-in of an identity is linked to the
/// customer of that user name (a seeded persona, or a customer stored before identities were
/// recorded), and only when that customer has no identity at this issuer yet, so a different
/// account that later takes the same user name at the provider is not let in.
/// </summary>
/// <param name="cache">When given, an already linked identity and its customer are answered from it (see <see cref="CustomerCache"/>).</param>
public sealed class CustomerIdentities(IDocumentStore store, TimeProvider clock, ILogger<CustomerIdentities> logger, CustomerCache? cache = null)
{
    public const string SubjectClaim = "sub";
    public const string UserNameClaim = "preferred_username";

    private IDocumentCollection<CustomerIdentity> Identities => store.Collection(OpenFinanceCollections.CustomerIdentities);

    /// <summary>The customer of a token's principal, linking a first sign-in; null when it is not a customer.</summary>
    public Task<LeafyUser?> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        IssuerAndSubjectOf(principal) is var (issuer, subject)
            ? ResolveAsync(issuer, subject, principal.FindFirst(UserNameClaim)?.Value, cancellationToken)
            : Task.FromResult<LeafyUser?>(null);

    public async Task<LeafyUser?> ResolveAsync(string issuer, string subject, string? userName, CancellationToken cancellationToken = default)
    {
        var linked = cache is null
            ? await FindLinkedAsync(store, issuer, subject, cancellationToken)
            : await cache.FindLinkedAsync(issuer, subject, cancellationToken);
        if (linked is not null)
        {
            return linked;
        }
        if (string.IsNullOrWhiteSpace(userName)
            || await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], cancellationToken) is not { } customer)
        {
            return null;
        }
        var existing = await Identities.FindAsync(customer.Id, identity => identity.Issuer == issuer, cancellationToken);
        if (existing.Any(identity => string.Equals(identity.Subject, subject, StringComparison.Ordinal)))
        {
            // This same identity's other first sign-in linked it between the look-up above and this one.
            return customer;
        }
        if (existing.Count > 0)
        {
            LogClaimedElsewhere(issuer, userName);
            return null;
        }
        var link = new CustomerIdentity
        {
            Issuer = issuer,
            Subject = subject,
            IdentityUser = new PartyReference { UserName = customer.UserName, UserId = customer.Id },
            LinkedAt = clock.GetUtcNow().UtcDateTime,
            LinkedByUserName = userName,
        };
        try
        {
            // An insert, not an upsert: the unique (iss, sub) key lets exactly one of two racing first sign-ins write the link.
            await Identities.InsertAsync(link, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            // The same identity's other first sign-in linked it a moment ago: use what it linked.
            return await FindLinkedAsync(store, issuer, subject, cancellationToken);
        }
        // Two different subjects may have linked this customer at the same issuer in the same instant (the check above is
        // not atomic with the insert). Whoever sees another link beside its own steps back: the earlier insert is seen by the
        // later one, so two never both get in; in a dead heat both step back and the next sign-in links cleanly.
        var links = await Identities.FindAsync(customer.Id, identity => identity.Issuer == issuer, cancellationToken);
        if (links.Any(identity => identity.Id != link.Id))
        {
            await Identities.DeleteAsync(customer.Id, identity => identity.Id == link.Id, cancellationToken);
            LogClaimedElsewhere(issuer, userName);
            return null;
        }
        logger.LogInformation("First sign-in of customer {UserName} at {Issuer}: identity recorded.", customer.UserName, issuer);
        cache?.Remember(issuer, subject, customer);
        return customer;
    }

    private void LogClaimedElsewhere(string issuer, string userName) =>
        logger.LogWarning("A sign-in at {Issuer} with user name {UserName} was refused: that customer is already linked to another account there.", issuer, userName);

    /// <summary>The customer already linked to this issuer and subject (no linking), or null.</summary>
    public static async Task<LeafyUser?> FindLinkedAsync(IDocumentStore store, string issuer, string subject, CancellationToken cancellationToken = default)
    {
        var identity = await store.Collection(OpenFinanceCollections.CustomerIdentities).FindByKeyAsync([issuer, subject], cancellationToken);
        return identity is null ? null : await FindCustomerAsync(store, identity.IdentityUser.UserId, cancellationToken);
    }

    /// <summary>The customer with this user id, or null.</summary>
    public static async Task<LeafyUser?> FindCustomerAsync(IDocumentStore store, ObjectId userId, CancellationToken cancellationToken = default) =>
        await store.Collection(OpenFinanceCollections.Users).FindAsync(userId, cancellationToken: cancellationToken) is [var customer, ..] ? customer : null;

    /// <summary>
    /// The issuer and subject of a principal built from a token: the <c>sub</c> claim and the
    /// issuer the token handler stamped on it (the OIDC handler drops the <c>iss</c> claim itself).
    /// </summary>
    public static (string Issuer, string Subject)? IssuerAndSubjectOf(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst(SubjectClaim);
        if (subject is null || string.IsNullOrWhiteSpace(subject.Value))
        {
            return null;
        }
        var issuer = principal.FindFirst("iss")?.Value is { Length: > 0 } iss ? iss : subject.Issuer;
        return string.IsNullOrWhiteSpace(issuer) || issuer == ClaimsIdentity.DefaultIssuer ? null : (issuer, subject.Value);
    }
}
