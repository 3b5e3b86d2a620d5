using Npgsql;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server that ops/test.sh starts (GAMIFIED_TEST_POSTGRES). Each caller gets a new,
/// empty database of its own, so tests never see each other's data.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "GAMIFIED_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the suite with ops/test.sh, which starts PostgreSQL and sets it.");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "gamified_test_" + Guid.NewGuid().ToString("n")[..12];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        // Idle connections go back after 30 s instead of Npgsql's 5 minutes: the suite's many databases share one
        // PostgreSQL and its max_connections, and a test's burst should not hold connections for the next ones.
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, ConnectionIdleLifetime = 30 }
            .ConnectionString;
    }
}
