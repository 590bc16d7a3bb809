using LeafyBank.Sandbox.Consents;
using Microsoft.EntityFrameworkCore;

namespace LeafyBank.Sandbox.Storage;

/// <summary>
/// The sandbox banks' own database (SQLite in the sandbox data directory): OpenIddict's
/// applications, authorizations and tokens, plus the consent resources and their call counts.
/// </summary>
public sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    public DbSet<Consent> Consents => Set<Consent>();

    public DbSet<ConsentCallCount> ConsentCallCounts => Set<ConsentCallCount>();

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

        modelBuilder.Entity<ConsentCallCount>(count =>
        {
            count.ToTable("SandboxConsentCallCounts");
            count.HasKey(c => new { c.ConsentId, c.Day });
        });
    }
}
