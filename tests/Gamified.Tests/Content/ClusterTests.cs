using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

/// <summary>Two server nodes on one PostgreSQL form one Orleans cluster and serve the same content.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task a_package_published_on_one_node_is_served_by_the_other_and_learners_are_shared()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        string[] options = [$"--Orleans:ClusterId=cluster-{Guid.NewGuid():n}", "--Content:RefreshInterval=00:00:01", .. TestRedis.BoardArguments()];
        await using var nodeA = await GamifiedServer.StartAsync(storage, options);
        await using var nodeB = await GamifiedServer.StartAsync(storage, options);

        var id = "test.cluster." + Guid.NewGuid().ToString("n")[..8];
        var author = nodeA.ClientAs("cluster-author", [Roles.Author]);
        var manifest = SamplePackage.Text("manifest.json").Replace("\"test.sample.basics\"", $"\"{id}\"");
        var published = await ContentScenario.PublishAsync(author, SamplePackage.Zip(new Dictionary<string, string?> { ["manifest.json"] = manifest }));
        Assert.Empty(published["userErrors"]!.AsArray());

        // Node B picks the version up from the database.
        await Poll.Until(() => nodeB.Client.QueryAsync("query($id: ID!) { package(id: $id) { version } }", new { id }), p => p["package"] is not null);

        // A learner registered through node A is the same learner through node B (one grain in the cluster).
        var admin = new Scenario(nodeA.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());
        var onB = nodeB.ClientAs(learner, [Roles.Learner]);
        await ContentScenario.StartAsync(onB, id);
        (await new Scenario(nodeB.Client).RecordActivityAsync(learner, "via-b")).AssertNoErrors();
        var seenOnA = await admin.LearnerAsync(learner);
        Assert.Equal(10, seenOnA["xp"]!.GetValue<int>());
    }
}
