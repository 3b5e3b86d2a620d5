using System.Collections.Concurrent;
using Gamified.Ledger;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

/// <summary>Recording activity: idempotency, no lost updates, and a ledger that always sums to XP. Run on both storages.</summary>
public abstract class ActivityTests(ServerFixture fixture)
{
    /// <summary>The default reward scheme's XP per verb, as documented in the README.</summary>
    private static readonly Dictionary<string, int> PointsByVerb = new()
    {
        ["STARTED"] = 0, ["ANSWERED"] = 1, ["FAILED"] = 2, ["RATED"] = 2, ["SUBMITTED_IDEA"] = 5,
        ["COMPLETED"] = 10, ["ATTENDED"] = 15, ["PASSED"] = 20,
    };

    private Scenario Scenario => new(fixture.Server.Client);

    [Fact]
    public async Task the_same_idempotency_key_sent_twice_awards_once_and_returns_the_first_result()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());

        var first = (await Scenario.RecordActivityAsync(learner, "key-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        var second = (await Scenario.RecordActivityAsync(learner, "key-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();

        var a = first.Data!["recordActivity"]!["activityRecorded"]!;
        var b = second.Data!["recordActivity"]!["activityRecorded"]!;
        Assert.False(a["replayed"]!.GetValue<bool>());
        Assert.True(b["replayed"]!.GetValue<bool>());
        Assert.Equal(a["activityId"]!.GetValue<string>(), b["activityId"]!.GetValue<string>());
        Assert.Equal(a["entries"]!.ToJsonString(), b["entries"]!.ToJsonString());
        Assert.Equal(20, b["xpAwarded"]!.GetValue<int>());
        Assert.Equal(20, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
        Assert.Single(await Scenario.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task twenty_parallel_requests_with_one_idempotency_key_award_once()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Scenario.RecordActivityAsync(learner, "burst", verb: "COMPLETED")));

        foreach (var response in responses) response.AssertNoErrors();
        var ids = responses.Select(r => r.Data!["recordActivity"]!["activityRecorded"]!["activityId"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Single(responses, r => !r.Data!["recordActivity"]!["activityRecorded"]!["replayed"]!.GetValue<bool>());
        Assert.Equal(10, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
        Assert.Single(await Scenario.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task reusing_an_idempotency_key_for_a_different_statement_is_refused_and_changes_nothing()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());
        (await Scenario.RecordActivityAsync(learner, "key-x", verb: "COMPLETED")).AssertNoErrors();

        var reused = await Scenario.RecordActivityAsync(learner, "key-x", verb: "PASSED", objectKind: "QUIZ");

        reused.AssertError("IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(10, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_thousand_random_activities_sent_64_at_a_time_lose_no_update()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var learners = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Scenario.RegisterLearnerAsync(department)));
        var random = new Random(20261127);
        var verbs = PointsByVerb.Keys.ToArray();
        var sends = Enumerable.Range(0, 1000)
            .Select(i => (Learner: learners[random.Next(learners.Length)], Verb: verbs[random.Next(verbs.Length)], Key: $"bulk-{i}"))
            .ToList();

        var sent = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (send, _) =>
        {
            var response = await Scenario.RecordActivityAsync(send.Learner, send.Key, verb: send.Verb, objectId: "lesson-" + send.Key);
            response.AssertNoErrors();
            Assert.Equal(PointsByVerb[send.Verb], response.Data!["recordActivity"]!["activityRecorded"]!["xpAwarded"]!.GetValue<int>());
            sent.AddOrUpdate(send.Learner, PointsByVerb[send.Verb], (_, total) => total + PointsByVerb[send.Verb]);
        });

        foreach (var learner in learners)
        {
            var expected = sent.GetValueOrDefault(learner);
            var xp = (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>();
            var ledger = await Scenario.FullLedgerAsync(learner);
            Assert.Equal(expected, xp);
            Assert.Equal(expected, ledger.Sum(e => e["amount"]!.GetValue<int>()));
            Assert.Equal(Enumerable.Range(1, ledger.Count), ledger.Select(e => e["seq"]!.GetValue<int>()));
        }
        var totals = await fixture.Server.Client.QueryAsync("query($id: ID!) { department(id: $id) { totalXp activeLearnerCount } }",
            new { id = department });
        Assert.Equal(sent.Values.Sum(), totals["department"]!["totalXp"]!.GetValue<int>());
    }

    [Fact]
    public async Task every_ledger_entry_is_chained_to_the_one_before_it()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());
        for (var i = 0; i < 5; i++) (await Scenario.RecordActivityAsync(learner, $"chain-{i}", verb: "ANSWERED")).AssertNoErrors();

        var ledger = await Scenario.FullLedgerAsync(learner);

        Assert.Equal(5, ledger.Count);
        Assert.Equal(LedgerHash.Genesis, ledger[0]["previousHash"]!.GetValue<string>());
        for (var i = 1; i < ledger.Count; i++)
            Assert.Equal(ledger[i - 1]["hash"]!.GetValue<string>(), ledger[i]["previousHash"]!.GetValue<string>());
        // Each hash covers the entry's own content: recompute it from what the API shows.
        foreach (var e in ledger)
        {
            var recomputed = LedgerHash.Compute(learner, e["seq"]!.GetValue<int>(),
                Enum.Parse<LedgerEntryKind>(e["kind"]!.GetValue<string>(), ignoreCase: true), e["amount"]!.GetValue<int>(),
                e["badgeId"]?.GetValue<string>(), e["reasonCommitment"]?.GetValue<string>() ?? e["reason"]!.GetValue<string>(), e["activityId"]?.GetValue<string>(),
                e["challengeId"]?.GetValue<string>(), e["ruleId"]?.GetValue<string>(),
                DateTimeOffset.Parse(e["occurredAt"]!.GetValue<string>()), DateTimeOffset.Parse(e["recordedAt"]!.GetValue<string>()),
                e["previousHash"]!.GetValue<string>(), e["schemeId"]?.GetValue<string>(), e["schemeVersion"]?.GetValue<int>());
            Assert.Equal(e["hash"]!.GetValue<string>(), recomputed);
            Assert.Equal(e["reasonCommitment"]!.GetValue<string>(), LedgerHash.CommitReason(e["reasonSalt"]!.GetValue<string>(), e["reason"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task the_ledger_pages_forward_with_cursors_without_gaps_or_repeats()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());
        for (var i = 0; i < 7; i++) (await Scenario.RecordActivityAsync(learner, $"page-{i}", verb: "RATED")).AssertNoErrors();

        var paged = await Scenario.FullLedgerAsync(learner, pageSize: 3);

        Assert.Equal(Enumerable.Range(1, 7), paged.Select(e => e["seq"]!.GetValue<int>()));
        var bad = await fixture.Server.Client.PostAsync("query($id: ID!) { learner(id: $id) { ledger(first: 500) { totalCount } } }",
            new { id = learner });
        bad.AssertError("BAD_USER_INPUT");
        var badCursor = await fixture.Server.Client.PostAsync("query($id: ID!) { learner(id: $id) { ledger(after: \"nonsense\") { totalCount } } }",
            new { id = learner });
        badCursor.AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task a_verb_that_earns_nothing_is_recorded_without_a_ledger_entry()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());

        var started = (await Scenario.RecordActivityAsync(learner, "start-1", verb: "STARTED", objectKind: "PACKAGE")).AssertNoErrors();

        Assert.Equal(0, started.Data!["recordActivity"]!["activityRecorded"]!["xpAwarded"]!.GetValue<int>());
        Assert.Empty(await Scenario.FullLedgerAsync(learner));
        var replay = (await Scenario.RecordActivityAsync(learner, "start-1", verb: "STARTED", objectKind: "PACKAGE")).AssertNoErrors();
        Assert.True(replay.Data!["recordActivity"]!["activityRecorded"]!["replayed"]!.GetValue<bool>());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class ActivityTestsOnSqlite(SqliteServerFixture fixture) : ActivityTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class ActivityTestsOnPostgres(PostgresServerFixture fixture) : ActivityTests(fixture);
