using System.Security.Claims;

namespace LeafyBank.Tests.Core.Security;

/// <summary>Customers are found by the token's issuer and subject; the user name links a first sign-in only.</summary>
public abstract class CustomerIdentitiesTests(IStoreFixture fixture)
{
    private const string Provider = "https://login.example/";
    private const string OtherProvider = "https://other-login.example/";
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <param name="linkByUserName">First sign-ins linked by user name (the development provider), or only by an operator (a real provider's default).</param>
    private async Task<(IDocumentStore Store, CustomerIdentities Identities)> StartAsync(bool linkByUserName = true)
    {
        var store = await fixture.CreateStoreAsync();
        // The personas stand for customers stored before identities were recorded: they have none yet.
        await Personas.EnsureSeededAsync(store, TestTime.Frozen(), Cancel);
        return (store, new CustomerIdentities(store, TestTime.Frozen(), NullLogger<CustomerIdentities>.Instance, linkFirstSignInByUserName: linkByUserName));
    }

    [Fact]
    public async Task Where_first_sign_ins_are_not_linked_by_user_name_an_account_that_registered_a_customers_user_name_is_not_let_in()
    {
        var (store, identities) = await StartAsync(linkByUserName: false);

        // Someone registered "fridaklo" at the provider before Frida ever signed in to Leafy Bank.
        Assert.Null(await identities.ResolveAsync(Provider, "attacker", "fridaklo", Cancel));
        Assert.Equal(0, await store.Collection(OpenFinanceCollections.CustomerIdentities).CountAsync(Cancel));

        // The operator links Frida's real identity: it gets in, the other account still does not.
        Assert.Equal(IdentityLink.Linked, await identities.LinkAsync("fridaklo", Provider, "frida-subject", Cancel));
        Assert.Equal("fridaklo", (await identities.ResolveAsync(Provider, "frida-subject", "whatever-she-is-called-there", Cancel))?.UserName);
        Assert.Null(await identities.ResolveAsync(Provider, "attacker", "fridaklo", Cancel));
        var link = await store.Collection(OpenFinanceCollections.CustomerIdentities).FindByKeyAsync([Provider, "frida-subject"], Cancel);
        Assert.Equal("", link?.LinkedByUserName);
    }

    [Fact]
    public async Task An_operator_links_one_identity_per_customer_and_provider_and_never_an_identity_already_linked_to_another()
    {
        var (_, identities) = await StartAsync(linkByUserName: false);
        Assert.Equal(IdentityLink.Linked, await identities.LinkAsync("fridaklo", Provider, "subject-1", Cancel));

        Assert.Equal(IdentityLink.AlreadyLinked, await identities.LinkAsync("fridaklo", Provider, "subject-1", Cancel));
        Assert.Equal(IdentityLink.CustomerLinkedToAnother, await identities.LinkAsync("fridaklo", Provider, "subject-2", Cancel));
        Assert.Equal(IdentityLink.SubjectLinkedToAnother, await identities.LinkAsync("gracehop", Provider, "subject-1", Cancel));
        Assert.Equal(IdentityLink.UnknownCustomer, await identities.LinkAsync("stranger", Provider, "subject-3", Cancel));
        Assert.Equal(IdentityLink.Linked, await identities.LinkAsync("fridaklo", OtherProvider, "subject-2", Cancel));
        Assert.Equal("fridaklo", (await identities.ResolveAsync(Provider, "subject-1", null, Cancel))?.UserName);
        Assert.Null(await identities.ResolveAsync(Provider, "subject-2", "fridaklo", Cancel));
    }

    [Fact]
    public async Task An_unlinked_identity_is_let_in_no_more_and_its_customer_can_be_linked_to_the_right_one()
    {
        var (_, identities) = await StartAsync(linkByUserName: false);
        await identities.LinkAsync("fridaklo", Provider, "wrong-subject", Cancel);

        var unlinked = await identities.UnlinkAsync(Provider, "wrong-subject", Cancel);

        Assert.Equal("fridaklo", unlinked?.UserName);
        Assert.Null(await identities.ResolveAsync(Provider, "wrong-subject", "fridaklo", Cancel));
        Assert.Null(await identities.UnlinkAsync(Provider, "wrong-subject", Cancel));
        Assert.Equal(IdentityLink.Linked, await identities.LinkAsync("fridaklo", Provider, "right-subject", Cancel));
    }

    [Fact]
    public async Task A_first_sign_in_links_a_stored_customer_by_user_name_and_records_the_issuer_and_subject()
    {
        var (store, identities) = await StartAsync();

        var frida = await identities.ResolveAsync(Provider, "subject-1", "fridaklo", Cancel);

        Assert.Equal("fridaklo", frida?.UserName);
        var link = await store.Collection(OpenFinanceCollections.CustomerIdentities).FindByKeyAsync([Provider, "subject-1"], Cancel);
        Assert.Equal(frida!.Id, link?.IdentityUser.UserId);
        Assert.Equal("fridaklo", link?.LinkedByUserName);
    }

    [Fact]
    public async Task Later_sign_ins_are_matched_by_subject_whatever_the_user_name_says_now()
    {
        var (_, identities) = await StartAsync();
        await identities.ResolveAsync(Provider, "subject-1", "fridaklo", Cancel);

        Assert.Equal("fridaklo", (await identities.ResolveAsync(Provider, "subject-1", "frida.kahlo", Cancel))?.UserName);
        Assert.Equal("fridaklo", (await identities.ResolveAsync(Provider, "subject-1", "gracehop", Cancel))?.UserName);
        Assert.Equal("fridaklo", (await identities.ResolveAsync(Provider, "subject-1", null, Cancel))?.UserName);
    }

    [Fact]
    public async Task Another_account_that_takes_a_linked_customers_user_name_at_the_same_provider_is_not_let_in()
    {
        var (_, identities) = await StartAsync();
        await identities.ResolveAsync(Provider, "subject-1", "fridaklo", Cancel);

        Assert.Null(await identities.ResolveAsync(Provider, "subject-2", "fridaklo", Cancel));
        Assert.Null(await identities.ResolveAsync(Provider, "subject-2", "fridaklo", Cancel));
    }

    [Fact]
    public async Task The_same_subject_at_another_issuer_is_another_identity()
    {
        var (_, identities) = await StartAsync();
        await identities.ResolveAsync(Provider, "subject-1", "fridaklo", Cancel);

        Assert.Null(await identities.ResolveAsync(OtherProvider, "subject-1", null, Cancel));
        Assert.Equal("gracehop", (await identities.ResolveAsync(OtherProvider, "subject-1", "gracehop", Cancel))?.UserName);
        Assert.Equal("fridaklo", (await identities.ResolveAsync(Provider, "subject-1", "gracehop", Cancel))?.UserName);
    }

    [Fact]
    public async Task A_user_name_that_is_no_customer_links_nothing()
    {
        var (store, identities) = await StartAsync();

        Assert.Null(await identities.ResolveAsync(Provider, "subject-9", "stranger", Cancel));
        Assert.Equal(0, await store.Collection(OpenFinanceCollections.CustomerIdentities).CountAsync(Cancel));
    }

    [Fact]
    public async Task Two_first_sign_ins_of_the_same_person_at_once_link_one_customer_once()
    {
        var (store, identities) = await StartAsync();
        var links = store.Collection(OpenFinanceCollections.CustomerIdentities);
        // Each round is a first sign-in at a new provider, so every round races from nothing linked.
        for (var round = 0; round < 12; round++)
        {
            var issuer = $"https://login-{round}.example/";
            var results = await RaceAsync(() => identities.ResolveAsync(issuer, "subject-1", "fridaklo", Cancel));

            Assert.All(results, customer => Assert.Equal("fridaklo", customer?.UserName));
            Assert.Single(results.Select(customer => customer!.Id).Distinct());
            Assert.Single(await links.FindAsync(results[0]!.Id, identity => identity.Issuer == issuer, Cancel));
        }
    }

    [Fact]
    public async Task Two_accounts_racing_to_claim_one_user_name_at_one_provider_leave_one_linked()
    {
        var (store, identities) = await StartAsync();
        var links = store.Collection(OpenFinanceCollections.CustomerIdentities);
        for (var round = 0; round < 12; round++)
        {
            var issuer = $"https://login-{round}.example/";
            var results = await RaceAsync(
                () => identities.ResolveAsync(issuer, "subject-a", "gracehop", Cancel),
                () => identities.ResolveAsync(issuer, "subject-b", "gracehop", Cancel));

            // At most one gets in (in a dead heat both are refused: failing closed), and a link exists only for the one that did.
            var admitted = results.Where(customer => customer is not null).ToList();
            Assert.True(admitted.Count <= 1, $"round {round}: both accounts got in");
            var linked = await links.FindAsync(results.FirstOrDefault(c => c is not null)?.Id ?? (await GraceAsync(store)).Id,
                identity => identity.Issuer == issuer, Cancel);
            Assert.Equal(admitted.Count, linked.Count);

            // Signing in again settles it: exactly one of the two accounts is Grace at this provider from then on.
            var a = await identities.ResolveAsync(issuer, "subject-a", "gracehop", Cancel);
            var b = await identities.ResolveAsync(issuer, "subject-b", "gracehop", Cancel);
            Assert.Single(new[] { a, b }, customer => customer is not null);
            Assert.Single(await links.FindAsync((a ?? b)!.Id, identity => identity.Issuer == issuer, Cancel));
        }
    }

    private static async Task<LeafyBank.Core.Domain.LeafyUser> GraceAsync(IDocumentStore store) =>
        await store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["gracehop"], Cancel) ?? throw new InvalidOperationException("Grace is not seeded");

