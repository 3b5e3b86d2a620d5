using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Storage.Database;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// Authors cannot mint XP: a package's challenges and badges are proposals that give nothing until an organisation-wide
/// manager approves them for the version, within its budget; and XP summed over learners never overflows 32 bits.
/// Run on both storages (approvals and totals are stored).
/// </summary>
public abstract class AuthorRewardsTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;
    private GraphQLClient Approver => Server.ClientAs("approver-" + Guid.NewGuid().ToString("n")[..6], [Roles.Manager], [Roles.AllDepartments]);

    [Fact]
    public async Task an_unapproved_package_challenge_or_badge_awards_nothing()
    {
        var packageId = await PublishAsync(points: 25);
        var (learner, client) = await new ContentScenario(Server).NewLearnerAsync();

        await CompleteAsync(client, packageId);

        var profile = await new Scenario(Server.Client).LearnerAsync(learner);
        Assert.Empty(profile["challengesCompleted"]!.AsArray());
        Assert.DoesNotContain(profile["badges"]!.AsArray(), b => b!["badgeId"]!.GetValue<string>().StartsWith(packageId));
        Assert.DoesNotContain(await new Scenario(Server.Client).FullLedgerAsync(learner),
            e => e!["challengeId"]?.GetValue<string>() == $"{packageId}.finish");
        var rewards = await RewardsAsync(client, packageId);
        Assert.False(rewards["challenges"]![0]!["approved"]!.GetValue<bool>());
        Assert.False(rewards["badges"]![0]!["approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task an_approved_challenge_awards_the_approved_points_within_the_budget()
    {
        var packageId = await PublishAsync(points: 300);
        var approved = (await ApproveAsync(Approver, packageId, challenges: [$"{packageId}.finish"], pointsOverride: 20)).AssertNoErrors()
            .Data!["approvePackageRewards"]!["package"]!;
        var challenge = approved["challenges"]![0]!;
        Assert.True(challenge["approved"]!.GetValue<bool>());
        Assert.Equal(300, challenge["points"]!.GetValue<int>());
        Assert.Equal(20, challenge["approvedPoints"]!.GetValue<int>());
        Assert.False(approved["badges"]![0]!["approved"]!.GetValue<bool>());

        var (learner, client) = await new ContentScenario(Server).NewLearnerAsync();
        await CompleteAsync(client, packageId);

        var completed = (await new Scenario(Server.Client).LearnerAsync(learner))["challengesCompleted"]!.AsArray().Single()!;
        Assert.Equal($"{packageId}.finish", completed["challengeId"]!.GetValue<string>());
        Assert.Equal(20, completed["points"]!.GetValue<int>());
        var fromChallenge = (await new Scenario(Server.Client).FullLedgerAsync(learner))
            .Where(e => e!["challengeId"]?.GetValue<string>() == $"{packageId}.finish").Sum(e => e!["amount"]!.GetValue<int>());
        Assert.Equal(20, fromChallenge);
    }

    [Fact]
    public async Task challenge_points_above_the_budget_or_the_proposal_are_refused_and_nothing_is_approved()
    {
        var packageId = await PublishAsync(points: 10_000);

        (await ApproveAsync(Approver, packageId, challenges: [$"{packageId}.finish"])).AssertError("REWARD_BUDGET_EXCEEDED");
        (await ApproveAsync(Approver, packageId, challenges: [$"{packageId}.finish"], pointsOverride: 600)).AssertError("REWARD_BUDGET_EXCEEDED");
        var small = await PublishAsync(points: 30);
        (await ApproveAsync(Approver, small, challenges: [$"{small}.finish"], pointsOverride: 31)).AssertError("BAD_USER_INPUT");

        var (learner, client) = await new ContentScenario(Server).NewLearnerAsync();
        Assert.False((await RewardsAsync(client, packageId))["challenges"]![0]!["approved"]!.GetValue<bool>());
        Assert.False((await RewardsAsync(client, small))["challenges"]![0]!["approved"]!.GetValue<bool>());
        await CompleteAsync(client, packageId);
        Assert.Empty((await new Scenario(Server.Client).LearnerAsync(learner))["challengesCompleted"]!.AsArray());
    }

    [Fact]
    public async Task a_package_badge_is_awarded_only_to_completions_after_its_approval()
    {
        var packageId = await PublishAsync(points: 25);
        var badgeId = $"{packageId}.sample-graduate";
        var content = new ContentScenario(Server);
        var (early, earlyClient) = await content.NewLearnerAsync();
        await CompleteAsync(earlyClient, packageId);

        (await ApproveAsync(Approver, packageId, badges: [badgeId])).AssertNoErrors();
        var (late, lateClient) = await content.NewLearnerAsync();
        await CompleteAsync(lateClient, packageId);

        var admin = new Scenario(Server.Client);
        Assert.Contains((await admin.LearnerAsync(late))["badges"]!.AsArray(), b => b!["badgeId"]!.GetValue<string>() == badgeId);
        // No retroactive awards: the learner who completed before the approval keeps what they had.
        Assert.DoesNotContain((await admin.LearnerAsync(early))["badges"]!.AsArray(), b => b!["badgeId"]!.GetValue<string>() == badgeId);
        // The challenge was not approved: neither learner has it.
        Assert.Empty((await admin.LearnerAsync(late))["challengesCompleted"]!.AsArray());
    }

    [Fact]
    public async Task only_organisation_wide_managers_and_admins_other_than_the_owner_approve_package_rewards()
    {
        var owner = "author-" + Guid.NewGuid().ToString("n")[..6];
        var packageId = await PublishAsync(points: 25, author: owner);
        string[] challenge = [$"{packageId}.finish"];

        (await ApproveAsync(Server.ClientAs(owner, [Roles.Author]), packageId, challenge)).AssertError("FORBIDDEN");
        (await ApproveAsync(Server.ClientAs(owner, [Roles.Author, Roles.Manager], [Roles.AllDepartments]), packageId, challenge)).AssertError("FORBIDDEN");
        (await ApproveAsync(Server.ClientAs("dept-manager", [Roles.Manager], ["some-department"]), packageId, challenge)).AssertError("FORBIDDEN");
        (await ApproveAsync(Approver, packageId, challenges: [$"{packageId}.no-such-challenge"])).AssertError("BAD_USER_INPUT");

        (await ApproveAsync(Server.Client, packageId, challenge)).AssertNoErrors();
    }

    [Fact]
    public async Task department_xp_totals_beyond_32_bits_are_exact()
    {
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learners = new[] { await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department) };

        // No award path can give billions (single awards are Int, and capped), so the accounts are set in the database.
        var database = Server.Services.GetRequiredService<GamifiedDatabase>();
        await database.RunAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE learner_accounts SET xp = 2000000000 WHERE learner_id IN ('{learners[0]}', '{learners[1]}')";
            return await command.ExecuteNonQueryAsync(ct);
        });

        var totals = (await Server.Client.QueryAsync("query($id: ID!) { department(id: $id) { memberCount totalXp } }", new { id = department }))
            ["department"]!;
        Assert.Equal(2, totals["memberCount"]!.GetValue<int>());
        Assert.Equal(4_000_000_000L, totals["totalXp"]!.GetValue<long>());
    }

    /// <summary>Publishes the sample package under a fresh id, its one challenge proposing <paramref name="points"/>.</summary>
    private async Task<string> PublishAsync(int points, string? author = null)
    {
        var packageId = $"test.rewards.{Guid.NewGuid().ToString("n")[..10]}";
        var manifest = SamplePackage.Manifest("\"id\": \"test.sample.basics\"", $"\"id\": \"{packageId}\"")
            .Replace("\"points\": 25", $"\"points\": {points}");
        var published = await ContentScenario.PublishAsync(Server.ClientAs(author ?? "author-" + Guid.NewGuid().ToString("n")[..6], [Roles.Author]),
            SamplePackage.Zip(new Dictionary<string, string?> { ["manifest.json"] = manifest }));
        Assert.Empty(published["userErrors"]!.AsArray());
        return packageId;
    }

    private static Task<GraphQLResponse> ApproveAsync(GraphQLClient client, string packageId, string[]? challenges = null, string[]? badges = null,
        int? pointsOverride = null) =>
        client.PostAsync("""
            mutation($input: ApprovePackageRewardsInput!) {
              approvePackageRewards(input: $input) {
                package { id version challenges { id points approved approvedPoints approvedAt } badges { id approved } }
                userErrors { code message field }
              }
            }
            """, new { input = new { packageId, version = "1.0.0", challengeIds = challenges, badgeIds = badges, pointsOverride } });

    private static async Task<JsonNode> RewardsAsync(GraphQLClient client, string packageId) =>
        (await client.QueryAsync("query($id: ID!) { package(id: $id) { challenges { id approved approvedPoints } badges { id approved } } }",
            new { id = packageId }))["package"]!;

    /// <summary>Takes the sample package to completion: both lessons, and the post-test passed.</summary>
    private static async Task CompleteAsync(GraphQLClient learner, string packageId)
    {
        await ContentScenario.StartAsync(learner, packageId);
        foreach (var lesson in new[] { "welcome", "case" })
        {
            await ContentScenario.LessonAsync(learner, packageId, lesson);
            await learner.QueryAsync("mutation($p: ID!, $l: ID!) { completeLesson(packageId: $p, lessonId: $l) { packageProgress { viewedLessons } userErrors { code message field } } }",
                new { p = packageId, l = lesson });
        }
        var post = (await ContentScenario.SubmitAsync(learner, packageId, "POST_TEST", new object[]
        {
            new { questionId = "q1", choices = new[] { "b" } }, new { questionId = "q2", choices = new[] { "a", "b" } },
            new { questionId = "q3", text = "最小必要" },
        })).AssertNoErrors().Data!["submitAnswers"]!["testOutcome"]!;
        Assert.True(post["progress"]!["completed"]!.GetValue<bool>());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class AuthorRewardsTestsOnSqlite(SqliteServerFixture fixture) : AuthorRewardsTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class AuthorRewardsTestsOnPostgres(PostgresServerFixture fixture) : AuthorRewardsTests(fixture);
