using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Analytics;

/// <summary>Two nodes on one PostgreSQL both run the analytics projection: every statement still counts exactly once.</summary>
public sealed class AnalyticsClusterTests
{
    [Fact]
    public async Task two_nodes_projecting_at_once_count_every_statement_once()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        var cluster = $"--Orleans:ClusterId=cluster-{Guid.NewGuid():n}";
        string[] options = [cluster, "--Analytics:MinGroupSize=1", "--Analytics:SettleTime=00:00:00.3", .. TestRedis.BoardArguments()];
        await using var nodeA = await GamifiedServer.StartAsync(storage, options);
        await using var nodeB = await GamifiedServer.StartAsync(storage, options);

        var admin = new Scenario(nodeA.Client);
        var department = await admin.CreateDepartmentAsync();
        var learners = new List<string>();
        for (var i = 0; i < 6; i++) learners.Add(await admin.RegisterLearnerAsync(department));
        const string Record = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }";
        var xp = 0L;
        // 60 lessons of one minute each, recorded through both nodes while both project.
        var calls = Enumerable.Range(0, 60).Select(async n =>
        {
            var client = n % 2 == 0 ? nodeA.Client : nodeB.Client;
            var data = await client.QueryAsync(Record, new
            {
                input = new
                {
                    learnerId = learners[n % learners.Count], idempotencyKey = $"lesson-{n}", verb = "COMPLETED",
                    @object = new { id = $"pkg.cluster/l{n}", kind = "LESSON" }, result = new { durationSeconds = 60 },
                    context = new { packageId = "pkg.cluster", packageVersion = "1.0.0" },
                },
            });
            Interlocked.Add(ref xp, data["recordActivity"]!["activityRecorded"]!["xpAwarded"]!.GetValue<int>());
        });
        await Task.WhenAll(calls);

        const string Query = "query($ids: [ID!]) { departmentAnalytics(departmentIds: $ids) { activeLearners xp weeks { learnerHours } } }";
        async Task<(int Active, long Xp, double Hours)> Read(GamifiedServer node)
        {
            var row = (await node.Client.QueryAsync(Query, new { ids = new[] { department } }))["departmentAnalytics"]!.AsArray().Single()!;
            // Until a statement is projected the row has no active learner, so its figures are withheld (null).
            return (row["activeLearners"]!.GetValue<int>(), row["xp"]?.GetValue<long>() ?? 0,
                row["weeks"]!.AsArray().Sum(w => w!["learnerHours"]?.GetValue<double>() ?? 0));
        }
        await Poll.Until(async () => (await Read(nodeB)).Hours >= 1, "the analytics caught up with the 60 lessons");

        // A double application would come from a node applying a batch the other had applied already. A marker statement
        // recorded now is projected only after every batch before it, so once it shows, any double count would show too.
        var marker = await admin.CreateDepartmentAsync();
        (await admin.RecordActivityAsync(await admin.RegisterLearnerAsync(marker), "marker")).AssertNoErrors();
        await Poll.Until(async () => (await nodeA.Client.QueryAsync(Query, new { ids = new[] { marker } }))["departmentAnalytics"]!.AsArray()
            .Sum(r => r!["activeLearners"]!.GetValue<int>()) == 1, "the marker statement was projected");
        Assert.Equal((6, xp, 1.0), await Read(nodeA));
        var package = (await nodeA.Client.QueryAsync("{ packageAnalytics(packageId: \"pkg.cluster\") { starts } }"))["packageAnalytics"]!.AsArray().Single()!;
        Assert.Equal(6, package["starts"]!.GetValue<int>());
    }
}
