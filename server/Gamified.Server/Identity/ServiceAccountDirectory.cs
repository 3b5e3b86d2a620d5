using System.Security.Cryptography;
using Gamified.Accounts;
using Gamified.Api.Security;
using Gamified.Common;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Gamified.Server.Identity;

/// <summary>
/// Admins' service accounts (<c>createServiceAccount</c>, <c>serviceAccounts</c>, <c>revokeServiceAccount</c>): every input
/// checked before anything is written; the secret generated here, answered once, and kept only as OpenIddict's hash.
/// </summary>
internal sealed class ServiceAccountDirectory(IOpenIddictApplicationManager applications, IdentityDbContext db, TimeProvider clock)
    : IServiceAccountDirectory
{
    public const int MaxNameLength = 100;
    public const int MaxDepartments = 50;

    public async Task<CreatedServiceAccount> Create(NewServiceAccount account, string createdBy, CancellationToken cancellationToken = default)
    {
        var name = account.Name.Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
            throw Bad($"名称为 1 到 {MaxNameLength} 个字符。 / The name has 1 to {MaxNameLength} characters.", "input.name");
        if (account.Scopes.Count == 0 || account.Scopes.Any(s => !ServiceScopes.All.Contains(s)))
            throw Bad($"权限范围须为 {string.Join("、", ServiceScopes.All)} 中的一个或多个。 / Scopes are one or more of {string.Join(", ", ServiceScopes.All)}.", "input.scopes");
        if (account.Departments.Count > MaxDepartments || account.Departments.Any(d => d != Roles.AllDepartments && !Validate.IsId(d)))
            throw Bad($"部门须为部门编号（至多 {MaxDepartments} 个），或 *。 / Departments are department ids (at most {MaxDepartments}), or *.", "input.departments");

        var clientId = ServiceAccountClient.ClientIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var createdAt = clock.GetUtcNow();
        var scopes = account.Scopes.Distinct().ToList();
        var departments = account.Departments.Distinct().ToList();
        await applications.CreateAsync(ServiceAccountClient.Descriptor(clientId, secret, name, scopes, departments, createdAt, createdBy), cancellationToken);
        return new CreatedServiceAccount(new ServiceAccountInfo(clientId, name, scopes, departments, createdAt, createdBy, null), secret);
    }

    public async Task<IReadOnlyList<ServiceAccountInfo>> List(CancellationToken cancellationToken = default)
    {
        var accounts = new List<ServiceAccountClient.Stored>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
            if (await ServiceAccountClient.Read(applications, application, cancellationToken) is { } account) accounts.Add(account);
        var lastUsed = await LastTokens(accounts.Select(a => a.ClientId).ToList(), cancellationToken);
        return [.. accounts.OrderBy(a => a.CreatedAt).ThenBy(a => a.ClientId, StringComparer.Ordinal)
            .Select(a => Info(a, lastUsed.TryGetValue(a.ClientId, out var at) ? at : null))];
    }

    public async Task<ServiceAccountInfo> Revoke(string clientId, CancellationToken cancellationToken = default)
    {
        var application = Validate.IsId(clientId) ? await applications.FindByClientIdAsync(clientId, cancellationToken) : null;
        var account = application is null ? null : await ServiceAccountClient.Read(applications, application, cancellationToken);
        if (account is null) throw DomainException.NotFound("ServiceAccount", clientId);
        var lastUsed = await LastTokens([clientId], cancellationToken);
        // OpenIddict removes the application with its tokens; BuiltInSessionCheck refuses any token naming it from now on.
        await applications.DeleteAsync(application!, cancellationToken);
        return Info(account, lastUsed.TryGetValue(clientId, out var at) ? at : null);
    }

    /// <summary>When each account last fetched a token: the newest of the tokens OpenIddict keeps for it (one query, no writes).</summary>
    private async Task<Dictionary<string, DateTimeOffset>> LastTokens(IReadOnlyList<string> clientIds, CancellationToken cancellationToken)
    {
        if (clientIds.Count == 0) return [];
        var rows = await db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Where(t => t.Application != null && clientIds.Contains(t.Application.ClientId!) && t.CreationDate != null)
            .GroupBy(t => t.Application!.ClientId!)
            .Select(g => new { ClientId = g.Key, Last = g.Max(t => t.CreationDate) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ClientId, r => new DateTimeOffset(DateTime.SpecifyKind(r.Last!.Value, DateTimeKind.Utc)));
    }

    private static ServiceAccountInfo Info(ServiceAccountClient.Stored account, DateTimeOffset? lastUsed) =>
        new(account.ClientId, account.Name, account.Scopes, account.Departments, account.CreatedAt, account.CreatedBy, lastUsed);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static DomainException Bad(string message, string field) => new(ErrorCodes.BadUserInput, message, field);
}
