using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Rewards;

public sealed class RecalculationTests
{
    [Fact]
    public async Task recalculation_compensates_exactly_and_the_ledger_keeps_both_the_old_awards_and_the_corrections()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (a, b) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        (await admin.RecordActivityAsync(a, "a1")).AssertNoErrors();                                   // 10 under the default scheme
        (await admin.RecordActivityAsync(a, "a2", objectId: "lesson-2")).AssertNoErrors();             // 10
        (await admin.RecordActivityAsync(b, "b1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors(); // 20
        var to = DateTimeOffset.UtcNow.AddSeconds(1);

        // The default scheme's next version pays 25 for a completion instead of 10.
        var scheme = (await server.Client.QueryAsync("{ rewardScheme(id: \"default\") { latest { definition { rules { id verb points pointsPerGain objectKind } caps { dailyXp dailyXpPerRule statementsPerMinute } } } } }"))
            ["rewardScheme"]!["latest"]!["definition"]!;
        var rules = scheme["rules"]!.AsArray().Select(r => new
        {
            id = r!["id"]!.GetValue<string>(),
            verb = r["verb"]!.GetValue<string>().Replace('-', '_').ToUpperInvariant(),
            objectKind = r["objectKind"]?.GetValue<string>().ToUpperInvariant(),
            points = r["id"]!.GetValue<string>() == "completed" ? 25 : r["points"]!.GetValue<int>(),
            pointsPerGain = r["pointsPerGain"]?.GetValue<int>(),
        }).ToArray();
        var update = await server.Client.QueryAsync("""
            mutation($input: SaveRewardSchemeInput!) { updateRewardScheme(input: $input) { userErrors { code message field } } }
            """, new { input = new { id = "default", scheme = new { names = new { zhCN = "默认激励方案", en = "Default reward scheme" }, rules } } });
        Assert.Empty(update["updateRewardScheme"]!["userErrors"]!.AsArray());
        await server.Client.QueryAsync("mutation { activateRewardScheme(id: \"default\") { scheme { id } userErrors { code message field } } }");

        const string recalculate = "mutation($from: DateTimeOffset!, $to: DateTimeOffset!) { recalculateAwards(from: $from, to: $to) { recalculationResult { learnersChecked adjustments { learnerId before after change } } userErrors { code message field } } }";
        var result = (await server.Client.QueryAsync(recalculate, new { from, to }))["recalculateAwards"]!["recalculationResult"]!;

        Assert.Equal(2, result["learnersChecked"]!.GetValue<int>());
        var adjustment = Assert.Single(result["adjustments"]!.AsArray())!;
        Assert.Equal((a, 20, 50, 30), (adjustment["learnerId"]!.GetValue<string>(), adjustment["before"]!.GetValue<int>(),
            adjustment["after"]!.GetValue<int>(), adjustment["change"]!.GetValue<int>()));
        Assert.Equal(50, (await admin.LearnerAsync(a))["xp"]!.GetValue<int>());
        Assert.Equal(20, (await admin.LearnerAsync(b))["xp"]!.GetValue<int>());
        var ledger = await admin.FullLedgerAsync(a);
        Assert.Equal([10, 10, 30], ledger.Where(e => e["kind"]!.GetValue<string>() == "XP").Select(e => e["amount"]!.GetValue<int>()));
        Assert.StartsWith("recalculation:", ledger[^1]["ruleId"]!.GetValue<string>());
        Assert.Contains("20 → 50", ledger[^1]["reason"]!.GetValue<string>());

        // Again: nothing more to correct. And no overlapping window.
        var again = (await server.Client.QueryAsync(recalculate, new { from, to }))["recalculateAwards"]!["recalculationResult"]!;
        Assert.Empty(again["adjustments"]!.AsArray());
        (await server.Client.PostAsync(recalculate, new { from = from.AddSeconds(-10), to })).AssertError("CONFLICT");
        var manager = server.ClientAs("dept-manager", [Roles.Manager], [department]);
        (await manager.PostAsync(recalculate, new { from = to.AddDays(1), to = to.AddDays(2) })).AssertError("FORBIDDEN");
        var verification = await server.Client.QueryAsync("{ verifyLedger { ok } }");
        Assert.True(verification["verifyLedger"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task live_awards_and_a_replay_agree_under_caps_and_first_attempts_so_recalculating_unchanged_schemes_changes_nothing()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        var created = await server.Client.QueryAsync("""
            mutation($input: SaveRewardSchemeInput!) { createRewardScheme(input: $input) { userErrors { code } } }
            """, new
        {
            input = new
            {
                id = "capped",
                scheme = new
                {
                    names = new { zhCN = "限额方案", en = "Capped" }, departmentIds = new[] { department },
                    rules = new[] { new { id = "lesson", verb = "COMPLETED", points = 10, firstAttempt = (bool?)true } },
                    caps = new { dailyXp = 25 },
                },
            },
        });
        Assert.Empty(created["createRewardScheme"]!["userErrors"]!.AsArray());
        var activated = DateTimeOffset.UtcNow;
        await server.Client.QueryAsync("mutation { activateRewardScheme(id: \"capped\") { scheme { id } userErrors { code message field } } }");

        // Statements from before the activation (sent late) and after it, interleaved; one object repeated.
        const string record = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }";
        var now = DateTimeOffset.UtcNow;
        var sends = new[] { (now, "a"), (now.AddMinutes(-50), "b"), (now, "c"), (now.AddMinutes(-40), "a"), (now.AddMinutes(-30), "d") };
        var n = 0;
        foreach (var (at, lesson) in sends)
            await server.Client.QueryAsync(record, new
            {
                input = new { learnerId = learner, idempotencyKey = $"s{n++}", verb = "COMPLETED", @object = new { id = lesson, kind = "LESSON" }, timestamp = at },
            });
        var capped = (await admin.FullLedgerAsync(learner)).Where(e => e["schemeId"]?.GetValue<string>() == "capped").Sum(e => e["amount"]!.GetValue<int>());
        Assert.InRange(capped, 10, 19);   // two first attempts in force ("a", "c") would earn 20 uncapped: the daily cap bit

        // Only statements after activation count for the replay of the window (the scheme was not in force before).
        var result = (await server.Client.QueryAsync("mutation($from: DateTimeOffset!, $to: DateTimeOffset!) { recalculateAwards(from: $from, to: $to) { recalculationResult { adjustments { learnerId change } } userErrors { code message field } } }",
            new { from = activated.AddMinutes(-1), to = DateTimeOffset.UtcNow.AddSeconds(1) }))["recalculateAwards"]!["recalculationResult"]!;
        Assert.Empty(result["adjustments"]!.AsArray());
    }
}
