using Gamified.Secrets;
using System.Security.Cryptography;
using Gamified.Storage.Database;

namespace Gamified.Storage.Secrets;

public sealed class ServerSecrets(GamifiedDatabase database, TimeProvider clock) : IServerSecrets
{
    public Task<byte[]> GetOrCreate(string name, int length) => database.RunAsync(async (connection, ct) =>
    {
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));
        await connection.Command("""
            INSERT INTO server_secrets (name, secret, created_at) VALUES (@name, @secret, @at)
            ON CONFLICT (name) DO NOTHING
            """).With("name", name).With("secret", fresh).With("at", clock.GetUtcNow().ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(ct);
        var stored = await connection.Command("SELECT secret FROM server_secrets WHERE name = @name").With("name", name)
            .ExecuteScalarAsync(ct) as string ?? throw new InvalidOperationException($"Server secret '{name}' was not stored.");
        return Convert.FromBase64String(stored);
    });
}
