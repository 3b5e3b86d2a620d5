using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Analytics;

/// <summary>The badge credential signing key is refused unless it is on the P-256 curve that ES256 names.</summary>
public sealed class CredentialKeyTests
{
    [Fact]
    public async Task a_256_bit_key_on_another_curve_is_refused_as_the_signing_key()
    {
        using var brainpool = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.brainpoolP256r1);
        Assert.Equal(256, brainpool.KeySize);
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Credentials:SigningKeyPem={brainpool.ExportPkcs8PrivateKeyPem()}");
        Assert.Equal("INTERNAL_SERVER_ERROR", (await server.Anonymous.PostAsync("{ credentialIssuerKey }")).RefusalCode);

        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await using var good = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Credentials:SigningKeyPem={p256.ExportPkcs8PrivateKeyPem()}");
        Assert.Contains("P-256", (await good.Anonymous.QueryAsync("{ credentialIssuerKey }"))["credentialIssuerKey"]!.GetValue<string>());
    }
}
