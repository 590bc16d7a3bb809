using LeafyBank.Web.Components.Layout;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// bUnit for the connection pages over <see cref="PersonasTestContext"/>: the real connection and
/// sync services, banks that cannot be reached.
/// </summary>
public abstract class ConnectionPageContext : PersonasTestContext
{
    protected static readonly BankDirectoryEntry GreenBank = TestBanks.GreenBank;

    protected static readonly BankDirectoryEntry ThamesBank = TestBanks.ThamesBank;

    /// <summary>A day as the pages write it, so expected text follows the suite's instant.</summary>
    protected static string Day(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A day and minute as the pages write it.</summary>
    protected static string Moment(DateTime at) => at.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Green Bank and Thames Bank, as the pages' directory lists them.</summary>
    protected IBankDirectory Banks { get; } = new FixedBankDirectory(GreenBank, ThamesBank);

    protected ConnectionPageContext()
    {
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        var tokens = new BankTokenService(Store, protector, oauth, Clock);
        Services.AddSingleton<IBankDirectory>(Banks);
        Services.AddSingleton(new ConnectionService(Store, Banks, oauth, tokens, protector, Clock));
        Services.AddSingleton(new SyncService(Store, Banks, tokens, [], new SyncInstance("bunit"), Clock));
        Services.AddSingleton(new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance));
        // Never started here: a test that wants first syncs to run starts it (or registers its own).
        Services.AddSingleton(services => new FirstSyncRunner(Store, services.GetRequiredService<SyncService>(), Clock, NullLogger<FirstSyncRunner>.Instance));
        Services.AddSingleton(new ConnectionOverview(Store, Banks, Clock));
        Services.AddSingleton(new LinkedDataEraser(Store, Banks, oauth, tokens, Clock));
        Services.AddSingleton<LeafyBank.Core.Ledger.ILedgerQuery>(new LeafyBank.Core.Ledger.LedgerQuery(Store));
        Services.AddScoped<ConnectionChanges>();
    }

    protected async Task ConnectedAsync(BankDirectoryEntry bank, int daysLeft, string? lastError = null, DateTime? lastSuccess = null, PartyReference? owner = null)
    {
        owner ??= Frida;
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, bank.Id, $"consent-{bank.Id}-{owner.UserName}", Now.AddDays(-10), Now.AddDays(daysLeft)), Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = owner,
            Bank = bank.Id,
            ConsentId = $"consent-{bank.Id}-{owner.UserName}",
            LastSuccessAt = lastSuccess,
            LastError = lastError,
            ConsecutiveFailures = lastError is null ? 0 : 1,
            NextAllowedAt = Now.AddHours(6),
            LastAttemptAt = Now.AddHours(-1),
        }, Cancel);
    }

    /// <summary>Stores an account, a loan and a transaction from <paramref name="bank"/> for <paramref name="owner"/>.</summary>
    protected async Task LinkedDataAsync(BankDirectoryEntry bank, PartyReference owner)
    {
        await AddAsync(TestDocuments.Account(owner.UserId, bank.Name, $"{bank.Id}-acc-1", 1234.5m));
        await AddAsync(TestDocuments.Product(owner.UserId, bank.Name, $"{bank.Id}-loan-1", ProductTypes.Loan, 5000m));
        await AddAsync(TestDocuments.Transaction(owner.UserId, $"{bank.Id}-tx-1", Now.AddDays(-1), -12.5m, bank.Name, $"{bank.Id}-acc-1", currency: "USD", description: "Coffee"));
    }
}
