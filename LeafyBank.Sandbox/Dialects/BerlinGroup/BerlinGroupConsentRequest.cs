using System.Text.Json;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Data;

namespace LeafyBank.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// A Berlin Group <c>consents</c> body (NextGenPSD2 1.3.12), read field by field so that a body
/// the bank cannot take is answered with the field and what to send instead, never with a
/// parser's words. Donau Bank takes bank-offered consents (empty <c>accounts</c>,
/// <c>balances</c>, <c>transactions</c> arrays: the customer picks the accounts at the bank),
/// <c>availableAccounts</c>, <c>availableAccountsWithBalance</c> and <c>allPsd2</c>, with an
/// optional <c>restrictedTo</c> that limits the consent to the account types it names
/// (<see cref="AccountTypes"/>; loans, <c>LOAN</c>, only when it names them or is absent).
/// </summary>
/// <param name="AccountTypes">The <c>restrictedTo</c> types; null when the request has none (every type).</param>
internal sealed record BerlinGroupConsentRequest(ConsentRequest Consent, string AccessJson, IReadOnlyList<string>? AccountTypes)
{

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

        var (accountTypes, typesProblem) = RestrictedTo(access);
        if (typesProblem is not null)
        {
            return Fail(BerlinGroupCodes.FormatError, typesProblem);
        }
        var (permissions, code, problem) = Permissions(access, accountTypes);
        return permissions is null
            ? Fail(code!, problem!)
            : (new BerlinGroupConsentRequest(new ConsentRequest([.. permissions], validUntil.GetString(), perDay, recurring), access.GetRawText(), accountTypes), null, null);
    }

    /// <summary>
    /// <c>access.restrictedTo</c>, bg-psd2-1.3.12.json <c>components/schemas/accountAccess/properties/restrictedTo</c>:
    /// "If the TPP requests access to accounts via availableAccounts (List of available accounts), global or bank driven
    /// consents, the TPP may include this element to restrict access to the referred account types. Absence of the
    /// element is interpreted as "no restriction" (therefore access to accounts of all types is requested). The element
    /// may only occur, if each of the elements - accounts - balances - transactions is either not present or contains an
    /// empty array." Its items are <c>cashAccountType</c>, "ExternalCashAccountType1Code from ISO 20022". Donau Bank takes
    /// only those consents (non-empty arrays are refused in <see cref="Permissions"/>), so the element may always occur
    /// here. An empty list would restrict access to no type at all, which no third party means: it is refused, as is a
    /// code not of the ISO shape, rather than read as a consent that shares nothing.
    /// </summary>
    private static (IReadOnlyList<string>? AccountTypes, string? Problem) RestrictedTo(JsonElement access)
    {
        if (!access.TryGetProperty("restrictedTo", out var restrictedTo))
        {
            return (null, null);
        }
        if (restrictedTo.ValueKind != JsonValueKind.Array || restrictedTo.EnumerateArray().Any(type => type.ValueKind != JsonValueKind.String))
        {
            return (null, "access.restrictedTo must be an array of cashAccountType codes such as CACC, SVGS, LOAN.");
        }
        var types = restrictedTo.EnumerateArray().Select(type => type.GetString()!).ToList();
        if (types.Count == 0)
        {
            return (null, "access.restrictedTo names no account type: leave it out to ask for accounts of every type, or name the types, such as [\"CACC\", \"SVGS\"].");
        }
        if (types.FirstOrDefault(type => !SandboxAccountTypes.IsCode(type)) is { } notACode)
        {
            return (null, $"access.restrictedTo: '{(notACode.Length <= 40 ? notACode : notACode[..40])}' is not a cashAccountType code " +
                "(ISO 20022 ExternalCashAccountType1Code, four capital letters such as CACC, SVGS, LOAN).");
        }
        return ([.. types.Distinct(StringComparer.Ordinal)], null);
    }

    private static (IReadOnlyList<string>? Permissions, string? Code, string? Problem) Permissions(JsonElement access, IReadOnlyList<string>? accountTypes)
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

        if (accountTypes is null || accountTypes.Contains(SandboxAccountTypes.Loan))
        {
            // Loans are LOAN accounts in Berlin Group; the sandbox keeps them under its products permission. The other
            // types restrictedTo names are kept on the consent (ConsentCoverage), which limits every account it shares.
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
