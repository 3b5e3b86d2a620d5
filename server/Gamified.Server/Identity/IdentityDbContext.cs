using Microsoft.EntityFrameworkCore;

namespace Gamified.Server.Identity;

/// <summary>
/// The built-in provider's tables on the server's own database (SQLite or PostgreSQL): OpenIddict's applications,
/// authorizations, scopes and tokens (its EF Core stores) and the local accounts. The tables are created by
/// <c>ops/sql/&lt;provider&gt;/gamified-identity.sql</c> like every other table, not by EF migrations.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<LocalAccount> Accounts => Set<LocalAccount>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<LocalAccount>(account =>
        {
            account.ToTable("local_accounts");
            account.HasKey(a => a.UserName);
            account.Property(a => a.UserName).HasColumnName("user_name").HasMaxLength(64);
            account.Property(a => a.PasswordHash).HasColumnName("password_hash").IsRequired();
            account.Property(a => a.Roles).HasColumnName("roles").IsRequired();
            account.Property(a => a.Departments).HasColumnName("departments").IsRequired();
            account.Property(a => a.FailedAttempts).HasColumnName("failed_attempts");
            account.Property(a => a.LockedUntil).HasColumnName("locked_until");
            account.Property(a => a.CreatedAt).HasColumnName("created_at");
            account.Ignore(a => a.RoleList);
            account.Ignore(a => a.DepartmentList);
        });
    }
}
