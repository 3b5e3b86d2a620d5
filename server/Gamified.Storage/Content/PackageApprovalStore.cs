using Gamified.Content;
using Gamified.Common;
using Gamified.Storage.Database;

namespace Gamified.Storage.Content;

public sealed class PackageApprovalStore(GamifiedDatabase database) : IPackageApprovalStore
{
    public Task<IReadOnlyList<PackageRewardApproval>> Approvals(string packageId, string version, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
        (IReadOnlyList<PackageRewardApproval>)await Read(connection, null, packageId, version, ct), cancellationToken);

    public Task<IReadOnlyList<PackageRewardApproval>> Approve(string packageId, string version,
        IReadOnlyList<PackageRewardApproval> approvals, int budget) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two approvals of one package at once must not both fit the budget: hold the package's row until commit
        // (SQLite serialises writers already).
        if (database.Provider == StorageProvider.Postgres)
            await connection.Command("SELECT owner FROM package_owners WHERE package_id = @id FOR UPDATE", transaction)
                .With("id", packageId).ExecuteScalarAsync(ct);

        var existing = await Read(connection, transaction, packageId, version, ct);
        var fresh = new List<PackageRewardApproval>();
        foreach (var approval in approvals)
        {
            var known = existing.FirstOrDefault(e => e.Kind == approval.Kind && e.RewardId == approval.RewardId);
            if (known is null) fresh.Add(approval);
            else if (known.Points != approval.Points)
                throw DomainException.Conflict(
                    $"{packageId} {version}: '{approval.RewardId}' was approved with {known.Points} points; an approval is final for its version.");
        }
        var total = existing.Concat(fresh).Sum(a => (long)(a.Points ?? 0));
        if (total > budget)
            throw new DomainException(ErrorCodes.RewardBudgetExceeded,
                $"{packageId} {version} may give at most {budget} challenge points in all; these approvals would make {total}.", "input.pointsOverride");

        foreach (var approval in fresh)
            await connection.Command("""
                INSERT INTO package_reward_approvals (package_id, version, kind, reward_id, points, approved_by, approved_at)
                VALUES (@id, @version, @kind, @reward, @points, @by, @at)
                """, transaction).With("id", packageId).With("version", version).With("kind", KindName(approval.Kind))
                .With("reward", approval.RewardId).With("points", approval.Points).With("by", approval.ApprovedBy)
                .With("at", approval.ApprovedAt.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return (IReadOnlyList<PackageRewardApproval>)existing.Concat(fresh).ToList();
    });

    private static async Task<List<PackageRewardApproval>> Read(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction? transaction, string packageId, string version, CancellationToken ct)
    {
        await using var reader = await connection.Command("""
            SELECT kind, reward_id, points, approved_by, approved_at FROM package_reward_approvals
            WHERE package_id = @id AND version = @version ORDER BY approved_at, kind, reward_id
            """, transaction).With("id", packageId).With("version", version).ExecuteReaderAsync(ct);
        var approvals = new List<PackageRewardApproval>();
        while (await reader.ReadAsync(ct))
            approvals.Add(new PackageRewardApproval(packageId, version,
                reader.GetString(0) == "badge" ? PackageRewardKind.Badge : PackageRewardKind.Challenge, reader.GetString(1),
                reader.IsDBNull(2) ? null : Convert.ToInt32(reader.GetValue(2)), reader.GetString(3), reader.GetTime(4)));
        return approvals;
    }

    private static string KindName(PackageRewardKind kind) => kind == PackageRewardKind.Badge ? "badge" : "challenge";
}
