using System.Reflection;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Api;

/// <summary>
/// The string properties of the data API's answers whose values come from a fixed set in Core's
/// vocabulary, read from the constants themselves so that the OpenAPI document's enums follow
/// any value added there.
/// </summary>
internal static class DataApiVocabulary
{
    private static readonly Dictionary<(Type Type, string Property), IReadOnlyList<string>> Sets = new()
    {
        [(typeof(AccountResponse), "status")] = Constants(typeof(AccountStatuses)),
        [(typeof(AccountResponse), "source")] = [AccountResponse.External, AccountResponse.LeafyBank],
        [(typeof(ProductResponse), "status")] = Constants(typeof(ProductStatuses)),
        [(typeof(TransactionResponse), "status")] = Constants(typeof(BookingStatuses)),
        [(typeof(NoLongerSharedResponse), "kind")] = [NoLongerSharedResponse.Account, NoLongerSharedResponse.Product],
    };

    /// <summary>The values a property of an answer can take, or null when it is free text.</summary>
    public static IReadOnlyList<string>? FixedValues(Type declaringType, string jsonName) =>
        Sets.GetValueOrDefault((declaringType, jsonName));

    private static string[] Constants(Type vocabulary) =>
        [.. vocabulary.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)];
}
