using System.Text.Json;
using System.Text.Json.Serialization;
using LeafyBank.Core.Position;

namespace LeafyBank.Core.Interop;

/// <summary>The global position as JSON for the command line, with the record's own (PascalCase) names.</summary>
public static class PositionJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // PascalCase as in the record: UserName, TotalBalance, ByInstitution[{ Bank, Balance, Debt }].
        PropertyNamingPolicy = null,
        // Sides read as words (Balance, Debt), not enum numbers.
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(GlobalPosition position) => JsonSerializer.Serialize(position, Options);
}
