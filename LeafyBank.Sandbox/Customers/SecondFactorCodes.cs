using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Storage;
using Microsoft.EntityFrameworkCore;

namespace LeafyBank.Sandbox.Customers;

/// <summary>
/// Issues and checks the one-time codes of the sandbox's second factor. A real bank would send
/// the code to the customer's phone; the sandbox shows it on the page instead (the caller gets it
/// once, from <see cref="IssueAsync"/>), but checks it at the server like a bank would: only its
/// hash is stored, valid for <see cref="Lifetime"/>, at most <see cref="MaxAttempts"/> tries,
/// gone once used.
/// </summary>
public sealed class SecondFactorCodes(SandboxDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int MaxAttempts = 3;
    public const int CodeLength = 6;

    public async Task<(SecondFactorChallenge Challenge, string Code)> IssueAsync(
        SandboxBank bank, string customerId, string? consentId, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var challenge = new SecondFactorChallenge
        {
            Id = id,
            BankId = bank.Id,
            CustomerId = customerId,
            ConsentId = consentId,
            CodeHash = Hash(id, code),
            ExpiresAt = clock.GetUtcNow() + Lifetime,
        };
        db.SecondFactorChallenges.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
        return (challenge, code);
    }

    /// <summary>The live challenge of this bank (expired ones included, so the page can say so).</summary>
    public Task<SecondFactorChallenge?> FindAsync(SandboxBank bank, string? challengeId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(challengeId)
            ? Task.FromResult<SecondFactorChallenge?>(null)
            : db.SecondFactorChallenges.AsNoTracking().FirstOrDefaultAsync(c => c.Id == challengeId && c.BankId == bank.Id, cancellationToken);

    /// <summary>
    /// Checks a code. The attempt is counted before the comparison, in one conditional update, so
    /// parallel guesses cannot exceed <see cref="MaxAttempts"/>. An accepted, expired or exhausted
    /// challenge is deleted: the customer signs in again for a new code.
    /// </summary>
    public async Task<(SecondFactorOutcome Outcome, SecondFactorChallenge? Challenge)> VerifyAsync(
        SandboxBank bank, string? challengeId, string? code, CancellationToken cancellationToken)
    {
        var challenge = await FindAsync(bank, challengeId, cancellationToken);
        if (challenge is null)
        {
            return (SecondFactorOutcome.Unknown, null);
        }
        if (clock.GetUtcNow() >= challenge.ExpiresAt)
        {
            await DeleteAsync(challenge.Id, cancellationToken);
            return (SecondFactorOutcome.Expired, challenge);
        }

        var counted = await db.SecondFactorChallenges
            .Where(c => c.Id == challenge.Id && c.Attempts < MaxAttempts)
            .ExecuteUpdateAsync(setters => setters.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
        if (counted == 0)
        {
            await DeleteAsync(challenge.Id, cancellationToken);
            return (SecondFactorOutcome.TooManyAttempts, challenge);
        }
        challenge.Attempts++;

        var typed = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(challenge.Id, typed)), Encoding.ASCII.GetBytes(challenge.CodeHash)))
        {
            await DeleteAsync(challenge.Id, cancellationToken);
            return (SecondFactorOutcome.Accepted, challenge);
        }
        if (challenge.Attempts >= MaxAttempts)
        {
            await DeleteAsync(challenge.Id, cancellationToken);
            return (SecondFactorOutcome.TooManyAttempts, challenge);
        }
        return (SecondFactorOutcome.WrongCode, challenge);
    }

    private static string Hash(string challengeId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(challengeId + ":" + code)));

    private Task<int> DeleteAsync(string challengeId, CancellationToken cancellationToken) =>
        db.SecondFactorChallenges.Where(c => c.Id == challengeId).ExecuteDeleteAsync(cancellationToken);
}
