using System.Security.Cryptography;
using Gamified.Api.Security;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Server.Identity;

/// <summary>
/// The built-in provider's keys, generated on first start into the data directory (readable by the server's user only),
/// like the local token key: an RSA key that signs identity and access tokens (its public half is published at the
/// provider's JWKS address, and the API checks access tokens with it), and a symmetric key that encrypts codes and
/// refresh tokens.
/// </summary>
public sealed class ProviderKeys
{
    public ProviderKeys(BuiltInProviderOptions options, string dataDirectory)
    {
        var signingFile = Resolve(options.SigningKeyFile, dataDirectory);
        OwnerOnlyFile.CreateOnce(signingFile, NewRsaPem());
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(signingFile));
        SigningKey = new RsaSecurityKey(rsa) { KeyId = KeyIdOf(rsa) };

        var encryptionFile = Resolve(options.EncryptionKeyFile, dataDirectory);
        OwnerOnlyFile.CreateOnce(encryptionFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        EncryptionKey = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(encryptionFile).Trim()));
    }

    public RsaSecurityKey SigningKey { get; }

    public SymmetricSecurityKey EncryptionKey { get; }

    private static string Resolve(string file, string dataDirectory) =>
        Path.IsPathRooted(file) ? file : Path.Combine(Path.GetFullPath(dataDirectory), file);

    private static string NewRsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>A stable key id (the public key's SHA-256), so a published key and a token's <c>kid</c> match across restarts.</summary>
    private static string KeyIdOf(RSA rsa) =>
        Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
}
