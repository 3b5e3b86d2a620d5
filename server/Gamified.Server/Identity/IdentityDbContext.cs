using Microsoft.EntityFrameworkCore;

namespace Gamified.Server.Identity;

/// <summary>
/// The built-in provider's tables on the server's own database (SQLite or PostgreSQL): OpenIddict's applications,
/// authorizations, scopes and tokens (its EF Core stores), the local accounts and their one-time sign-in links. The tables are created by
/// <c>ops/sql/&lt;provider&gt;/gamified-identity.sql</c> like every other table, not by EF migrations.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<LocalAccount> Accounts => Set<LocalAccount>();

    public DbSet<SignInInvitation> Invitations => Set<SignInInvitation>();

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
        builder.Entity<SignInInvitation>(invitation =>
        {
            invitation.ToTable("local_account_invitations");
            invitation.HasKey(i => i.TokenHash);
            invitation.Property(i => i.TokenHash).HasColumnName("token_hash").HasMaxLength(64);
            invitation.Property(i => i.UserName).HasColumnName("user_name").HasMaxLength(64).IsRequired();
            invitation.Property(i => i.ExpiresAt).HasColumnName("expires_at");
            invitation.Property(i => i.CreatedAt).HasColumnName("created_at");
            invitation.Property(i => i.CreatedBy).HasColumnName("created_by").HasMaxLength(64).IsRequired();
            invitation.HasIndex(i => i.UserName).HasDatabaseName("ix_local_account_invitations_user");
        });
    }
}
