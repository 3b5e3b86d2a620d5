using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Gamified.Api.Security;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gamified.Server.Identity;

/// <summary>
/// A service account as an OpenID Connect client of the built-in provider: confidential (its secret is kept only as
/// OpenIddict's hash), allowed the client-credentials grant at the token endpoint and nothing else (no sign-in form, no
/// refresh tokens), and only its scopes. What OpenIddict does not keep (departments, who created it and when) is in the
/// application's properties.
/// </summary>
public static class ServiceAccountClient
{
    public const string ClientIdPrefix = "svc-";

    private const string MarkerProperty = "gamified.serviceAccount";
    private const string DepartmentsProperty = "gamified.departments";
    private const string CreatedAtProperty = "gamified.createdAt";
    private const string CreatedByProperty = "gamified.createdBy";

    public static OpenIddictApplicationDescriptor Descriptor(string clientId, string secret, string name, IEnumerable<string> scopes,
        IEnumerable<string> departments, DateTimeOffset createdAt, string createdBy)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in scopes) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        descriptor.Properties[MarkerProperty] = JsonSerializer.SerializeToElement(true);
        descriptor.Properties[DepartmentsProperty] = JsonSerializer.SerializeToElement(departments.ToArray());
        descriptor.Properties[CreatedAtProperty] = JsonSerializer.SerializeToElement(createdAt.ToUnixTimeMilliseconds());
        descriptor.Properties[CreatedByProperty] = JsonSerializer.SerializeToElement(createdBy);
        return descriptor;
    }

    /// <summary>What is stored for an application, when it is a service account (null for the web pages' client and others).</summary>
    public sealed record Stored(string ClientId, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Departments,
        DateTimeOffset CreatedAt, string CreatedBy);

    public static async Task<Stored?> Read(IOpenIddictApplicationManager applications, object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        if (!properties.TryGetValue(MarkerProperty, out var marker) || marker.ValueKind != JsonValueKind.True) return null;
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        return new Stored(
            (await applications.GetClientIdAsync(application, cancellationToken))!,
            await applications.GetDisplayNameAsync(application, cancellationToken) ?? "",
            [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..])],
            properties.TryGetValue(DepartmentsProperty, out var departments) ? departments.Deserialize<string[]>() ?? [] : [],
            properties.TryGetValue(CreatedAtProperty, out var at) ? DateTimeOffset.FromUnixTimeMilliseconds(at.GetInt64()) : DateTimeOffset.UnixEpoch,
            properties.TryGetValue(CreatedByProperty, out var by) ? by.GetString() ?? "" : "");
    }

    /// <summary>
    /// Answers the client-credentials grant (OpenIddict has checked the secret, the grant and scope permissions): a token
    /// naming the account, its departments and its scopes (all of them when it asked for none), and no person's roles.
    /// </summary>
    public sealed class IssueToken(IOpenIddictApplicationManager applications, AuthOptions auth) : IOpenIddictServerHandler<HandleTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
            .CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<IssueToken>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleTokenRequestContext context)
        {
            if (!context.Request.IsClientCredentialsGrantType()) return;
            var application = await applications.FindByClientIdAsync(context.Request.ClientId!, context.CancellationToken);
            var account = application is null ? null : await Read(applications, application, context.CancellationToken);
            if (account is null)
            {
                context.Reject(Errors.UnauthorizedClient, "This client is not a service account.");
                return;
            }
            var requested = context.Request.GetScopes();
            ImmutableArray<string> scopes = requested.IsDefaultOrEmpty ? [.. account.Scopes] : requested;

            var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Caller.RoleClaim);
            identity.SetClaim(Caller.SubjectClaim, account.ClientId);
            identity.SetClaim(Caller.ServiceAccountClaim, account.ClientId);
            identity.SetClaims(Caller.DepartmentClaim, [.. account.Departments]);
            identity.SetScopes(scopes.Intersect(account.Scopes));
            identity.SetResources(auth.Audience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            context.SignIn(new ClaimsPrincipal(identity));
        }
    }

    public const string TokenAction = "serviceToken";

    /// <summary>
    /// Audits every client-credentials request, granted or refused (a wrong secret is <c>INVALID_CLIENT</c>), with the client
    /// id as the actor and the scopes asked for; never the secret.
    /// </summary>
    public sealed class AuditTokenRequest(Gamified.Audit.IAuditStore audit, TimeProvider clock) : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
            .CreateBuilder<ApplyTokenResponseContext>()
            .UseScopedHandler<AuditTokenRequest>()
            .SetOrder(OpenIddictServerHandlers.Exchange.NormalizeErrorResponse.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Request is not { } request || !request.IsClientCredentialsGrantType()) return;
            var clientId = request.ClientId;
            var actor = Gamified.Common.Validate.IsId(clientId) ? clientId! : "anonymous";
            var outcome = context.Response.Error is { Length: > 0 } error ? error.ToUpperInvariant() : "OK";
            var address = context.Transaction.GetHttpRequest()?.HttpContext.Connection.RemoteIpAddress?.ToString();
            await audit.Append(new Gamified.Audit.AuditEntry(0, clock.GetUtcNow(), actor, "", TokenAction, actor == "anonymous" ? null : actor, outcome,
                JsonSerializer.Serialize(new { scopes = request.GetScopes().Take(10).Select(s => s.Length > 64 ? s[..64] : s) }), address));
        }
    }
}
