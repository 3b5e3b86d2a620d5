using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

/// <summary>Everything a learner earned is still there after the server stops and starts again.</summary>
public sealed class RestartTests
{
    [Fact]
    public Task progress_survives_a_restart_on_sqlite() => ProgressSurvivesRestart(ServerStorage.NewSqlite());

    [Fact]
    public async Task progress_survives_a_restart_on_postgres() => await ProgressSurvivesRestart(await ServerStorage.NewPostgresAsync());

    [Fact]
    public async Task retries_after_a_restart_mixed_with_new_statements_replay_and_record_on_postgres()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        string department;
        string[] learners;
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var scenario = new Scenario(server.Client);
            department = await scenario.CreateDepartmentAsync();
            learners = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => scenario.RegisterLearnerAsync(department)));
            foreach (var learner in learners) (await scenario.RecordActivityAsync(learner, "before", verb: "COMPLETED")).AssertNoErrors();
        }

        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            // The old keys are no longer in memory: each retry meets the stored one when its group commit is written,
            // and must not fail the new statements committed in the same batch.
            var scenario = new Scenario(server.Client);
            var sends = learners.SelectMany(l => new[] { (Learner: l, Key: "before", Verb: "COMPLETED"), (Learner: l, Key: "after", Verb: "PASSED") });
            var responses = await Task.WhenAll(sends.Select(async s =>
                (s.Key, Response: (await scenario.RecordActivityAsync(s.Learner, s.Key, verb: s.Verb, objectKind: s.Verb == "PASSED" ? "QUIZ" : "LESSON")).AssertNoErrors())));

            foreach (var (key, response) in responses)
                Assert.Equal(key == "before", response.Data!["recordActivity"]!["activityRecorded"]!["replayed"]!.GetValue<bool>());
            foreach (var learner in learners)
            {
                Assert.Equal(30, (await scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
                Assert.Equal(2, (await scenario.FullLedgerAsync(learner)).Count);
            }
        }
    }

    private static async Task ProgressSurvivesRestart(ServerStorage storage)
    {
        string learner, challenge, department;
        string before, activityId;
        string ledgerBefore;

        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var scenario = new Scenario(server.Client);
            department = await scenario.CreateDepartmentAsync();
            learner = await scenario.RegisterLearnerAsync(department);
            challenge = await scenario.CreateChallengeAsync(points: 50, firstN: 3);
            await server.Client.QueryAsync("""
                mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points winnerRank } userErrors { code message field } } }
                """, new { input = new { challengeId = challenge, learnerId = learner } });
            await server.Client.QueryAsync("""
                mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }
                """, new { input = new { learnerId = learner, badgeId = "data-sharing-pioneer", reason = "牵头完成跨部门数据共享试点" } });
            var recorded = (await scenario.RecordActivityAsync(learner, "restart-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            activityId = recorded.Data!["recordActivity"]!["activityRecorded"]!["activityId"]!.GetValue<string>();

            var snapshot = await scenario.LearnerAsync(learner);
            Assert.Equal(70, snapshot["xp"]!.GetValue<int>());
            Assert.Single(snapshot["badges"]!.AsArray());
            Assert.Equal(1, snapshot["challengesCompleted"]![0]!["winnerRank"]!.GetValue<int>());
            before = snapshot.ToJsonString();
            ledgerBefore = new System.Text.Json.Nodes.JsonArray([.. (await scenario.FullLedgerAsync(learner)).Select(n => n.DeepClone())]).ToJsonString();
        }

        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var scenario = new Scenario(server.Client);
            Assert.Equal(before, (await scenario.LearnerAsync(learner)).ToJsonString());
            var ledgerAfter = new System.Text.Json.Nodes.JsonArray([.. (await scenario.FullLedgerAsync(learner)).Select(n => n.DeepClone())]);
            Assert.Equal(ledgerBefore, ledgerAfter.ToJsonString());
            Assert.Equal(3, ledgerAfter.Count);

            var challengeAfter = await server.Client.QueryAsync("query($id: ID!) { challenge(id: $id) { completionCount winners { learnerId rank } } }",
                new { id = challenge });
            Assert.Equal(1, challengeAfter["challenge"]!["completionCount"]!.GetValue<int>());
            Assert.Equal(learner, challengeAfter["challenge"]!["winners"]![0]!["learnerId"]!.GetValue<string>());

            var departments = await server.Client.QueryAsync("{ departments { id memberCount totalXp } }");
            var row = departments["departments"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == department)!;
            Assert.Equal(1, row["memberCount"]!.GetValue<int>());
            Assert.Equal(70, row["totalXp"]!.GetValue<int>());

            // Idempotency keys are remembered durably: the retry of a statement after a restart is a replay,
            // and a different statement under the same key is still refused.
            var replay = (await scenario.RecordActivityAsync(learner, "restart-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            Assert.True(replay.Data!["recordActivity"]!["activityRecorded"]!["replayed"]!.GetValue<bool>());
            Assert.Equal(activityId, replay.Data!["recordActivity"]!["activityRecorded"]!["activityId"]!.GetValue<string>());
            (await scenario.RecordActivityAsync(learner, "restart-1", verb: "COMPLETED")).AssertError("IDEMPOTENCY_KEY_REUSED");
            Assert.Equal(70, (await scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());

            // A challenge is completed once, before and after a restart alike.
            var again = await server.Client.PostAsync("""
                mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points } userErrors { code message field } } }
                """, new { input = new { challengeId = challenge, learnerId = learner } });
            Assert.Equal("CONFLICT", again.RefusalCode);
        }
    }
}
