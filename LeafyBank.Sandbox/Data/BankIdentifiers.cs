using System.Globalization;
using System.Numerics;
using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Data;

/// <summary>Account and product identifiers in each bank's own format, drawn from the customer's seed.</summary>
internal sealed class BankIdentifiers(SandboxBank bank, Random random)
{
    private readonly HashSet<string> issued = [];

    public (string Id, string Identification) NextAccount() => Next(isProduct: false);

    public (string Id, string Identification) NextProduct() => Next(isProduct: true);

    private (string Id, string Identification) Next(bool isProduct)
    {
        while (true)
        {
            var candidate = bank.Dialect switch
            {
                // The reference demo: 9-digit account numbers, 4-digit product ids.
                SandboxDialects.GreenBank or SandboxDialects.MongoDbBank when isProduct => Same(Digits(4)),
                SandboxDialects.GreenBank or SandboxDialects.MongoDbBank => Same(Digits(9)),
                // Berlin Group: an opaque resourceId in URLs, an IBAN to show.
                SandboxDialects.BerlinGroup => (ResourceId(), AustrianIban(Digits(11))),
                // UK: a short AccountId, sort code + account number to show.
                _ => (Digits(8), "404784" + Digits(8)),
            };
            if (issued.Add(candidate.Item1))
            {
                return candidate;
            }
        }
    }

    private static (string, string) Same(string id) => (id, id);

    private string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => (char)('0' + (i == 0 ? random.Next(1, 10) : random.Next(10)))));

    private string ResourceId()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>An IBAN with valid check digits (ISO 13616 mod 97), bank code 19430.</summary>
    private static string AustrianIban(string accountNumber)
    {
        var bban = "19430" + accountNumber;
        // Country "AT" → 10 29, then "00" as placeholder check digits.
        var check = 98 - (int)(BigInteger.Parse(bban + "102900", CultureInfo.InvariantCulture) % 97);
        return $"AT{check:00}{bban}";
    }
}
