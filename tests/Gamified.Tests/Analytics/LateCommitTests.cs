using System.Diagnostics;
using Gamified.Storage.Ledger;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Analytics;

/// <summary>A statement that waited in the group committer's queue longer than the settle time is still counted.</summary>
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
        async Task Until(string department)
        {
            var watch = Stopwatch.StartNew();
            while (await Active(department) == 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"Department {department}'s statement was never counted.");
                await Task.Delay(200);
            }
        }

        // A statement made ten seconds ago reaches the committer only once the projection has moved past that time,
        // as when it waited in a long queue.
        var made = DateTimeOffset.UtcNow.AddSeconds(-10);
        (await admin.RecordActivityAsync(first, "on-time")).AssertNoErrors();
        await Until(early);
        await Task.Delay(TimeSpan.FromSeconds(3));   // past the settle time: the checkpoint is past `made`
        var json = """{"idempotencyKey":"late","verb":"completed","object":{"id":"lesson-1","kind":"lesson"}}""";
        await server.Services.GetRequiredService<GroupCommitter>().Submit(new LedgerAppend(second, 0, 0, [],
            new ActivityRecord(Guid.NewGuid().ToString("n"), second, "late", "hash", "completed", "lesson", "lesson-1", json, 0, 0, made, made), made));
        await Until(late);
    }
}
