using Microsoft.EntityFrameworkCore;

namespace LeafyBank.DevIdentityProvider;

/// <summary>The development identity provider's OpenIddict store (client, authorizations, tokens) in SQLite.</summary>
internal sealed class DevIdentityDbContext(DbContextOptions<DevIdentityDbContext> options) : DbContext(options);
