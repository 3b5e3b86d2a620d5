using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Server.Identity;

/// <summary>
/// One-time links to choose a password (<see cref="SignInInvitation"/>): issued by admins for people the HR import listed or
/// who forgot their password, redeemed once at <see cref="IdentityProviderRegistration.ActivatePath"/> before they expire.
/// </summary>
public sealed class SignInLinks(IdentityDbContext db, BuiltInProviderOptions options, TimeProvider clock)
{
    public sealed record Issued(string UserName, string Path, DateTimeOffset ExpiresAt);

    /// <summary>A new link for each person, replacing any they had, in one transaction.</summary>
    public async Task<IReadOnlyList<Issued>> Issue(IReadOnlyList<string> userNames, string issuedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + options.SignInLinkLifetime;
        var issued = new List<Issued>(userNames.Count);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Invitations.Where(i => userNames.Contains(i.UserName)).ExecuteDeleteAsync(cancellationToken);
        foreach (var userName in userNames.Distinct(StringComparer.Ordinal))
        {
            var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            db.Invitations.Add(new SignInInvitation
            {
                TokenHash = Hash(token),
                UserName = userName,
                ExpiresAt = expiresAt.ToUnixTimeMilliseconds(),
                CreatedAt = now.ToUnixTimeMilliseconds(),
                CreatedBy = issuedBy[..Math.Min(64, issuedBy.Length)],
            });
            issued.Add(new Issued(userName, $"{IdentityProviderRegistration.ActivatePath}?token={token}", expiresAt));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return issued;
    }

    /// <summary>Whose link this is, while it is good; null for an unknown, used or expired link.</summary>
    public async Task<string?> Holder(string? token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token)) return null;
        var hash = Hash(token!);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.Invitations.AsNoTracking().Where(i => i.TokenHash == hash && i.ExpiresAt > now)
            .Select(i => i.UserName).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Uses the link up: true for the one caller whose delete removed it (two tabs posting at once cannot both set a password).</summary>
    public async Task<bool> Take(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.Invitations.Where(i => i.TokenHash == hash && i.ExpiresAt > now).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    /// <summary>32 random bytes in base64url are 43 characters; anything else is not one of ours and costs no query.</summary>
    private static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
}
