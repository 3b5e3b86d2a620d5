using Gamified.Content;
using Gamified.Storage.Database;

namespace Gamified.Storage.Content;

public sealed class PackageStore(GamifiedDatabase database) : IPackageStore
{
    public Task<IReadOnlyList<StoredPackageVersion>> ListVersions(CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command(
            "SELECT package_id, version, owner, source, published_at, retired_at FROM content_packages").ExecuteReaderAsync(ct);
        var versions = new List<StoredPackageVersion>();
        while (await reader.ReadAsync(ct))
            versions.Add(new StoredPackageVersion(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetTime(4), reader.IsDBNull(5) ? null : reader.GetTime(5)));
        return (IReadOnlyList<StoredPackageVersion>)versions;
    }, cancellationToken);

    public Task<byte[]?> ReadArchive(string packageId, string version, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
        await connection.Command("SELECT archive FROM content_packages WHERE package_id = @id AND version = @version")
            .With("id", packageId).With("version", version).ExecuteScalarAsync(ct) as byte[], cancellationToken);

    public Task<string?> OwnerOf(string packageId, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
        await connection.Command("SELECT owner FROM package_owners WHERE package_id = @id").With("id", packageId).ExecuteScalarAsync(ct) as string, cancellationToken);

    public Task<PublishRefusal> Publish(string packageId, string version, string owner, string source, byte[] archive,
        DateTimeOffset at, bool mayOverrideOwner) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.Command("""
            INSERT INTO package_owners (package_id, owner, claimed_at) VALUES (@id, @owner, @at)
            ON CONFLICT (package_id) DO NOTHING
            """, transaction).With("id", packageId).With("owner", owner).With("at", at.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct);
        var currentOwner = (string)(await connection.Command("SELECT owner FROM package_owners WHERE package_id = @id", transaction)
            .With("id", packageId).ExecuteScalarAsync(ct))!;
        if (currentOwner != owner && !mayOverrideOwner) return PublishRefusal.NotOwner;

        var exists = await connection.Command("SELECT COUNT(*) FROM content_packages WHERE package_id = @id AND version = @version", transaction)
            .With("id", packageId).With("version", version).ExecuteScalarAsync(ct);
        if (Convert.ToInt64(exists) > 0) return PublishRefusal.VersionExists;

        await connection.Command("""
            INSERT INTO content_packages (package_id, version, owner, source, archive, published_at)
            VALUES (@id, @version, @owner, @source, @archive, @at)
            """, transaction).With("id", packageId).With("version", version).With("owner", currentOwner).With("source", source)
            .With("archive", archive).With("at", at.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return PublishRefusal.None;
    });

    public Task<bool> Retire(string packageId, string version, DateTimeOffset at) => database.RunAsync(async (connection, ct) =>
        await connection.Command("""
            UPDATE content_packages SET retired_at = @at WHERE package_id = @id AND version = @version AND retired_at IS NULL
            """).With("at", at.ToUnixTimeMilliseconds()).With("id", packageId).With("version", version).ExecuteNonQueryAsync(ct) == 1);

    public Task<int> EraseComments(string learnerId) => database.RunAsync(async (connection, ct) => await connection
        .Command("UPDATE package_feedback SET comment = NULL WHERE learner_id = @learner AND comment IS NOT NULL")
        .With("learner", learnerId).ExecuteNonQueryAsync(ct));

    public Task<bool> Rate(PackageRating rating) => database.RunAsync(async (connection, ct) =>
        await connection.Command("""
            INSERT INTO package_feedback (package_id, version, learner_id, rating, comment, rated_at)
            VALUES (@id, @version, @learner, @rating, @comment, @at)
            ON CONFLICT (package_id, version, learner_id) DO NOTHING
            """).With("id", rating.PackageId).With("version", rating.Version).With("learner", rating.LearnerId)
            .With("rating", rating.Rating).WithText("comment", rating.Comment).With("at", rating.RatedAt.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(ct) == 1);

    public Task<IReadOnlyList<PackageRating>> Ratings(string packageId, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT package_id, version, learner_id, rating, comment, rated_at FROM package_feedback
            WHERE package_id = @id ORDER BY rated_at DESC
            """).With("id", packageId).ExecuteReaderAsync(ct);
        var ratings = new List<PackageRating>();
        while (await reader.ReadAsync(ct))
            ratings.Add(new PackageRating(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetNullableString(4), reader.GetTime(5)));
        return (IReadOnlyList<PackageRating>)ratings;
    }, cancellationToken);

    public Task SaveResult(LearningResult result) => database.RunAsync(async (connection, ct) =>
    {
        await connection.Command("""
            INSERT INTO learning_results (learner_id, package_id, version, department_id, started_at, pre_score, post_score, gain, completed_at)
            VALUES (@learner, @id, @version, @department, @started, @pre, @post, @gain, @completed)
            ON CONFLICT (learner_id, package_id) DO UPDATE SET
                version = excluded.version, department_id = excluded.department_id, pre_score = excluded.pre_score,
                post_score = excluded.post_score, gain = excluded.gain, completed_at = excluded.completed_at
            """).With("learner", result.LearnerId).With("id", result.PackageId).With("version", result.Version)
            .With("department", result.DepartmentId).With("started", result.StartedAt.ToUnixTimeMilliseconds())
            .WithReal("pre", result.PreScore).WithReal("post", result.PostScore).WithReal("gain", result.Gain)
            .WithLong("completed", result.CompletedAt?.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(ct);
        return true;
    });

    public Task<IReadOnlyList<LearningResult>> Results(string packageId, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT learner_id, package_id, version, department_id, started_at, pre_score, post_score, gain, completed_at
            FROM learning_results WHERE package_id = @id
            """).With("id", packageId).ExecuteReaderAsync(ct);
        var results = new List<LearningResult>();
        while (await reader.ReadAsync(ct))
            results.Add(new LearningResult(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetTime(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetTime(8)));
        return (IReadOnlyList<LearningResult>)results;
    }, cancellationToken);
}
