using Gamified.Secrets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Learners;
using Gamified.Storage.Secrets;
using Gamified.Tests.Brainstorms;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// The learner's privacy choice holds everywhere: pseudonyms nobody can work out from an id, other learners shown
/// only by the name they chose (no id, no department when hidden), and no figure about fewer than K people.
/// </summary>
public abstract class PrivacyTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);

    [Fact]
    public async Task a_pseudonym_is_keyed_with_the_servers_secret_not_a_hash_anyone_can_redo_from_the_id()
    {
        var department = await Admin.CreateDepartmentAsync();
        var (learner, pseudonym) = await Privacy.RegisterAsync(Server.Client, department, "PSEUDONYM");

        // What the hash of the id alone gave: anyone guessing ids could match pseudonyms back to people.
        var unkeyed = "学员-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("pseudonym:" + learner)))[..6];
        Assert.NotEqual(unkeyed, pseudonym);
        var key = await Server.Services.GetRequiredService<IServerSecrets>().GetOrCreate(Pseudonyms.SecretName, 32);
        Assert.Equal(Privacy.Expected(key, learner), pseudonym);
    }

    [Fact]
    public async Task team_members_appear_to_other_learners_only_by_the_name_they_chose()
    {
        var (a, b, c) = (await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync());
        var (hidden, _) = await Privacy.RegisterAsync(Server.Client, a, "HIDDEN");
        var (pseudonymous, pseudonym) = await Privacy.RegisterAsync(Server.Client, b, "PSEUDONYM");
        var (onlooker, _) = await Privacy.RegisterAsync(Server.Client, c, "REAL_NAME");
        var team = Scenario.NewId("team");
        await Server.Client.QueryAsync("mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { id = team, names = new { zhCN = "数据共享小组", en = "Data sharing team" }, maxMembers = 5 } });
        foreach (var member in new[] { hidden, pseudonymous })
            await Server.ClientAs(member, [Roles.Learner]).QueryAsync(
                "mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { id } userErrors { code message field } } }", new { input = new { teamId = team, learnerId = member } });

        async Task<JsonArray> MembersSeenBy(GraphQLClient client) => (await client.QueryAsync(
            "query($id: ID!) { team(id: $id) { members { learnerId departmentId publicName } } }", new { id = team }))["team"]!["members"]!.AsArray();

        var seen = await MembersSeenBy(Server.ClientAs(onlooker, [Roles.Learner]));
        Assert.All(seen, m => Assert.Null(m!["learnerId"]));
        Assert.Contains(seen, m => m!["publicName"]!.GetValue<string>() == "匿名学员" && m["departmentId"] is null);
        Assert.Contains(seen, m => m!["publicName"]!.GetValue<string>() == pseudonym && m["departmentId"]!.GetValue<string>() == b);
        Assert.Equal(2, seen.Count);

        // The member themselves and managers of their department still see who it is.
        Assert.Contains(await MembersSeenBy(Server.ClientAs(hidden, [Roles.Learner])), m => m!["learnerId"]?.GetValue<string>() == hidden);
        var byManager = await MembersSeenBy(Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [a]));
        Assert.Equal([hidden], byManager.Select(m => m!["learnerId"]?.GetValue<string>()).OfType<string>());
    }

    [Fact]
    public async Task challenge_winners_appear_to_other_learners_only_by_the_name_they_chose()
    {
        var (a, b) = (await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync());
        var (hidden, _) = await Privacy.RegisterAsync(Server.Client, a, "HIDDEN");
        var (named, _) = await Privacy.RegisterAsync(Server.Client, b, "REAL_NAME", "李娜");
        var (onlooker, _) = await Privacy.RegisterAsync(Server.Client, b, "PSEUDONYM");
        var challenge = await Admin.CreateChallengeAsync(points: 10, firstN: 3, kind: "RACE");
        foreach (var winner in new[] { hidden, named })
            await Server.Client.QueryAsync("mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { winnerRank } userErrors { code message field } } }",
                new { input = new { challengeId = challenge, learnerId = winner } });

        async Task<JsonArray> WinnersSeenBy(GraphQLClient client) => (await client.QueryAsync(
            "query($id: ID!) { challenge(id: $id) { winners { rank learnerId publicName } } }", new { id = challenge }))["challenge"]!["winners"]!.AsArray();

        var seen = await WinnersSeenBy(Server.ClientAs(onlooker, [Roles.Learner]));
        Assert.All(seen, w => Assert.Null(w!["learnerId"]));
        Assert.Equal(["匿名学员", "李娜"], seen.OrderBy(w => w!["rank"]!.GetValue<int>()).Select(w => w!["publicName"]!.GetValue<string>()));

        var byManager = await WinnersSeenBy(Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [a]));
        Assert.Equal([hidden], byManager.Select(w => w!["learnerId"]?.GetValue<string>()).OfType<string>());
    }

    [Fact]
    public async Task a_closed_brainstorm_shows_other_learners_only_the_name_its_authors_chose()
    {
        var (a, b) = (await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync());
        var (author, _) = await Privacy.RegisterAsync(Server.Client, a, "HIDDEN");
        var (voter, _) = await Privacy.RegisterAsync(Server.Client, b, "PSEUDONYM");
        var (authorClient, voterClient) = (Server.ClientAs(author, [Roles.Learner]), Server.ClientAs(voter, [Roles.Learner]));
        var moderator = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [a, b]);
        var id = Scenario.NewId("brainstorm");
        (await BrainstormScenario.CreateAsync(moderator, id, [a, b], DateTimeOffset.UtcNow.AddDays(3))).AssertNoErrors();
        var idea = await BrainstormScenario.IdeaAsync(authorClient, id, "在政务大厅设置“一件事”综合窗口，一次提交全部材料。");
        (await BrainstormScenario.VoteAsync(voterClient, id, idea)).AssertNoErrors();
        (await BrainstormScenario.CloseAsync(moderator, id)).AssertNoErrors();

        async Task<JsonNode> IdeaSeenBy(GraphQLClient client) => (await client.QueryAsync(
            "query($id: ID!) { brainstorm(id: $id) { ideas { authorId authorName votes } winners { authorId authorName } } }", new { id }))["brainstorm"]!;

        var seen = await IdeaSeenBy(voterClient);
        foreach (var shown in new[] { seen["ideas"]![0]!, seen["winners"]![0]! })
        {
            Assert.Null(shown["authorId"]);
            Assert.Equal("匿名学员", shown["authorName"]!.GetValue<string>());
        }
        Assert.Equal(1, seen["ideas"]![0]!["votes"]!.GetValue<int>());
        // A moderator who manages only the voter's department does not learn who wrote it either; the author's manager does.
        Assert.Null((await IdeaSeenBy(Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [b])))["ideas"]![0]!["authorId"]);
        Assert.Equal(author, (await IdeaSeenBy(Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [a])))["ideas"]![0]!["authorId"]!.GetValue<string>());
        Assert.Equal(author, (await IdeaSeenBy(authorClient))["ideas"]![0]!["authorId"]!.GetValue<string>());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class PrivacyTestsOnSqlite(SqliteServerFixture fixture) : PrivacyTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class PrivacyTestsOnPostgres(PostgresServerFixture fixture) : PrivacyTests(fixture);

