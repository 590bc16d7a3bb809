using System.Security.Claims;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Seeding;
using LeafyBank.Tests.Persistence;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeafyBank.Tests.Security;

/// <summary>Customers are found by the token's issuer and subject; the user name links a first sign-in only.</summary>
public abstract class CustomerIdentitiesTests(IStoreFixture fixture)
{
    private const string Provider = "https://login.example/";
    private const string OtherProvider = "https://other-login.example/";
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private async Task<(IDocumentStore Store, CustomerIdentities Identities)> StartAsync()
    {
        if (fixture.SkipReason is not null)
        {
            Assert.Skip(fixture.SkipReason);
        }
        var store = await fixture.CreateStoreAsync();
        // The personas stand for customers stored before identities were recorded: they have none yet.
        await Personas.EnsureSeededAsync(store, TestTime.Frozen(), Cancel);
        return (store, new CustomerIdentities(store, TestTime.Frozen(), NullLogger<CustomerIdentities>.Instance));
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
