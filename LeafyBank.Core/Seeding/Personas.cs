using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Seeding;

/// <summary>
/// The reference demo's four customers, with the reference's user names and ObjectIds so that
/// data exported from the reference demo lines up with them, and their Leafy Bank accounts
/// (account numbers, types and balances as in the reference's <c>leafy_bank.accounts</c>).
/// </summary>
public static class Personas
{
    public static readonly IReadOnlyList<Persona> All =
    [
        new("fridaklo", "Frida", "Kahlo", "65a546ae4a8f64e8f88fb89e",
        [
            new("111199300", AccountTypes.Savings, 1100m, "6754667a74a6710be0583b39"),
            new("828299311", AccountTypes.Checking, 2975m, "675466b874a6710be0583b3a"),
            new("514624177", AccountTypes.Savings, 550m, "675488b874a6710be0583b3e"),
        ]),
        new("gracehop", "Grace", "Hopper", "66fe219d625d93a100528224",
        [
            new("212100310", AccountTypes.Savings, 2050m, "6754670574a6710be0583b3b"),
            new("716974731", AccountTypes.Checking, 1100m, "67548bdd74a6710be0583b3f"),
        ]),
        new("adalove", "Ada", "Lovelace", "671ff0081ec726b417352702", []),
        new("claumon", "Claude", "Monet", "671ff2451ec726b417352703",
        [
            new("989800989", AccountTypes.Checking, 4825m, "6754673574a6710be0583b3c"),
            new("323211966", AccountTypes.Savings, 800m, "6754677374a6710be0583b3d"),
            new("492081594", AccountTypes.Savings, 3350m, "6761837df40fb8e08c8097a4"),
        ]),
    ];

    /// <summary>
    /// Creates the personas and their accounts when missing. Existing documents are left as
    /// they are (a customer's balance may have moved since), so running this at every start is safe.
    /// </summary>
    public static async Task EnsureSeededAsync(IDocumentStore store, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        var users = store.Collection(OpenFinanceCollections.Users);
        var accounts = store.Collection(OpenFinanceCollections.InternalAccounts);
        foreach (var persona in All)
        {
            var userId = ObjectId.Parse(persona.UserId);
            if (await users.FindByKeyAsync([persona.UserName], cancellationToken) is null)
            {
                await users.UpsertAsync(new LeafyUser
                {
                    Id = userId,
                    UserName = persona.UserName,
                    FirstName = persona.FirstName,
                    LastName = persona.LastName,
                    BaseCurrency = "USD",
                    CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
                }, cancellationToken);
            }

            foreach (var account in persona.Accounts)
            {
                if (await accounts.FindByKeyAsync([userId, account.AccountNumber], cancellationToken) is not null)
                {
                    continue;
                }
                await accounts.UpsertAsync(new InternalAccount
                {
                    Id = ObjectId.Parse(account.Id),
                    AccountNumber = account.AccountNumber,
                    AccountType = account.AccountType,
                    AccountBalance = account.Balance,
                    AccountCurrency = "USD",
                    AccountStatus = AccountStatuses.Active,
                    // The reference's ObjectIds carry the moment each account was opened.
                    AccountDate = new AccountDates { OpeningDate = ObjectId.Parse(account.Id).CreationTime },
                    AccountUser = new PartyReference { UserName = persona.UserName, UserId = userId },
                }, cancellationToken);
            }
        }
    }
}

public sealed record Persona(string UserName, string FirstName, string LastName, string UserId, IReadOnlyList<PersonaAccount> Accounts)
{
    public string DisplayName => $"{FirstName} {LastName}";
}

public sealed record PersonaAccount(string AccountNumber, string AccountType, decimal Balance, string Id);
