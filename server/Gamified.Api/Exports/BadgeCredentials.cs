using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamified.Content;
using Gamified.Learners;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Api.Exports;

/// <summary>The <c>Credentials</c> configuration section.</summary>
public sealed class CredentialOptions
{
    public const string Section = "Credentials";

    /// <summary>The issuer's id (a URL that identifies this installation) in every credential and as the JWT <c>iss</c>.</summary>
    public string IssuerId { get; set; } = "https://gamified.local/issuer";

    public string IssuerName { get; set; } = "Gamified 智慧政务培训 / Gamified smart-government training";

    /// <summary>The ES256 signing key as a PKCS#8 PEM (P-256). When empty, <see cref="SigningKeyFile"/> is used.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>A PEM file holding the key; relative paths are taken from the data directory. Created with a new key on
    /// first start when missing, so credentials stay verifiable across restarts. Every node of a cluster needs the same key.</summary>
    public string SigningKeyFile { get; set; } = "credentials-es256.pem";

    /// <summary>This server's public address, under which verifiers fetch the status lists
    /// (<c>{StatusListBaseUrl}/credentials/status/{list}</c>). When empty, the origin of <see cref="IssuerId"/>.</summary>
    public string? StatusListBaseUrl { get; set; }
}

public sealed record IssuedCredential(string BadgeId, DateTimeOffset AwardedAt, string CredentialJson, string Jwt);

/// <summary>A credential's check; a revoked badge's credential is not valid, and says so in <see cref="Revoked"/>.</summary>
public sealed record CredentialCheck(bool Valid, string? Reason, string? CredentialJson, bool Revoked = false);

