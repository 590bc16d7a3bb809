using System.Net;
using LeafyBank.Sandbox.Banks;
using Microsoft.AspNetCore.Http;

namespace LeafyBank.Sandbox.Access;

/// <summary>
/// How a call says the customer is present, each dialect in its standard's own words: Berlin
/// Group's <c>PSU-IP-Address</c> ("shall be contained if and only if this request was actively
/// initiated by the PSU"), UK Open Banking's <c>x-fapi-customer-ip-address</c> ("the PSU's IP
/// address if the PSU is currently logged in with the TPP"). The reference banks (Green Bank,
/// MongoDB Bank) take Berlin Group's. A call with its dialect's header is customer-present and
/// not counted against <c>frequencyPerDay</c>; any other header marks nothing.
/// </summary>
public static class CustomerPresence
{
    public const string PsuIpAddressHeader = "PSU-IP-Address";

    public const string FapiCustomerIpAddressHeader = "x-fapi-customer-ip-address";

    /// <summary>The header that marks a customer-present call at this bank.</summary>
    public static string HeaderFor(SandboxBank bank) => bank.Dialect switch
    {
        SandboxDialects.UkOpenBanking => FapiCustomerIpAddressHeader,
        _ => PsuIpAddressHeader,
    };

    /// <summary>
    /// Whether the request says the customer is present; <paramref name="malformed"/> when the
    /// header is there but is not an IP address (the standards define it as the customer's address).
    /// </summary>
    public static bool IsPresent(HttpRequest request, SandboxBank bank, out bool malformed)
    {
        var value = request.Headers[HeaderFor(bank)].ToString();
        malformed = value.Length > 0 && !IPAddress.TryParse(value, out _);
        return value.Length > 0 && !malformed;
    }
}
