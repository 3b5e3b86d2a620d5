using Gamified.Accounts;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gamified.Server.Identity;

/// <summary>
/// Ends people's sign-ins: every valid authorization and token of theirs marked revoked, which <see cref="BuiltInSessionCheck"/>
/// then refuses on the next request (and the WebSocket endpoint at its next check). One statement per table for up to
/// <see cref="Batch"/> people, so a re-organisation that moves thousands costs a few statements, not two per person.
/// </summary>
internal sealed class BuiltInSignInSessions(IServiceScopeFactory scopes) : ISignInSessions
{
    private const int Batch = 500;

    public async Task EndAll(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default)
    {
        if (subjects.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        foreach (var chunk in subjects.Distinct(StringComparer.Ordinal).Chunk(Batch))
        {
            await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
                .Where(a => a.Subject != null && chunk.Contains(a.Subject) && a.Status == Statuses.Valid)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, Statuses.Revoked), cancellationToken);
            await db.Set<OpenIddictEntityFrameworkCoreToken>()
                .Where(t => t.Subject != null && chunk.Contains(t.Subject) && t.Status == Statuses.Valid)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, Statuses.Revoked), cancellationToken);
        }
    }
}
