using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Dialects.BerlinGroup;
using Microsoft.EntityFrameworkCore;

namespace LeafyBank.Sandbox.Storage;

/// <summary>
/// The sandbox banks' own database (SQLite in the sandbox data directory): OpenIddict's
/// applications, authorizations and tokens, plus the consent resources and their access counts.
/// </summary>
public sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    private const string AccessCountsTable = "SandboxConsentAccessCounts";

    private const string CreateAccessCountsTable = $"""
        CREATE TABLE IF NOT EXISTS "{AccessCountsTable}" (
            "ConsentId" TEXT NOT NULL, "Day" TEXT NOT NULL, "Resource" TEXT NOT NULL, "Count" INTEGER NOT NULL,
            CONSTRAINT "PK_{AccessCountsTable}" PRIMARY KEY ("ConsentId", "Day", "Resource"))
        """;

    private const string SecondFactorTable = "SandboxSecondFactorChallenges";

    private const string CreateSecondFactorTable = $"""
        CREATE TABLE IF NOT EXISTS "{SecondFactorTable}" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_{SecondFactorTable}" PRIMARY KEY, "BankId" TEXT NOT NULL, "CustomerId" TEXT NOT NULL,
            "ConsentId" TEXT NULL, "CodeHash" TEXT NOT NULL, "ExpiresAt" TEXT NOT NULL, "Attempts" INTEGER NOT NULL)
        """;

    public DbSet<Consent> Consents => Set<Consent>();

    public DbSet<SecondFactorChallenge> SecondFactorChallenges => Set<SecondFactorChallenge>();

    public DbSet<ConsentAccessCount> ConsentAccessCounts => Set<ConsentAccessCount>();

    /// <summary>Berlin Group consents' <c>access</c> as sent (Donau Bank's <c>/v1/consents</c>).</summary>
    public DbSet<BerlinGroupConsentRecord> BerlinGroupConsents => Set<BerlinGroupConsentRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<Consent>(consent =>
        {
            consent.ToTable("SandboxConsents");
            consent.HasKey(c => c.Id);
            consent.Property(c => c.Status).HasConversion<string>();
            consent.HasIndex(c => new { c.BankId, c.CustomerId }).HasDatabaseName("IX_SandboxConsents_Bank_Customer");
        });

        modelBuilder.Entity<SecondFactorChallenge>(challenge =>
        {
            challenge.ToTable(SecondFactorTable);
            challenge.HasKey(c => c.Id);
        });

        modelBuilder.Entity<ConsentAccessCount>(count =>
        {
            count.ToTable(AccessCountsTable);
            count.HasKey(c => new { c.ConsentId, c.Day, c.Resource });
        });

        modelBuilder.Entity<BerlinGroupConsentRecord>(record =>
        {
            record.ToTable(BerlinGroupConsentRecord.Table);
            record.HasKey(r => r.ConsentId);
        });
    }

    /// <summary>
    /// Brings a database created by an earlier version up to this model: EnsureCreated does
    /// nothing to a database that exists, and the access counts (per resource) replaced the
    /// per-consent call counts, which are left unused; the second-factor codes came later.
    /// </summary>
    public async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        await Database.ExecuteSqlRawAsync(CreateAccessCountsTable, cancellationToken);
        await Database.ExecuteSqlRawAsync(CreateSecondFactorTable, cancellationToken);
        await Database.ExecuteSqlRawAsync(BerlinGroupConsentRecord.CreateTable, cancellationToken);
        await AddConsentColumnAsync(nameof(Consent.ExpirationDateTime), cancellationToken);
        await AddConsentColumnAsync(nameof(Consent.StandardTerms), cancellationToken);
        // A consent stored before account types were kept has none: it reaches every type its permissions do, as before.
        await AddConsentColumnAsync(nameof(Consent.AccountTypes), cancellationToken);
    }

    /// <summary>Adds a nullable TEXT column to the consents when a database from before it lacks it (SQLite has no ADD COLUMN IF NOT EXISTS).</summary>
    private async Task AddConsentColumnAsync(string column, CancellationToken cancellationToken)
    {
        var present = await Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM pragma_table_info('SandboxConsents') WHERE name = {0}", column).SingleAsync(cancellationToken);
        if (present == 0)
        {
#pragma warning disable EF1002 // The column name is one of this model's property names, never input.
            await Database.ExecuteSqlRawAsync($"ALTER TABLE \"SandboxConsents\" ADD COLUMN \"{column}\" TEXT NULL", cancellationToken);
#pragma warning restore EF1002
        }
    }
}