    /// <summary>Starts the sign-ins on separate threads at the same moment (the same one twice when given one).</summary>
    private static async Task<LeafyBank.Core.Domain.LeafyUser?[]> RaceAsync(params Func<Task<LeafyBank.Core.Domain.LeafyUser?>>[] signIns)
    {
        var racers = signIns.Length == 1 ? [signIns[0], signIns[0]] : signIns;
        using var start = new Barrier(racers.Length);
        return await Task.WhenAll(racers.Select(signIn => Task.Run(() =>
        {
            start.SignalAndWait(Cancel);
            return signIn();
        }, Cancel)));
    }

    [Fact]
    public async Task A_principal_is_resolved_by_the_issuer_stamped_on_its_subject_and_one_without_an_issuer_by_nothing()
    {
        var (_, identities) = await StartAsync();
        var fromProvider = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "subject-1", ClaimValueTypes.String, Provider), new Claim("preferred_username", "fridaklo", ClaimValueTypes.String, Provider)], "oidc"));
        var madeUp = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "subject-1"), new Claim("preferred_username", "fridaklo")], "test"));

        Assert.Null(await identities.ResolveAsync(madeUp, Cancel));
        Assert.Equal("fridaklo", (await identities.ResolveAsync(fromProvider, Cancel))?.UserName);
    }
}

public sealed class EmbeddedCustomerIdentitiesTests(EmbeddedStoreFixture fixture)
    : CustomerIdentitiesTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoCustomerIdentitiesTests(MongoStoreFixture fixture)
    : CustomerIdentitiesTests(fixture), IClassFixture<MongoStoreFixture>;
