namespace LeafyBank.Tests.Web.Endpoints;

/// <summary>
/// Renewing a consent over real HTTP against the sandbox bank (no browser): a new consent through
/// the bank's own consent page and <c>/connections/callback</c>; the old one is terminated at the
/// bank only after the new one is granted, the stored data keeps its <c>_id</c>s, and a declined
/// renewal changes nothing.
/// </summary>
public sealed class RenewFlowTests : IAsyncDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory factory = new();
    private readonly Uri baseAddress;

    public RenewFlowTests() => baseAddress = factory.Start();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private T Service<T>() where T : notnull => factory.Service<T>();

    private IDocumentStore Store => Service<IDocumentStore>();

    /// <summary>The first sync the callback started under <paramref name="consentId"/> finished and read the bank.</summary>
    private async Task FirstSyncSucceededAsync(PartyReference party, string consentId)
    {
        var firstSync = await factory.FirstSyncAsync(party.UserId, "greenbank", consentId);
        Assert.True(firstSync.Outcome == AuditOutcomes.Succeeded, firstSync.Message);
    }

    private async Task<IReadOnlyList<Consent>> ConsentsAsync(PartyReference party) =>
        await Store.Collection(OpenFinanceCollections.Consents).FindAsync(party.UserId, c => c.Bank == "greenbank", Cancel);

    private async Task<BankConsentStatus> AtTheBankAsync(string consentId) =>
        await Service<BankOAuthClient>().GetConsentAsync(await Service<IBankDirectory>().GetAsync("greenbank", Cancel), consentId, Cancel);

    [Fact]
    public async Task Renewing_replaces_the_consent_after_the_bank_grants_it_keeps_the_data_and_records_both_expiries()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");
        var frida = await factory.CustomerAsync("fridaklo");
        var (first, connected) = await factory.LinkBankAsync(browser, frida, validityDays: 30);
        Assert.Equal("connected", QueryHelpers.ParseQuery(connected.Query)["outcome"]);
        await FirstSyncSucceededAsync(frida, first.ConsentId);
        var accountsBefore = await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel);
        var transactionsBefore = await Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.NotEmpty(accountsBefore);

        // Before renewal is due the card's button leads to the review page with the bank chosen, about changing what is shared.
        var review = await browser.App.GetStringAsync("/connections/new?bank=greenbank", Cancel);
        Assert.Contains("Change what you share with Green Bank", review, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"renewal\"", review, StringComparison.Ordinal);

        var (renewal, renewed) = await factory.LinkBankAsync(browser, frida, validityDays: 90);

        Assert.Equal("renewed", QueryHelpers.ParseQuery(renewed.Query)["outcome"]);
        Assert.NotEqual(first.ConsentId, renewal.ConsentId);
        Assert.True(renewal.ValidUntil > first.ValidUntil, $"{renewal.ValidUntil} after {first.ValidUntil}");
        var consents = (await ConsentsAsync(frida)).ToDictionary(c => c.ConsentId);
        Assert.Equal(ConsentStatuses.TerminatedByTpp, consents[first.ConsentId].Status);
        Assert.Equal((ConsentStatuses.Valid, renewal.ValidUntil), (consents[renewal.ConsentId].Status, consents[renewal.ConsentId].ValidUntil));
        Assert.Equal("terminatedByTpp", (await AtTheBankAsync(first.ConsentId)).ConsentStatus);
        Assert.Equal("valid", (await AtTheBankAsync(renewal.ConsentId)).ConsentStatus);

        var page = await browser.App.GetStringAsync(renewed.PathAndQuery, Cancel);
        Assert.Contains("Your consent at Green Bank is renewed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Green Bank is connected", page, StringComparison.Ordinal);
        var connections = await browser.App.GetStringAsync("/connections", Cancel);
        Assert.Contains(renewal.ValidUntil.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), connections, StringComparison.Ordinal);

        // The data is still there, and the first sync under the new consent (the callback started it) keeps every _id.
        await FirstSyncSucceededAsync(frida, renewal.ConsentId);
        var accountsAfter = await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.Equal(accountsBefore.Select(a => a.Id).Order(), accountsAfter.Select(a => a.Id).Order());
        var transactionsAfter = await Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.All(transactionsBefore.Where(t => t.BookingStatus == BookingStatuses.Booked),
            before => Assert.Contains(transactionsAfter, after => after.Id == before.Id));
        var token = await Store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.Equal(renewal.ConsentId, token!.ConsentId);

        var ledger = await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.ConsentRenewed, Cancel);
        var entry = Assert.Single(ledger);
        Assert.Equal(renewal.ConsentId, entry.ConsentId);
        Assert.Contains(first.ValidUntil.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), entry.Detail, StringComparison.Ordinal);
        Assert.Contains(renewal.ValidUntil.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_renewal_leaves_the_consent_the_token_and_the_data_as_they_were()
    {
        using var browser = new SignInDriver(factory, baseAddress);
        await browser.SignInAsync("fridaklo");
        var frida = await factory.CustomerAsync("fridaklo");
        var (first, _) = await factory.LinkBankAsync(browser, frida, validityDays: 30);
        await FirstSyncSucceededAsync(frida, first.ConsentId);
        var accountsBefore = await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel);
        var tokenBefore = await Store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);

        var (_, declined) = await factory.LinkBankAsync(browser, frida, validityDays: 90, approve: false);

        Assert.Equal("declined", QueryHelpers.ParseQuery(declined.Query)["outcome"]);
        var page = await browser.App.GetStringAsync(declined.PathAndQuery, Cancel);
        Assert.Contains("Green Bank is still connected", page, StringComparison.Ordinal);
        Assert.Contains("You did not approve a new consent at Green Bank (you declined or cancelled there), so nothing changed. Your current consent stays as it was", page, StringComparison.Ordinal);
        var consent = Assert.Single(await ConsentsAsync(frida));
        Assert.Equal((first.ConsentId, ConsentStatuses.Valid, first.ValidUntil), (consent.ConsentId, consent.Status, consent.ValidUntil));
        Assert.Equal("valid", (await AtTheBankAsync(first.ConsentId)).ConsentStatus);
        var tokenAfter = await Store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.Equal((tokenBefore!.ConsentId, tokenBefore.BearerToken), (tokenAfter!.ConsentId, tokenAfter.BearerToken));
        Assert.Equal(accountsBefore.Select(a => a.Id).Order(),
            (await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel)).Select(a => a.Id).Order());
        // The old consent still reads the bank.
        Assert.Equal(SyncOutcome.Succeeded, (await Service<SyncService>().SyncAsync(frida, "greenbank", unattended: false, Cancel)).Outcome);
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.ConsentRenewed, Cancel));
    }

    [Fact]
    public async Task Another_customer_changing_the_bank_in_the_url_sees_nothing_of_the_connection_and_renews_nothing()
    {
        using var frida = new SignInDriver(factory, baseAddress);
        await frida.SignInAsync("fridaklo");
        var fridaParty = await factory.CustomerAsync("fridaklo");
        var (first, _) = await factory.LinkBankAsync(frida, fridaParty, validityDays: 30);
        var fridaExpiry = first.ValidUntil.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

        using var grace = new SignInDriver(factory, baseAddress);
        await grace.SignInAsync("gracehop");

        var review = await grace.App.GetStringAsync("/connections/new?bank=greenbank", Cancel);
        Assert.DoesNotContain("data-testid=\"renewal\"", review, StringComparison.Ordinal);
        Assert.DoesNotContain(fridaExpiry, review, StringComparison.Ordinal);
        var result = await grace.App.GetStringAsync("/connections/result?bank=greenbank&outcome=renewed", Cancel);
        Assert.DoesNotContain(fridaExpiry, result, StringComparison.Ordinal);
        var declined = await grace.App.GetStringAsync("/connections/result?bank=greenbank&outcome=declined", Cancel);
        Assert.DoesNotContain("Your current consent stays", declined, StringComparison.Ordinal);
        Assert.DoesNotContain("connection-greenbank", await grace.App.GetStringAsync("/connections", Cancel), StringComparison.Ordinal);

        // Grace renewing "greenbank" is her own new connection: Frida's consent is not touched.
        var graceParty = await factory.CustomerAsync("gracehop");
        var (graceStart, graceResult) = await factory.LinkBankAsync(grace, graceParty, validityDays: 90, bankCustomer: "grace");
        Assert.Equal("connected", QueryHelpers.ParseQuery(graceResult.Query)["outcome"]);
        var fridaConsent = Assert.Single(await ConsentsAsync(fridaParty));
        Assert.Equal((first.ConsentId, ConsentStatuses.Valid), (fridaConsent.ConsentId, fridaConsent.Status));
        Assert.Equal("valid", (await AtTheBankAsync(first.ConsentId)).ConsentStatus);
        Assert.Equal(graceStart.ConsentId, Assert.Single(await ConsentsAsync(graceParty)).ConsentId);
    }
}
