using System.Text.Json;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Consents;

namespace LeafyBank.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// A Berlin Group <c>consents</c> body (NextGenPSD2 1.3.12), read field by field so that a body
/// the bank cannot take is answered with the field and what to send instead, never with a
/// parser's words. Donau Bank takes bank-offered consents (empty <c>accounts</c>,
/// <c>balances</c>, <c>transactions</c> arrays: the customer picks the accounts at the bank),
/// <c>availableAccounts</c>, <c>availableAccountsWithBalance</c> and <c>allPsd2</c>, with an
/// optional <c>restrictedTo</c>; loans (<c>LOAN</c>) are shared unless <c>restrictedTo</c> leaves them out.
/// </summary>
internal sealed record BerlinGroupConsentRequest(ConsentRequest Consent, string AccessJson)
{
    private const string LoanCashAccountType = "LOAN";

    /// <summary>The parsed request, or the code and words of the 400 that answers it.</summary>
    public static (BerlinGroupConsentRequest? Request, string? Code, string? Problem) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail(BerlinGroupCodes.FormatError, "The body must be a JSON object with access, recurringIndicator, validUntil, frequencyPerDay and combinedServiceIndicator.");
        }
        if (!body.TryGetProperty("access", out var access) || access.ValueKind != JsonValueKind.Object)
        {
            return Fail(BerlinGroupCodes.FormatError, "access is required: an object such as {\"accounts\": [], \"balances\": [], \"transactions\": []}.");
        }
        if (!TryBoolean(body, "recurringIndicator", out var recurring))
        {
            return Fail(BerlinGroupCodes.FormatError, "recurringIndicator is required: true for recurring access, false for one access.");
        }
        if (!body.TryGetProperty("validUntil", out var validUntil) || validUntil.ValueKind != JsonValueKind.String)
        {
            return Fail(BerlinGroupCodes.FormatError, "validUntil is required: the last day of validity as yyyy-MM-dd (9999-12-31 for the longest the bank allows).");
        }
        if (!body.TryGetProperty("frequencyPerDay", out var frequency) || !frequency.TryGetInt32(out var perDay) || perDay < 1)
        {
            return Fail(BerlinGroupCodes.FormatError, "frequencyPerDay is required: a whole number of at least 1.");
        }
        if (!TryBoolean(body, "combinedServiceIndicator", out var combined))
        {
            return Fail(BerlinGroupCodes.FormatError, "combinedServiceIndicator is required: false (Donau Bank offers account information only).");
        }
        if (combined)
        {
            return Fail(BerlinGroupCodes.SessionsNotSupported, "Donau Bank offers no payment initiation, so no combined session: send combinedServiceIndicator false.");
        }

        var (permissions, code, problem) = Permissions(access);
        return permissions is null
            ? Fail(code!, problem!)
            : (new BerlinGroupConsentRequest(new ConsentRequest([.. permissions], validUntil.GetString(), perDay, recurring), access.GetRawText()), null, null);
    }

    private static (IReadOnlyList<string>? Permissions, string? Code, string? Problem) Permissions(JsonElement access)
    {
        var granted = new List<string>();
        foreach (var (service, permission) in new[] { ("accounts", BankPermissions.Accounts), ("balances", BankPermissions.Balances), ("transactions", BankPermissions.Transactions) })
        {
            if (!access.TryGetProperty(service, out var references))
            {
                continue;
            }
            if (references.ValueKind != JsonValueKind.Array)
            {
                return (null, BerlinGroupCodes.FormatError, $"access.{service} must be an array of account references.");
            }
            if (references.GetArrayLength() > 0)
            {
                return (null, BerlinGroupCodes.ParameterNotSupported,
                    $"Donau Bank takes bank-offered consents: send access.{service} as an empty array and the customer chooses the accounts at the bank.");
            }
            granted.Add(BankPermissions.Accounts);
            granted.Add(permission);
        }

        foreach (var (form, permissions) in new[]
        {
            ("availableAccounts", new[] { BankPermissions.Accounts }),
            ("availableAccountsWithBalance", new[] { BankPermissions.Accounts, BankPermissions.Balances }),
            ("allPsd2", new[] { BankPermissions.Accounts, BankPermissions.Balances, BankPermissions.Transactions }),
        })
        {
            if (!access.TryGetProperty(form, out var value))
            {
                continue;
            }
            if (value.GetString() is not ("allAccounts" or "allAccountsWithOwnerName"))
            {
                return (null, BerlinGroupCodes.FormatError, $"access.{form} must be allAccounts or allAccountsWithOwnerName.");
            }
            granted.AddRange(permissions);
        }

        if (access.TryGetProperty("additionalInformation", out _))
        {
            return (null, BerlinGroupCodes.ParameterNotSupported, "Donau Bank shares no additional information (trusted beneficiaries, owner names); leave access.additionalInformation out.");
        }
        if (granted.Count == 0)
        {
            return (null, BerlinGroupCodes.FormatError, "access names no service: send accounts, balances and transactions (empty arrays), or availableAccounts.");
        }

        var sharesLoans = true;
        if (access.TryGetProperty("restrictedTo", out var restrictedTo))
        {
            if (restrictedTo.ValueKind != JsonValueKind.Array || restrictedTo.EnumerateArray().Any(type => type.ValueKind != JsonValueKind.String))
            {
                return (null, BerlinGroupCodes.FormatError, "access.restrictedTo must be an array of cashAccountType codes such as CACC, SVGS, LOAN.");
            }
            sharesLoans = restrictedTo.EnumerateArray().Any(type => type.GetString() == LoanCashAccountType);
        }
        if (sharesLoans)
        {
            // Loans are LOAN accounts in Berlin Group; the sandbox keeps them under its products permission.
            granted.Add(BankPermissions.Products);
        }
        return ([.. granted.Distinct(StringComparer.Ordinal)], null, null);
    }

    private static bool TryBoolean(JsonElement body, string name, out bool value)
    {
        value = false;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }
        value = element.GetBoolean();
        return true;
    }

    private static (BerlinGroupConsentRequest?, string?, string?) Fail(string code, string problem) => (null, code, problem);
}
