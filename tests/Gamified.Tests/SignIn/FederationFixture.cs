using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Server.Identity;
using Gamified.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Tests.SignIn;

/// <summary>
/// Three servers: an "external" issuer (a Gamified installation with its built-in provider on, which lets the pages of the
/// next one sign in there), and two installations that trust it (<c>Auth:Authority</c>) with different claim mappings:
/// <see cref="Pages"/> reads the issuer's own <c>role</c> claim (learner and author only; learner by default), as its web
/// pages sign in there; <see cref="Groups"/> reads Keycloak-like claims (an employee number, groups, realm roles).
/// </summary>
public sealed class FederationFixture : IAsyncLifetime
{
    public GamifiedServer Issuer { get; private set; } = null!;

    public GamifiedServer Pages { get; private set; } = null!;

    public GamifiedServer Groups { get; private set; } = null!;

    /// <summary>The issuer's signing key, read from its data directory, to mint tokens with any claims the issuer could say.</summary>
    public RsaSecurityKey IssuerKey { get; private set; } = null!;

    public string IssuerName => Issuer.Address.AbsoluteUri;

    public const string Audience = "gamified";

    public async Task InitializeAsync()
    {
        var issuerStorage = (SqliteStorage)ServerStorage.NewSqlite();
        var pagesAddress = $"http://127.0.0.1:{FreePort.Next()}";
        Issuer = await GamifiedServer.StartAsync(issuerStorage, $"--Auth:BuiltInProvider:WebOrigins:0={pagesAddress}");
        IssuerKey = new ProviderKeys(new BuiltInProviderOptions(), issuerStorage.DataDirectory).SigningKey;
        Pages = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            $"--Urls={pagesAddress}",
            $"--Auth:Authority={IssuerName}",
            "--Auth:WebClientId=" + WebPagesClient.ClientId,
            "--Auth:WebScope=openid profile roles offline_access",
            "--Auth:ClaimMapping:Roles:learner:0=learner",
            "--Auth:ClaimMapping:Roles:author:0=author",
            "--Auth:ClaimMapping:DefaultRole=learner");
        Groups = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            $"--Auth:Authority={IssuerName}",
            "--Auth:ClaimMapping:SubjectClaim=employee_number",
            "--Auth:ClaimMapping:LowerCaseSubject=true",
            "--Auth:ClaimMapping:RoleClaims:0=groups",
            "--Auth:ClaimMapping:RoleClaims:1=realm_access.roles",
            "--Auth:ClaimMapping:Roles:learner:0=/gov/staff",
            "--Auth:ClaimMapping:Roles:manager:0=/gov/training-office",
            "--Auth:ClaimMapping:Roles:admin:0=gamified-admins",
            "--Auth:ClaimMapping:DepartmentClaim=org_unit");
    }

    /// <summary>A token as the issuer would sign it, with the given payload claims (strings, arrays, objects).</summary>
    public string Token(Dictionary<string, object> claims, string? issuer = null, string audience = Audience,
        TimeSpan? expiresIn = null, SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? IssuerName,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires.AddMinutes(-30),
            NotBefore = expires.AddMinutes(-30),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key ?? IssuerKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An RSA key of someone else, under the issuer's key id.</summary>
    public RsaSecurityKey ForeignKey() => new(RSA.Create(2048)) { KeyId = IssuerKey.KeyId };

    /// <summary>GET /auth/me with the token: the status, and who the server says the bearer is.</summary>
    public static async Task<(int Status, JsonNode? Body)> WhoAmI(GamifiedServer server, string token)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync("/auth/me");
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { Groups, Pages, Issuer })
            if (server is not null) await server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FederationCollection : ICollectionFixture<FederationFixture>
{
    public const string Name = "federation: an external issuer and two installations that trust it";
}
