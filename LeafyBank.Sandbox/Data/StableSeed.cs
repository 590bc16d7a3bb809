using System.Security.Cryptography;
using System.Text;

namespace LeafyBank.Sandbox.Data;

/// <summary>
/// Seeds that are the same in every process and on every machine. <see cref="string.GetHashCode()"/>
/// is randomised per process, so it cannot make "the same accounts on every run".
/// </summary>
internal static class StableSeed
{
    public static int Of(params object[] parts) => BitConverter.ToInt32(Hash(parts), 0) & int.MaxValue;

    /// <summary>A short lowercase hex identifier derived from the parts (never random).</summary>
    public static string Hex(int length, params object[] parts) => Convert.ToHexStringLower(Hash(parts))[..length];

    private static byte[] Hash(object[] parts) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts.Select(part =>
            Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture)))));
}