/// <summary>
/// A learner's badges as Open Badges 3.0 <c>OpenBadgeCredential</c>s (W3C VC data model 2.0), each signed as a compact
/// JWS with ES256 (the VC-JWT form Open Badges 3.0 describes: the credential in the <c>vc</c> claim, with
/// <c>iss</c>, <c>jti</c>, <c>sub</c> and <c>nbf</c> beside it), and their verification against the issuer's key.
/// </summary>
public sealed class BadgeCredentials
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly CredentialOptions _options;
    private readonly PackageCatalog _catalog;
    private readonly ECDsaSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The signing key's id (the <c>kid</c> of every credential and of the published key); nodes of a cluster compare it at start.</summary>
    public string KeyId => _key.KeyId!;

    public BadgeCredentials(CredentialOptions options, PackageCatalog catalog, ECDsa key)
    {
        _options = options;
        _catalog = catalog;
        // The curve itself, not the key size: brainpoolP256r1 and secp256k1 keys are 256 bits too, and would be published as P-256.
        if (key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            throw new InvalidOperationException("The credential signing key must be an EC P-256 key (ES256).");
        var publicKey = key.ExportSubjectPublicKeyInfo();
        _key = new ECDsaSecurityKey(key) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(publicKey))[..16] };
    }

    /// <summary>The issuer's public key as a JWK, for verifiers that do not ask this server.</summary>
    public string PublicJwk()
    {
        var p = _key.ECDsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!),
            ["kid"] = _key.KeyId, ["use"] = "sig", ["alg"] = "ES256",
        }.ToJsonString(Compact);
    }

    /// <summary>The learner's held badges; <paramref name="statusIndexes"/> (ledger seq → status position) gives each its
    /// <c>credentialStatus</c> entry in a status list (see <see cref="BadgeStatusList"/>).</summary>
    public IReadOnlyList<IssuedCredential> Issue(LearnerSnapshot learner, IReadOnlyDictionary<long, long>? statusIndexes = null) =>
        learner.Badges.Select(b => Issue(learner.Profile.Id, b,
            statusIndexes is not null && statusIndexes.TryGetValue(b.LedgerSeq, out var position) ? position : null)).ToList();

    public IssuedCredential Issue(string learnerId, EarnedBadge badge, long? statusPosition = null)
    {
        var credential = Credential(learnerId, badge);
        if (statusPosition is { } position) credential["credentialStatus"] = BadgeStatusList.Entry(_options, position);
        return new IssuedCredential(badge.BadgeId, badge.AwardedAt, credential.ToJsonString(Compact), Sign(credential, badge.AwardedAt));
    }

    /// <summary>Signs a credential as a VC-JWT: the credential in the <c>vc</c> claim, valid from <paramref name="validFrom"/>.</summary>
    public string Sign(JsonObject credential, DateTimeOffset validFrom)
    {
        var payload = new JsonObject
        {
            ["iss"] = _options.IssuerId,
            ["jti"] = credential["id"]!.GetValue<string>(),
            ["sub"] = credential["credentialSubject"]!["id"]!.GetValue<string>(),
            ["nbf"] = validFrom.ToUnixTimeSeconds(),
            ["iat"] = validFrom.ToUnixTimeSeconds(),
            ["vc"] = credential.DeepClone(),
        };
        return _handler.CreateToken(payload.ToJsonString(Compact), new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
            new Dictionary<string, object> { ["typ"] = "JWT" });
    }

    /// <summary>Checks the signature against the issuer's key, the issuer, the algorithm, and that the payload is an
    /// OpenBadgeCredential; any change to the token makes it fail.</summary>
    public async Task<CredentialCheck> Verify(string jwt)
    {
        if (string.IsNullOrWhiteSpace(jwt) || jwt.Length > 64 * 1024) return new CredentialCheck(false, "Not a compact JWS.", null);
        var result = await _handler.ValidateTokenAsync(jwt.Trim(), new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidIssuer = _options.IssuerId,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            TryAllIssuerSigningKeys = true,
        });
        if (!result.IsValid)
            return new CredentialCheck(false, result.Exception switch
            {
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The signature does not match the issuer's key.",
                SecurityTokenInvalidIssuerException => "The credential was not issued by this issuer.",
                SecurityTokenMalformedException or ArgumentException => "Not a well-formed compact JWS.",
                SecurityTokenInvalidAlgorithmException => "The credential is not signed with ES256.",
                _ => "The credential did not verify.",
            }, null);
        var token = (JsonWebToken)result.SecurityToken;
        string vc;
        try
        {
            vc = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
            var credential = JsonNode.Parse(vc)!["vc"] as JsonObject;
            var types = credential?["type"]?.AsArray().Select(t => t?.GetValue<string>()).ToList() ?? [];
            if (credential is null || !types.Contains("OpenBadgeCredential"))
                return new CredentialCheck(false, "The token holds no OpenBadgeCredential.", null);
            return new CredentialCheck(true, null, credential.ToJsonString(Compact));
        }
        catch (Exception problem) when (problem is JsonException or InvalidOperationException or FormatException)
        {
            return new CredentialCheck(false, "The token holds no OpenBadgeCredential.", null);
        }
    }

    private JsonObject Credential(string learnerId, EarnedBadge badge)
    {
        var (nameZh, nameEn, description) = Describe(badge);
        // The same badge, learner and ledger entry always give the same credential id.
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{learnerId}\u001f{badge.BadgeId}\u001f{badge.LedgerSeq}"))[..16]);
        var issuer = _options.IssuerId.TrimEnd('/');
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = $"urn:uuid:{id:D}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = _options.IssuerId, ["type"] = new JsonArray("Profile"), ["name"] = _options.IssuerName },
            ["validFrom"] = badge.AwardedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["name"] = nameZh,
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = $"{issuer}/learners/{Uri.EscapeDataString(learnerId)}",
                ["type"] = new JsonArray("AchievementSubject"),
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"{issuer}/achievements/{Uri.EscapeDataString(badge.BadgeId)}",
                    ["type"] = new JsonArray("Achievement"),
                    ["name"] = nameZh,
                    ["description"] = description,
                    ["criteria"] = new JsonObject { ["narrative"] = badge.Reason },
                    ["inLanguage"] = "zh-CN",
                    ["alignment"] = new JsonArray(),
                },
            },
            ["description"] = nameEn,
        };
    }

    /// <summary>A package's badge takes its name from the manifest; other badges are named by their id.</summary>
    private (string ZhCN, string En, string Description) Describe(EarnedBadge badge)
    {
        foreach (var entry in _catalog.LatestOfEach())
            foreach (var b in entry.Package.Manifest.Badges ?? [])
                if ($"{entry.Package.Id}.{b.Id}" == badge.BadgeId)
                    return (b.Name!.ZhCN ?? badge.BadgeId, b.Name.En ?? badge.BadgeId,
                        $"{b.Description?.ZhCN ?? ""} / {b.Description?.En ?? ""}".Trim(' ', '/'));
        return (badge.BadgeId, badge.BadgeId, $"徽章 {badge.BadgeId}：{badge.Reason} / Badge {badge.BadgeId}: {badge.Reason}");
    }

    /// <summary>The key from configuration, or the one in the data directory (created on first start, readable by the server's user only).</summary>
    public static ECDsa LoadKey(CredentialOptions options, string dataDirectory)
    {
        var key = ECDsa.Create();
        if (!string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            key.ImportFromPem(options.SigningKeyPem);
            return key;
        }
        var file = Path.IsPathRooted(options.SigningKeyFile) ? options.SigningKeyFile : Path.Combine(Path.GetFullPath(dataDirectory), options.SigningKeyFile);
        if (!File.Exists(file))
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Gamified.Api.Security.OwnerOnlyFile.CreateOnce(file, fresh.ExportPkcs8PrivateKeyPem());
        }
        key.ImportFromPem(File.ReadAllText(file));
        return key;
    }
}
