using System.Security.Claims;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Customers;

/// <summary>
/// Finds the customer behind a sign-in by the token's issuer and subject. An identity is linked to
/// its customer once: by an operator (<see cref="LinkAsync"/>, the <c>link-identity</c> command), or,
/// where <paramref name="linkFirstSignInByUserName"/> allows it, by the first sign-in's user name
/// (<c>preferred_username</c>) — the seeded personas at the development provider, or a provider where
/// that name is unique and cannot be chosen or changed by its users. Even then it links only a customer
/// with no identity at this issuer yet, so a different account that later takes the same user name is
/// not let in. At a provider whose users pick their own user name, linking by it would let someone
/// who registers a customer's user name before that customer's first sign-in become that customer, so
/// there it is off and every identity is linked by an operator.
/// </summary>
/// <param name="cache">When given, an already linked identity and its customer are answered from it (see <see cref="CustomerCache"/>).</param>
/// <param name="linkFirstSignInByUserName">Link an unknown identity's first sign-in to the customer of its user name (off: only operator links).</param>
public sealed class CustomerIdentities(
    IDocumentStore store, TimeProvider clock, ILogger<CustomerIdentities> logger, CustomerCache? cache = null, bool linkFirstSignInByUserName = false)
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
        if (!linkFirstSignInByUserName)
        {
            // The subject is what an operator needs to link this identity; it names no one outside the provider.
            logger.LogInformation("A sign-in at {Issuer} (subject {Subject}) is not linked to a Leafy Bank customer, and first sign-ins are not " +
                                  "linked by user name here: an operator links it with the command link-identity USERNAME ISSUER SUBJECT.", issuer, subject);
            return null;
        }
        if (string.IsNullOrWhiteSpace(userName)
            || await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], cancellationToken) is not { } customer)
        {
            return null;
        }
        switch (await LinkAsync(customer, issuer, subject, linkedByUserName: userName, cancellationToken))
        {
            case IdentityLink.Linked:
                logger.LogInformation("First sign-in of customer {UserName} at {Issuer}: identity recorded.", customer.UserName, issuer);
                cache?.Remember(issuer, subject, customer);
                return customer;
            case IdentityLink.AlreadyLinked:
                return customer;
            case IdentityLink.SubjectLinkedToAnother:
                // The same identity's other first sign-in linked it a moment ago: use what it linked.
                return await FindLinkedAsync(store, issuer, subject, cancellationToken);
            default:
                LogClaimedElsewhere(issuer, userName);
                return null;
        }
    }

    /// <summary>
    /// An operator links an identity (issuer and subject, as the provider's tokens carry them) to the
    /// customer <paramref name="userName"/>: what lets a customer in where first sign-ins are not linked by
    /// user name. One identity per customer and issuer, as at a first sign-in.
    /// </summary>
    public async Task<IdentityLink> LinkAsync(string userName, string issuer, string subject, CancellationToken cancellationToken = default)
    {
        if (await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], cancellationToken) is not { } customer)
        {
            return IdentityLink.UnknownCustomer;
        }
        var outcome = await LinkAsync(customer, issuer, subject, linkedByUserName: "", cancellationToken);
        if (outcome == IdentityLink.Linked)
        {
            logger.LogInformation("Customer {UserName} linked by an operator to an identity at {Issuer}.", customer.UserName, issuer);
            cache?.Forget(customer.Id);
        }
        return outcome;
    }

    /// <summary>
    /// Removes the link of an identity; returns the customer it was linked to, or null when it was not
    /// linked. Sign-ins already made keep their session until it is ended (<c>unlink-identity</c> ends them).
    /// </summary>
    public async Task<PartyReference?> UnlinkAsync(string issuer, string subject, CancellationToken cancellationToken = default)
    {
        if (await Identities.FindByKeyAsync([issuer, subject], cancellationToken) is not { } identity)
        {
            return null;
        }
        await Identities.DeleteAsync(identity.IdentityUser.UserId, link => link.Id == identity.Id, cancellationToken);
        cache?.Forget(identity.IdentityUser.UserId);
        logger.LogInformation("Customer {UserName} unlinked by an operator from an identity at {Issuer}.", identity.IdentityUser.UserName, issuer);
        return identity.IdentityUser;
    }

    private async Task<IdentityLink> LinkAsync(LeafyUser customer, string issuer, string subject, string linkedByUserName, CancellationToken cancellationToken)
    {
        var existing = await Identities.FindAsync(customer.Id, identity => identity.Issuer == issuer, cancellationToken);
        if (existing.Any(identity => string.Equals(identity.Subject, subject, StringComparison.Ordinal)))
        {
            // Linked already (by an operator, or by this identity's other first sign-in between the look-up and now).
            return IdentityLink.AlreadyLinked;
        }
        if (existing.Count > 0)
        {
            return IdentityLink.CustomerLinkedToAnother;
        }
        var link = new CustomerIdentity
        {
            Issuer = issuer,
            Subject = subject,
            IdentityUser = new PartyReference { UserName = customer.UserName, UserId = customer.Id },
            LinkedAt = clock.GetUtcNow().UtcDateTime,
            LinkedByUserName = linkedByUserName,
        };
        try
        {
            // An insert, not an upsert: the unique (iss, sub) key lets exactly one of two racing links write.
            await Identities.InsertAsync(link, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return IdentityLink.SubjectLinkedToAnother;
        }
        // Two different subjects may have linked this customer at the same issuer in the same instant (the check above is
        // not atomic with the insert). Whoever sees another link beside its own steps back: the earlier insert is seen by the
        // later one, so two never both get in; in a dead heat both step back and the next attempt links cleanly.
        var links = await Identities.FindAsync(customer.Id, identity => identity.Issuer == issuer, cancellationToken);
        if (links.Any(identity => identity.Id != link.Id))
        {
            await Identities.DeleteAsync(customer.Id, identity => identity.Id == link.Id, cancellationToken);
            return IdentityLink.CustomerLinkedToAnother;
        }
        return IdentityLink.Linked;
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

/// <summary>How linking an identity to a customer ended.</summary>
public enum IdentityLink
{
    Linked,
    /// <summary>This identity was already linked to this customer: nothing changed.</summary>
    AlreadyLinked,
    UnknownCustomer,
    /// <summary>This issuer and subject are linked to a customer already (this one or another): unlink it first.</summary>
    SubjectLinkedToAnother,
    /// <summary>The customer is linked to another identity at this issuer: one identity per customer and provider.</summary>
    CustomerLinkedToAnother,
}
