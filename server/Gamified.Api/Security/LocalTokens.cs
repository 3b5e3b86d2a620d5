using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Api.Security;

/// <summary>
/// Tokens for a local installation without an identity provider: a 256-bit HMAC key generated on first
/// start into the data directory (readable by the server's user only), and an issuer for the
/// <c>token</c> command. Never used when an OIDC authority is configured.
/// </summary>
public sealed class LocalTokens
{
    private readonly AuthOptions _options;
    private readonly TimeProvider _clock;

    public LocalTokens(AuthOptions options, string dataDirectory, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        KeyFile = Path.IsPathRooted(options.LocalSigningKeyFile)
            ? options.LocalSigningKeyFile
            : Path.Combine(Path.GetFullPath(dataDirectory), options.LocalSigningKeyFile);
        SigningKey = new SymmetricSecurityKey(LoadOrCreateKey(KeyFile)) { KeyId = "gamified-local" };
    }

    public string KeyFile { get; }

    public SymmetricSecurityKey SigningKey { get; }

    public string Issue(string subject, IEnumerable<string> roles, IEnumerable<string>? departments = null, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new(Caller.SubjectClaim, subject) };
        claims.AddRange(roles.Select(r => new Claim(Caller.RoleClaim, r)));
        claims.AddRange((departments ?? []).Select(d => new Claim(Caller.DepartmentClaim, d)));
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.LocalIssuer,
            Audience = _options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? _options.LocalTokenLifetime),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }

    private static byte[] LoadOrCreateKey(string file)
    {
        OwnerOnlyFile.CreateOnce(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }
}
