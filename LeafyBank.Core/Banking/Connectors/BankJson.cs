using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// How Leafy Bank reads every dialect: required constructor parameters and non-nullable
/// properties are enforced (a missing AccountId is a malformed answer, not an empty string),
/// amounts may come as JSON numbers or strings (invariant, no thousands separators), and
/// unknown fields are ignored so banks can add to their APIs.
/// </summary>
internal static class BankJson
{
    public static readonly JsonSerializerOptions PascalCase = Create(namingPolicy: null);

    public static readonly JsonSerializerOptions CamelCase = Create(JsonNamingPolicy.CamelCase);

    private static JsonSerializerOptions Create(JsonNamingPolicy? namingPolicy) => new()
    {
        PropertyNamingPolicy = namingPolicy,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
