using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

/// <summary>
/// <c>recordActivities</c>: many statements in one request, each taken exactly as <c>recordActivity</c> takes it. Tried as
/// an integration that retries, and as a manager and a learner who would use it to get around the single statement's
/// rules. Run on both storages.
/// </summary>
public abstract class ActivityBatchTests(ServerFixture fixture)
{
    private const string RecordAll = """
        mutation($input: RecordActivitiesInput!) {
          recordActivities(input: $input) {
            results { index learnerId recorded { activityId replayed attestation xpAwarded } error { code field } }
            userErrors { code message }
          }
        }
        """;

    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);

    [Fact]
    public async Task a_batch_records_every_statement_once_and_sent_again_replays_them_all()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learners = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Admin.RegisterLearnerAsync(department)));
        var statements = Enumerable.Range(0, 30).Select(i => Statement(learners[i % 5], $"batch-{i}", i % 2 == 0 ? "PASSED" : "COMPLETED")).ToList();

        var first = await SendAsync(Server.Client, statements);
        var again = await SendAsync(Server.Client, statements);

        Assert.Equal(Enumerable.Range(0, 30), first.Select(r => r["index"]!.GetValue<int>()));
        Assert.All(first, r => Assert.False(r["recorded"]!["replayed"]!.GetValue<bool>()));
        Assert.All(again, r => Assert.True(r["recorded"]!["replayed"]!.GetValue<bool>()));
        Assert.Equal(first.Select(r => r["recorded"]!["activityId"]!.GetValue<string>()), again.Select(r => r["recorded"]!["activityId"]!.GetValue<string>()));
        // Three PASSED (20) and three COMPLETED (10) each, as the default scheme awards an admin's import.
        foreach (var learner in learners)
        {
            Assert.Equal(90, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
            Assert.Equal(6, (await Admin.FullLedgerAsync(learner)).Count);
        }
    }

    [Fact]
    public async Task a_batch_of_a_hundred_for_one_learner_sent_again_is_answered_with_every_first_result()
    {
        // The grain keeps only its latest outcomes whole; older keys are answered from the ledger, never awarded twice.
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var statements = Enumerable.Range(0, 101).Select(i => Statement(learner, $"old-{i}", "ANSWERED")).ToList();
        var first = await SendAsync(Server.Client, statements);
        var entries = (await Admin.FullLedgerAsync(learner)).Count;

        var again = await SendAsync(Server.Client, statements);

        Assert.All(again, r => Assert.True(r["recorded"]!["replayed"]!.GetValue<bool>()));
        Assert.Equal(first.Select(r => r["recorded"]!["activityId"]!.GetValue<string>()), again.Select(r => r["recorded"]!["activityId"]!.GetValue<string>()));
        Assert.Equal(101, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
        Assert.Equal(entries, (await Admin.FullLedgerAsync(learner)).Count);
    }

    [Fact]
    public async Task a_learners_statements_in_a_batch_reach_the_ledger_in_the_order_given()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var other = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        // The same learner written with and without spaces around the id is one learner, whose statements go in order.
        var statements = Enumerable.Range(0, 30).Select(i => Statement(i % 3 == 2 ? other : i % 2 == 0 ? learner : $" {learner} ", $"order-{i}", "ANSWERED")).ToList();

        var results = await SendAsync(Server.Client, statements);

        var sentOrder = results.Where(r => r["learnerId"]!.GetValue<string>() == learner).Select(r => r["recorded"]!["activityId"]!.GetValue<string>());
        var ledgerOrder = (await Admin.FullLedgerAsync(learner)).OrderBy(e => e["seq"]!.GetValue<int>()).Select(e => e["activityId"]!.GetValue<string>());
        Assert.Equal(sentOrder, ledgerOrder);
    }

    [Fact]
    public async Task a_refused_statement_names_its_place_and_does_not_stop_the_others()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        (await Admin.RecordActivityAsync(learner, "taken", verb: "COMPLETED")).AssertNoErrors();
        List<object> statements =
        [
            Statement(learner, "fine-0", "PASSED"),
            Statement(learner, "taken", "PASSED"),                 // the key was used for another statement
            Statement(learner, "plan:not-yours", "PASSED"),         // a key of the server's
            Statement("no such id!", "fine-3", "PASSED"),          // not an id
            Statement(learner, "fine-4", "COMPLETED"),
        ];

        var results = await SendAsync(Server.Client, statements);

        Assert.Equal(["IDEMPOTENCY_KEY_REUSED", "BAD_USER_INPUT", "BAD_USER_INPUT"], results.Where(r => r["error"] is not null).Select(r => r["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(["input", "statements", "1", "idempotencyKey"], Field(results[1]));
        Assert.Equal(["input", "statements", "3", "learnerId"], Field(results[3]));
        Assert.All(results.Where(r => r["error"] is not null), r => Assert.Null(r["recorded"]));
        Assert.Equal(10 + 20 + 10, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_manager_batches_only_for_their_own_departments_learners_and_a_learner_may_not_batch()
    {
        var department = await Admin.CreateDepartmentAsync();
        var mine = await Admin.RegisterLearnerAsync(department);
        var elsewhere = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var manager = Server.ClientAs(Scenario.NewId("batch-manager"), [Roles.Manager], [department]);

        var results = await SendAsync(manager, [Statement(mine, "m-0", "COMPLETED"), Statement(elsewhere, "m-1", "COMPLETED")]);
        var asLearner = await Server.ClientAs(mine, [Roles.Learner]).PostAsync(RecordAll, Input([Statement(mine, "self-0", "COMPLETED")]));

        Assert.Equal("MANAGER", results[0]["recorded"]!["attestation"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", results[1]["error"]!["code"]!.GetValue<string>());
        asLearner.AssertError("FORBIDDEN");
        Assert.Empty(await Admin.FullLedgerAsync(elsewhere));
    }

    [Fact]
    public async Task a_batch_over_the_limit_is_refused_whole_and_writes_nothing()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());

        var response = await Server.Client.PostAsync(RecordAll, Input(Enumerable.Range(0, 501).Select(i => Statement(learner, $"over-{i}", "COMPLETED")).ToList()));

        response.AssertUserError("BAD_USER_INPUT");
        Assert.Empty(await Admin.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task a_batch_is_audited_once_with_how_its_statements_ended()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var adminId = Scenario.NewId("batch-admin");
        var admin = Server.ClientAs(adminId, [Roles.Admin]);

        await SendAsync(admin, [Statement(learner, "a-0", "COMPLETED"), Statement(learner, "a-1", "PASSED"), Statement(learner, "plan:a-2", "PASSED")]);

        var audit = (await Server.Client.QueryAsync("query($actor: String) { auditLog(actor: $actor) { edges { node { action outcome details } } } }",
            new { actor = adminId }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        var entry = Assert.Single(audit);
        Assert.Equal("recordActivities", entry["action"]!.GetValue<string>());
        var details = JsonNode.Parse(entry["details"]!.GetValue<string>())!;
        Assert.Equal(3, details["statements"]!.GetValue<int>());
        Assert.Equal(2, details["recorded"]!.GetValue<int>());
        Assert.Equal(1, details["refused"]!["BAD_USER_INPUT"]!.GetValue<int>());
        Assert.Equal([(learner, "a-0", "OK"), (learner, "a-1", "OK"), (learner, "plan:a-2", "BAD_USER_INPUT")],
            details["items"]!.AsArray().Select(i => (i!["learnerId"]!.GetValue<string>(), i["idempotencyKey"]!.GetValue<string>(), i["outcome"]!.GetValue<string>())));
    }

    [Fact]
    public async Task a_batch_whose_every_statement_is_refused_is_audited_with_the_refusal()
    {
        var elsewhere = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var managerId = Scenario.NewId("batch-refused");
        var manager = Server.ClientAs(managerId, [Roles.Manager], [await Admin.CreateDepartmentAsync()]);

        var results = await SendAsync(manager, [Statement(elsewhere, "r-0", "COMPLETED")]);

        Assert.Equal("FORBIDDEN", results[0]["error"]!["code"]!.GetValue<string>());
        var audit = (await Server.Client.QueryAsync("query($actor: String) { auditLog(actor: $actor) { edges { node { outcome target details } } } }",
            new { actor = managerId }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal("FORBIDDEN", Assert.Single(audit)["outcome"]!.GetValue<string>());
        Assert.Contains(elsewhere, audit[0]["details"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_empty_batch_is_refused()
    {
        var response = await Server.Client.PostAsync(RecordAll, Input([]));

        response.AssertUserError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task more_than_two_full_batches_in_one_request_cost_more_than_a_request_may()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        const string thrice = """
            mutation($input: RecordActivitiesInput!) {
              a: recordActivities(input: $input) { results { index } }
              b: recordActivities(input: $input) { results { index } }
              c: recordActivities(input: $input) { results { index } }
            }
            """;

        var response = await Server.Client.PostAsync(thrice, Input(Enumerable.Range(0, 500).Select(i => Statement(learner, $"greedy-{i}", "ANSWERED")).ToList()));

        response.AssertTopLevelError("QUERY_TOO_COSTLY");
        Assert.Empty(await Admin.FullLedgerAsync(learner));
    }

    private static object Statement(string learnerId, string key, string verb) => new
    {
        learnerId, idempotencyKey = key, verb,
        @object = new { id = verb == "PASSED" ? "quiz-" + key : "lesson-" + key, kind = verb == "PASSED" ? "QUIZ" : "LESSON" },
    };

    private static object Input(IReadOnlyList<object> statements) => new { input = new { statements } };

    private static async Task<List<JsonNode>> SendAsync(GraphQLClient client, IReadOnlyList<object> statements)
    {
        var payload = (await client.PostAsync(RecordAll, Input(statements))).AssertNoErrors().Data!["recordActivities"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        return payload["results"]!.AsArray().Select(r => r!).ToList();
    }

    private static List<string> Field(JsonNode result) => result["error"]!["field"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
}

[Collection(SqliteServerCollection.Name)]
public sealed class ActivityBatchTestsOnSqlite(SqliteServerFixture fixture) : ActivityBatchTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class ActivityBatchTestsOnPostgres(PostgresServerFixture fixture) : ActivityBatchTests(fixture);
