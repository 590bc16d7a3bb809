using LeafyBank.Core.Audit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Security;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// Keeps Leafy Bank's tokens at each bank: stores them encrypted, hands out a valid access
/// token (refreshing it when it is about to expire) and records every use in
/// <c>TokenDates.LastUseDate</c>. Plain tokens exist only in memory, for one call.
/// </summary>
public sealed class BankTokenService(IDocumentStore store, TokenProtector protector, BankOAuthClient oauth, TimeProvider timeProvider)
{
    private readonly AuditLedger ledger = new(store, timeProvider);

    // Refresh a little before expiry so a token never dies in the middle of a sync.
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromSeconds(30);

    private IDocumentCollection<BankToken> Tokens => store.Collection(OpenFinanceCollections.Tokens);

    public async Task SaveAsync(PartyReference owner, BankDirectoryEntry bank, string consentId, BankTokenResponse response, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var existing = await Tokens.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken);
        await Tokens.UpsertAsync(new BankToken
        {
            UserId = owner.UserId,
            UserName = owner.UserName,
            TokenBank = bank.Id,
            ConsentId = consentId,
            BearerToken = protector.Protect(response.AccessToken),
            RefreshToken = response.RefreshToken is null ? existing?.RefreshToken : protector.Protect(response.RefreshToken),
            ExpiresAt = response.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null,
            TokenType = BankAccessToken.IsDpopTokenType(response.TokenType) ? BankAccessToken.DpopScheme : null,
            // A refresh keeps the connection's creation date; a new consent starts a new one.
            TokenDates = new TokenDates
            {
                CreationDate = existing is not null && existing.ConsentId == consentId ? existing.TokenDates.CreationDate : now,
                LastUseDate = existing?.ConsentId == consentId ? existing.TokenDates.LastUseDate : null,
            },
        }, cancellationToken);
    }

    /// <summary>A usable access token, refreshed if needed. Throws <see cref="BankApiException"/> (Unauthorized) when the customer must reconnect.</summary>
    public async Task<BankAccessToken> GetAccessTokenAsync(PartyReference owner, BankDirectoryEntry bank, CancellationToken cancellationToken = default)
    {
        var token = await Tokens.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken)
                    ?? throw new BankApiException(BankFailureKind.Unauthorized, $"Leafy Bank has no access to {bank.Name} for you. Connect the bank first.");
        var now = timeProvider.GetUtcNow().UtcDateTime;

        if (token.ExpiresAt is { } expiresAt && expiresAt - RefreshAhead <= now)
        {
            token = await RefreshAsync(owner, bank, token, cancellationToken);
        }

        token.TokenDates.LastUseDate = now;
        await Tokens.UpsertAsync(token, cancellationToken);
        return Presentable(bank, token);
    }

    /// <summary>Forces a refresh (after a 401 on a token that looked valid).</summary>
    public async Task<BankAccessToken> RefreshNowAsync(PartyReference owner, BankDirectoryEntry bank, CancellationToken cancellationToken = default)
    {
        var token = await Tokens.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken)
                    ?? throw new BankApiException(BankFailureKind.Unauthorized, $"Leafy Bank has no access to {bank.Name} for you. Connect the bank first.");
        token = await RefreshAsync(owner, bank, token, cancellationToken);
        token.TokenDates.LastUseDate = timeProvider.GetUtcNow().UtcDateTime;
        await Tokens.UpsertAsync(token, cancellationToken);
        return Presentable(bank, token);
    }

    /// <summary>The stored token decrypted, with the way the bank said to present it (bearer, or DPoP-bound to Leafy Bank's key).</summary>
    private BankAccessToken Presentable(BankDirectoryEntry bank, BankToken token) =>
        oauth.Presentable(bank, protector.Unprotect(token.BearerToken), token.TokenType);

    private async Task<BankToken> RefreshAsync(PartyReference owner, BankDirectoryEntry bank, BankToken token, CancellationToken cancellationToken)
    {
        if (token.RefreshToken is null)
        {
            throw new BankApiException(BankFailureKind.Unauthorized, $"Leafy Bank's access to {bank.Name} has expired. Renew the consent to continue.");
        }
        var metadata = await oauth.GetMetadataAsync(bank, cancellationToken);
        BankTokenResponse refreshed;
        try
        {
            refreshed = await oauth.RefreshAsync(bank, metadata, protector.Unprotect(token.RefreshToken), RefreshesWithDpopProof(token, metadata), cancellationToken);
        }
        catch (BankAuthorizationException exception)
        {
            await AuditRefreshAsync(owner, bank, token.ConsentId, AuditOutcomes.Failed, "The bank refused to renew Leafy Bank's access.", cancellationToken);
            throw new BankApiException(BankFailureKind.Unauthorized,
                $"{bank.Name} no longer accepts Leafy Bank's access (the consent may have expired or been revoked). Reconnect the bank.", inner: exception);
        }
        await SaveAsync(owner, bank, token.ConsentId ?? "", refreshed, cancellationToken);
        await AuditRefreshAsync(owner, bank, token.ConsentId, AuditOutcomes.Succeeded, $"Routine: Leafy Bank swapped its short-lived access key at {bank.Name} for a new one. Your consent and its end date did not change.", cancellationToken);
        return await Tokens.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken)
               ?? throw new InvalidOperationException("The token just saved is missing.");
    }

    /// <summary>
    /// Tokens the bank bound to Leafy Bank's key (<see cref="BankToken.TokenType"/> <c>DPoP</c>) are refreshed with a proof of it
    /// whatever the metadata says now: without one a bank that insists refuses (the customer would be told to reconnect) and one
    /// that does not hands back a bearer token, quietly ending the binding. A bearer token (or one stored before DPoP) is refreshed
    /// as the metadata says now: a proof can then only bind the new token, which the bank's answer records.
    /// </summary>
    private bool RefreshesWithDpopProof(BankToken token, AuthorizationServerMetadata metadata) =>
        BankAccessToken.IsDpopTokenType(token.TokenType) || oauth.UsesDpop(metadata);

    private Task AuditRefreshAsync(PartyReference owner, BankDirectoryEntry bank, string? consentId, string outcome, string detail, CancellationToken cancellationToken) =>
        ledger.RecordAsync(owner, AuditKinds.AccessRefreshed, bank.Id, consentId, outcome, detail, cancellationToken);

    /// <summary>The stored (encrypted) token for this bank, or null.</summary>
    public Task<BankToken?> FindAsync(PartyReference owner, BankDirectoryEntry bank, CancellationToken cancellationToken = default) =>
        Tokens.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken);

    /// <summary>Revokes both tokens at the bank (best effort) and deletes them here.</summary>
    public async Task RevokeAndDeleteAsync(PartyReference owner, BankDirectoryEntry bank, CancellationToken cancellationToken = default)
    {
        var token = await Tokens.FindByKeyAsync([owner.UserId, bank.Id], cancellationToken);
        if (token is null)
        {
            return;
        }
        try
        {
            await RevokeAtBankAsync(bank, token, cancellationToken);
        }
        finally
        {
            // Whatever the bank said, Leafy Bank no longer keeps the credentials.
            await Tokens.DeleteAsync(owner.UserId, t => t.TokenBank == bank.Id, cancellationToken);
        }
    }

    /// <summary>
    /// RFC 7009 revocation of a token's refresh and access tokens at the bank, without touching
    /// what is stored (a renewal revokes the token it has just replaced).
    /// </summary>
    public async Task RevokeAtBankAsync(BankDirectoryEntry bank, BankToken token, CancellationToken cancellationToken = default)
    {
        var metadata = await oauth.GetMetadataAsync(bank, cancellationToken);
        if (token.RefreshToken is not null)
        {
            await oauth.RevokeAsync(bank, metadata, protector.Unprotect(token.RefreshToken), "refresh_token", cancellationToken);
        }
        await oauth.RevokeAsync(bank, metadata, protector.Unprotect(token.BearerToken), "access_token", cancellationToken);
    }
}
