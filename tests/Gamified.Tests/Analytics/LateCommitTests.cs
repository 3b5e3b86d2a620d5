using Gamified.Analytics;
using Gamified.Ledger;
using Gamified.Storage.Analytics;
using Gamified.Storage.Database;
using Gamified.Storage.Leaderboards;
using Gamified.Storage.Ledger;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Analytics;

/// <summary>A statement or ledger entry that waited in the group committer's queue longer than the settle time is still counted.</summary>
public sealed class LateCommitTests
{
    [Fact]
    public async Task a_statement_committed_after_the_projection_moved_past_its_creation_time_is_still_counted()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Analytics:MinGroupSize=1");
        var admin = new Scenario(server.Client);
        var (early, late) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var first = await admin.RegisterLearnerAsync(early);
        var second = await admin.RegisterLearnerAsync(late);
        const string Query = "query($ids: [ID!]) { departmentAnalytics(departmentIds: $ids) { activeLearners } }";
        async Task<int> Active(string department) =>
            (await server.Client.QueryAsync(Query, new { ids = new[] { department } }))["departmentAnalytics"]!.AsArray().Sum(r => r!["activeLearners"]!.GetValue<int>());
        Task Until(string department) => Poll.Until(async () => await Active(department) > 0, $"department {department}'s statement was counted");
        var analytics = server.Services.GetRequiredService<IAnalyticsStore>();

        // A statement made ten seconds ago reaches the committer only once the projection has moved past that time,
        // as when it waited in a long queue.
        var made = DateTimeOffset.UtcNow.AddSeconds(-10);
        (await admin.RecordActivityAsync(first, "on-time")).AssertNoErrors();
        await Until(early);
        // The projection has moved past `made`: a committer that kept the creation time would put the statement behind it.
        Assert.True((await analytics.Checkpoint()).RecordedAt > made.ToUnixTimeMilliseconds());
        var json = """{"idempotencyKey":"late","verb":"completed","object":{"id":"lesson-1","kind":"lesson"}}""";
        await server.Services.GetRequiredService<GroupCommitter>().Submit(new LedgerAppend(second, 0, 0, [],
            new ActivityRecord(Guid.NewGuid().ToString("n"), second, "late", "hash", "completed", "lesson", "lesson-1", json, 0, 0, made, made), made));
        await Until(late);
    }

    [Fact]
    public async Task on_postgres_a_ledger_entry_committed_after_a_queued_one_still_reaches_the_boards()
    {
        await using var server = await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync(), "--Leaderboards:SettleTime=00:00:03");
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (slow, queued) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        var database = server.Services.GetRequiredService<GamifiedDatabase>();
        var now = DateTimeOffset.UtcNow;

        // One writer's transaction takes its position and is still open...
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO ledger_entries (learner_id, seq, kind, amount, reason, occurred_at, recorded_at, previous_hash, hash)
                VALUES ('{slow}', 1, 'Xp', 7, 'slow writer', {now.ToUnixTimeMilliseconds()}, {now.ToUnixTimeMilliseconds()}, repeat('0', 64), repeat('1', 64))
                """;
            await insert.ExecuteNonQueryAsync();
        }
        // ...while another commits an entry after it that a grain made ten seconds ago and that then waited in the queue.
        var made = now.AddSeconds(-10);
        await server.Services.GetRequiredService<GroupCommitter>().Submit(new LedgerAppend(queued, 0, 5,
            [new LedgerEntry(queued, 1, LedgerEntryKind.Xp, 5, null, "queued", null, null, null, made, made, new string('0', 64), new string('2', 64))], null, made));
        // A projection step while the earlier writer is still open: a feed that took the queued entry as settled would
        // move the cursor past the open one's position here, and its 7 XP would never reach the boards.
        await server.Services.GetRequiredService<BoardProjection>().Step();
        await transaction.CommitAsync();

        const string Board = "query($d: ID) { learnerLeaderboard(window: ALL_TIME, departmentId: $d) { edges { node { score } } } }";
        await Poll.Until(() => server.Client.QueryAsync(Board, new { d = department }),
            b => b["learnerLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == 12);
    }
}
