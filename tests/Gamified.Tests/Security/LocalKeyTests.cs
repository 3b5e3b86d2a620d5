using Gamified.Api.Security;
using Gamified.Server.Hosting;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

/// <summary>The locally generated keys are the server user's alone, and serve outside Development only when chosen.</summary>
public sealed class LocalKeyTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData("Staging")]
    [InlineData("Pilot")]
    public async Task outside_development_the_server_refuses_to_start_without_an_identity_provider(string environment)
    {
        // With the built-in provider switched off: it is an identity provider of its own.
        var app = GamifiedHost.Build([$"--environment={environment}", "--Urls=http://127.0.0.1:0", "--Auth:BuiltInProvider:Enabled=false",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}"]);

        var refusal = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedHost.StartAsync(app));
        Assert.Contains("Auth:Authority", refusal.Message);
        Assert.Contains("Auth:AllowLocalTokens", refusal.Message);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task a_single_machine_installation_may_choose_local_tokens_outside_development()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--environment=Staging", "--Auth:AllowLocalTokens=true");
        (await server.Client.PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertNoErrors();
        // Staging is not Development: introspection is off, so the environment really changed.
        Assert.Equal(400, (await server.Client.PostAsync("{ __schema { queryType { name } } }")).Status);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // Unix file modes
    public async Task the_signing_and_credential_keys_are_created_owner_only_even_over_a_planted_temporary_file()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        System.IO.Directory.CreateDirectory(storage.DataDirectory);
        // A world-readable file where a key's temporary file used to be written: writing into it would keep its mode.
        var planted = Path.Combine(storage.DataDirectory, "jwt-signing.key.tmp");
        await File.WriteAllTextAsync(planted, "");
        File.SetUnixFileMode(planted, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var server = await GamifiedServer.StartAsync(storage);
        await server.Anonymous.QueryAsync("{ credentialIssuerKey }");   // the credential key is made by first use at the latest

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(storage.DataDirectory, "jwt-signing.key")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(storage.DataDirectory, "credentials-es256.pem")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(storage.DataDirectory, "oidc-signing.pem")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(storage.DataDirectory, "oidc-encryption.key")));
        Assert.Equal([planted], System.IO.Directory.GetFiles(storage.DataDirectory, "*.tmp"));
    }
}
