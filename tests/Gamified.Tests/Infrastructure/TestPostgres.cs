using Gamified.Storage.Database;
using Gamified.Storage.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server that ops/test.sh starts (GAMIFIED_TEST_POSTGRES). Each caller gets a new,
/// empty database of its own, so tests never see each other's data.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "GAMIFIED_TEST_POSTGRES";

    /// <summary>The roles of docs/LEDGER.md ("Least privilege"): the owner migrates, the server's nodes connect as the other.</summary>
    public const string OwnerRole = "gamified_owner";

    public const string ServerRole = "gamified_server";

    private static readonly SemaphoreSlim RolesMade = new(1, 1);
    private static bool _rolesExist;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the suite with ops/test.sh, which starts PostgreSQL and sets it.");

    /// <summary>The same database as <paramref name="connectionString"/>, as the superuser: who sees every role's commands in
    /// <c>pg_stat_activity</c> (the owner sees only "insufficient privilege" for the server role's).</summary>
    public static string AsSuperuser(string connectionString)
    {
        var superuser = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        return new NpgsqlConnectionStringBuilder(connectionString) { Username = superuser.Username, Password = superuser.Password }.ConnectionString;
    }

    /// <summary>A new, empty database, and a superuser's connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync() => Connect(await CreateAsync(owner: null), null);

    /// <summary>
    /// A new database owned by <see cref="OwnerRole"/> with the schema applied as that role and <see cref="ServerRole"/> granted
    /// its privileges, as <c>migrate --Storage:ServerRole=gamified_server</c> leaves a production database: the owner's
    /// connection string (what an insider holding it could do) and the server's.
    /// </summary>
    public static async Task<(string Owner, string Server)> CreateMigratedDatabaseAsync()
    {
        var (owner, server) = await CreateOwnedDatabaseAsync();
        var database = new GamifiedDatabase(StorageProvider.Postgres, owner);
        await new SchemaInstaller(database, NullLogger<SchemaInstaller>.Instance, ServerRole).ApplyAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString)) NpgsqlConnection.ClearPool(connection);
        return (owner, server);
    }

    /// <summary>A new, empty database owned by <see cref="OwnerRole"/>: the owner's connection string and the server's.</summary>
    public static async Task<(string Owner, string Server)> CreateOwnedDatabaseAsync()
    {
        await EnsureRolesAsync();
        var name = await CreateAsync(OwnerRole);
        return (Connect(name, OwnerRole), Connect(name, ServerRole));
    }

    private static async Task<string> CreateAsync(string? owner)
    {
        var name = "gamified_test_" + Guid.NewGuid().ToString("n")[..12];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(owner is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} OWNER {owner}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    // Idle connections go back after 30 s instead of Npgsql's 5 minutes: the suite's many databases share one
    // PostgreSQL and its max_connections, and a test's burst should not hold connections for the next ones.
    private static string Connect(string database, string? role)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, ConnectionIdleLifetime = 30 };
        if (role is not null) builder.Username = role;
        return builder.ConnectionString;
    }

    /// <summary>ops/test.sh creates the roles; a PostgreSQL started otherwise gets them here (trust authentication assumed).</summary>
    private static async Task EnsureRolesAsync()
    {
        if (Volatile.Read(ref _rolesExist)) return;
        await RolesMade.WaitAsync();
        try
        {
            if (_rolesExist) return;
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            foreach (var (role, options) in new[] { (OwnerRole, "LOGIN CREATEDB"), (ServerRole, "LOGIN") })
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @role", connection);
                exists.Parameters.AddWithValue("role", role);
                if (await exists.ExecuteScalarAsync() is not null) continue;
                await using var create = new NpgsqlCommand($"CREATE ROLE {role} {options}", connection);
                await create.ExecuteNonQueryAsync();
            }
            _rolesExist = true;
        }
        finally
        {
            RolesMade.Release();
        }
    }
}