/// <summary>The pseudonym secret outlives restarts, is shared by the nodes of a cluster, and may come from configuration.</summary>
public sealed class PseudonymSecretTests
{
    [Fact]
    public async Task a_learners_pseudonym_is_the_same_after_a_restart()
    {
        var storage = ServerStorage.NewSqlite();
        string learner, before;
        await using (var server = await GamifiedServer.StartAsync(storage))
            (learner, before) = await Privacy.RegisterAsync(server.Client, await new Scenario(server.Client).CreateDepartmentAsync(), "PSEUDONYM");

        await using var restarted = await GamifiedServer.StartAsync(storage);
        Assert.Equal(before, await Privacy.PseudonymAsync(restarted.Client, learner));
    }

    [Fact]
    public async Task two_nodes_starting_together_make_the_same_pseudonyms_and_so_does_a_later_one()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        string[] cluster = [$"--Orleans:ClusterId=cluster-{Guid.NewGuid():n}", .. TestRedis.BoardArguments()];
        string learner, pseudonym;
        {
            var nodes = await Task.WhenAll(GamifiedServer.StartAsync(storage, cluster), GamifiedServer.StartAsync(storage, cluster));
            await using var nodeA = nodes[0];
            await using var nodeB = nodes[1];
            (learner, pseudonym) = await Privacy.RegisterAsync(nodeA.Client, await new Scenario(nodeA.Client).CreateDepartmentAsync(), "PSEUDONYM");
            // Whichever node the learner's grain lives on, both nodes hold the same key.
            Assert.Equal(pseudonym, await nodeA.Services.GetRequiredService<Pseudonyms>().For(learner));
            Assert.Equal(pseudonym, await nodeB.Services.GetRequiredService<Pseudonyms>().For(learner));
        }

