namespace LeafyBank.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// What a Berlin Group consent request said beyond the permissions every bank keeps: the
/// <c>access</c> object exactly as the third party sent it, which <c>GET /v1/consents/{id}</c>
/// gives back as sent. One row per consent created at <c>POST /v1/consents</c>.
/// </summary>
public sealed class BerlinGroupConsentRecord
{
    public const string Table = "SandboxBerlinGroupConsents";

    /// <summary>Brings an existing sandbox database up to this model (EnsureCreated adds nothing to one that exists).</summary>
    public const string CreateTable = $"""
        CREATE TABLE IF NOT EXISTS "{Table}" (
            "ConsentId" TEXT NOT NULL CONSTRAINT "PK_{Table}" PRIMARY KEY, "Access" TEXT NOT NULL)
        """;

    public required string ConsentId { get; set; }

    /// <summary>The request's <c>access</c> object, as JSON text.</summary>
    public required string Access { get; set; }
}