        await using var later = await GamifiedServer.StartAsync(storage, cluster);
        Assert.Equal(pseudonym, await Privacy.PseudonymAsync(later.Client, learner));
    }

    [Fact]
    public async Task a_configured_secret_keys_the_pseudonyms()
    {
        const string secret = "一个只有运维知道的密钥-a-secret-only-operators-know";
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Privacy:PseudonymSecret={secret}");
        var (learner, pseudonym) = await Privacy.RegisterAsync(server.Client, await new Scenario(server.Client).CreateDepartmentAsync(), "PSEUDONYM");
        Assert.Equal(Privacy.Expected(Encoding.UTF8.GetBytes(secret), learner), pseudonym);
    }
}

/// <summary>A package's learning gain is withheld under <c>Analytics:MinGroupSize</c> learners, as the reports are.</summary>
public sealed class PackageLearningGainPrivacyTests
{
    private const string PackageId = "test.sample.basics";

    [Fact]
    public async Task a_packages_learning_gain_is_withheld_until_k_learners_contribute()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Analytics:MinGroupSize=2");
        var scenario = new ContentScenario(server);

        async Task<JsonNode> Gain() => (await server.Client.QueryAsync(
            "query($id: ID!) { package(id: $id) { learningGain { learners completed averagePreScore averagePostScore averageGain } } }",
            new { id = PackageId }))["package"]!["learningGain"]!;

        await TakeAsync((await scenario.NewLearnerAsync()).Client);
        var one = await Gain();
        Assert.Equal(1, one["learners"]!.GetValue<int>());
        Assert.Null(one["averagePreScore"]);
        Assert.Null(one["averagePostScore"]);
        Assert.Null(one["averageGain"]);

        await TakeAsync((await scenario.NewLearnerAsync()).Client);
        var two = await Gain();
        Assert.Equal(2, two["completed"]!.GetValue<int>());
        Assert.Equal(1.0, two["averageGain"]!.GetValue<double>(), 6);
    }

    /// <summary>The sample package from start to a perfect post-test after a pre-test with one right answer in three.</summary>
    private static async Task TakeAsync(GraphQLClient learner)
    {
        await ContentScenario.StartAsync(learner, PackageId);
        foreach (var lesson in new[] { "welcome", "case" })
        {
            await ContentScenario.LessonAsync(learner, PackageId, lesson);
            await learner.QueryAsync("mutation($p: ID!, $l: ID!) { completeLesson(packageId: $p, lessonId: $l) { packageProgress { viewedLessons } userErrors { code message field } } }", new { p = PackageId, l = lesson });
        }
        (await ContentScenario.SubmitAsync(learner, PackageId, "PRE_TEST", new object[]
        {
            new { questionId = "p1", choices = new[] { "b" } }, new { questionId = "p2", choices = new[] { "true" } },
            new { questionId = "p3", choices = new[] { "a" } },
        })).AssertNoErrors();
        (await ContentScenario.SubmitAsync(learner, PackageId, "POST_TEST", new object[]
        {
            new { questionId = "q1", choices = new[] { "b" } }, new { questionId = "q2", choices = new[] { "a", "b" } },
            new { questionId = "q3", text = "最小必要" },
        })).AssertNoErrors();
    }
}

internal static class Privacy
{
    public static async Task<(string Id, string Pseudonym)> RegisterAsync(GraphQLClient admin, string department, string visibility,
        string displayName = "王小明")
    {
        var id = Scenario.NewId("learner");
        var registered = (await admin.QueryAsync(
            "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id pseudonym } userErrors { code message field } } }",
            new { input = new { id, displayName, departmentId = department, visibility } }))["registerLearner"]!["learner"]!;
        return (id, registered["pseudonym"]!.GetValue<string>());
    }

    public static async Task<string> PseudonymAsync(GraphQLClient admin, string learner) =>
        (await admin.QueryAsync("query($id: ID!) { learner(id: $id) { pseudonym } }", new { id = learner }))["learner"]!["pseudonym"]!.GetValue<string>();

    public static string Expected(byte[] key, string learner) =>
        "学员-" + Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(learner)))[..6];
}
