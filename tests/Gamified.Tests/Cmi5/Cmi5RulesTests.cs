using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Gamified.Xapi;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Cmi5;

/// <summary>
/// cmi5's statement rules over real HTTP (section 9.3): the order in a session, passed and failed against masteryScore, and
/// the LMS's satisfied, which completes the course once in the learner's activity flow, so it scores like our own packages
/// while the learner's own claims score nothing. Run on both storages.
/// </summary>
public abstract class Cmi5RulesTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private sealed record Session(string Token, string Registration, JsonNode Actor, string ActivityId);

    private async Task<Session> LaunchAsync(GraphQLClient learner, string packageId, string auId)
    {
        var url = (await learner.QueryAsync("""
            mutation($p: ID!, $au: ID!) { launchAssignableUnit(packageId: $p, auId: $au) { assignableUnitLaunch { url } } }
            """, new { p = packageId, au = auId }))["launchAssignableUnit"]!["assignableUnitLaunch"]!["url"]!.GetValue<string>();
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        using var http = new HttpClient { BaseAddress = Server.Address };
        using var fetched = await http.PostAsync(query["fetch"], null);
        var token = JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!["auth-token"]!.GetValue<string>();
        return new Session(token, query["registration"]!, JsonNode.Parse(query["actor"]!)!, query["activityId"]!);
    }

    private async Task<HttpStatusCode> StateAsync(Session session, string verb, JsonObject? result = null, string? bearer = null, string? objectId = null)
    {
        var statement = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["actor"] = session.Actor.DeepClone(),
            ["verb"] = new JsonObject { ["id"] = $"http://adlnet.gov/expapi/verbs/{verb}" },
            ["object"] = new JsonObject { ["id"] = objectId ?? session.ActivityId },
            ["context"] = new JsonObject { ["registration"] = session.Registration },
        };
        if (result is not null) statement["result"] = result;
        using var http = new HttpClient { BaseAddress = Server.Address };
        var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements") { Content = new StringContent(statement.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = bearer is null ? new AuthenticationHeaderValue("Basic", session.Token) : new AuthenticationHeaderValue("Bearer", bearer);
        using var answer = await http.SendAsync(request);
        return answer.StatusCode;
    }

    private static JsonObject Score(double scaled, bool success) => new() { ["score"] = new JsonObject { ["scaled"] = scaled }, ["success"] = success };

    private async Task<int> XpAsync(string learner) => (await new Scenario(Server.Client).LearnerAsync(learner))["xp"]!.GetValue<int>();

    private static async Task<Dictionary<string, string>> UnitStatesAsync(GraphQLClient learner, string packageId) =>
        (await learner.QueryAsync("query($p: ID!) { assignableUnitStates(packageId: $p) { auId status } }", new { p = packageId }))
            ["assignableUnitStates"]!.AsArray().ToDictionary(s => s!["auId"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());

    [Fact]
    public async Task the_learners_unit_states_follow_the_strongest_statement_of_their_registration()
    {
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(Server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (learnerId, learner) = await new ContentScenario(Server).NewLearnerAsync();
        var (_, other) = await new ContentScenario(Server).NewLearnerAsync();
        Assert.All((await UnitStatesAsync(learner, packageId)).Values, s => Assert.Equal("NOT_ATTEMPTED", s));

        var quiz = await LaunchAsync(learner, packageId, Cmi5Sample.QuizAu);
        // The learner's own claim on their own token, in their registration: stored as SELF_REPORTED, shown as nothing.
        var bearer = ((LocalTokens)Server.Services.GetService(typeof(LocalTokens))!).Issue(learnerId, [Roles.Learner]);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "passed", Score(1.0, true), bearer: bearer));
        Assert.Equal(new Dictionary<string, string> { [Cmi5Sample.ReadingAu] = "NOT_ATTEMPTED", [Cmi5Sample.QuizAu] = "IN_PROGRESS" },
            await UnitStatesAsync(learner, packageId));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "initialized"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "failed", Score(0.3, false)));
        Assert.Equal("FAILED", (await UnitStatesAsync(learner, packageId))[Cmi5Sample.QuizAu]);

        var again = await LaunchAsync(learner, packageId, Cmi5Sample.QuizAu);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(again, "initialized"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(again, "passed", Score(0.9, true)));
        Assert.Equal("PASSED", (await UnitStatesAsync(learner, packageId))[Cmi5Sample.QuizAu]);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(again, "completed"));
        Assert.Equal("SATISFIED", (await UnitStatesAsync(learner, packageId))[Cmi5Sample.QuizAu]);

        // Another learner's page shows their own registration only.
        Assert.All((await UnitStatesAsync(other, packageId)).Values, s => Assert.Equal("NOT_ATTEMPTED", s));
    }

    [Fact]
    public async Task a_session_keeps_the_cmi5_order_and_passed_or_failed_agrees_with_the_mastery_score()
    {
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(Server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (_, learner) = await new ContentScenario(Server).NewLearnerAsync();

        var reading = await LaunchAsync(learner, packageId, Cmi5Sample.ReadingAu);
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(reading, "completed"));       // before initialized
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(reading, "initialized", objectId: Cmi5Sample.QuizAu));   // another AU
        Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, "initialized"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, "experienced", objectId: Cmi5Sample.ReadingAu + "/page/2"));
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(reading, "initialized"));     // once
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(reading, "launched"));        // the LMS's verb
        Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, "experienced"));            // other statements in between
        Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, "completed"));
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(reading, "completed"));       // at most once
        Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, "terminated"));
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(reading, "experienced"));     // nothing after terminated

        var quiz = await LaunchAsync(learner, packageId, Cmi5Sample.QuizAu);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "initialized"));
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(quiz, "passed", Score(0.3, true)));   // below masteryScore 0.6
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(quiz, "failed", Score(0.9, false)));  // reaches it
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(quiz, "passed"));                     // no score, yet a masteryScore
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "failed", Score(0.3, false)));
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(quiz, "passed", Score(1.0, true)));   // one judgement a session
    }

    [Fact]
    public async Task a_new_launch_ends_the_previous_session_and_the_server_states_abandoned_when_it_was_left_open()
    {
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(Server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (_, learner) = await new ContentScenario(Server).NewLearnerAsync();

        var first = await LaunchAsync(learner, packageId, Cmi5Sample.ReadingAu);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(first, "initialized"));
        var second = await LaunchAsync(learner, packageId, Cmi5Sample.ReadingAu);
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(first, "completed"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(second, "initialized"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(second, "terminated"));
        await LaunchAsync(learner, packageId, Cmi5Sample.ReadingAu);   // the second was terminated: nothing abandoned

        var abandoned = await Server.Services.GetRequiredService<IXapiStatementStore>().Query(new XapiStatementQuery(null,
            "https://w3id.org/xapi/adl/verbs/abandoned", null, Guid.Parse(first.Registration), null, null, false, null, 10, null));
        Assert.Equal("SERVER", Assert.Single(abandoned).Statement.Attestation);
    }

    [Fact]
    public async Task a_satisfied_course_completes_once_and_scores_while_the_learners_own_claims_score_nothing()
    {
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(Server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (learnerId, learner) = await new ContentScenario(Server).NewLearnerAsync();
        var bearer = ((LocalTokens)Server.Services.GetService(typeof(LocalTokens))!).Issue(learnerId, [Roles.Learner]);

        var reading = await LaunchAsync(learner, packageId, Cmi5Sample.ReadingAu);
        var before = await XpAsync(learnerId);
        // The learner's own claim, on their own token: stored, attested SELF_REPORTED, worth nothing, and not held to a session.
        Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, "completed", bearer: bearer));
        foreach (var verb in new[] { "initialized", "completed", "terminated" }) Assert.Equal(HttpStatusCode.OK, await StateAsync(reading, verb));
        Assert.Equal(before, await XpAsync(learnerId));   // one AU of two: the course is not satisfied yet

        var quiz = await LaunchAsync(learner, packageId, Cmi5Sample.QuizAu);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "initialized"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "passed", Score(1.0, true)));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "completed"));
        Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, "terminated"));
        var after = await XpAsync(learnerId);
        Assert.Equal(before + 10, after);   // the default scheme's "package completed"

        // Taking the quiz again satisfies nothing new: the course counted once.
        var again = await LaunchAsync(learner, packageId, Cmi5Sample.QuizAu);
        foreach (var (verb, result) in new[] { ("initialized", (JsonObject?)null), ("passed", Score(1.0, true)), ("completed", null), ("terminated", null) })
            Assert.Equal(HttpStatusCode.OK, await StateAsync(again, verb, result));
        Assert.Equal(after, await XpAsync(learnerId));

        var store = Server.Services.GetRequiredService<IXapiStatementStore>();
        var satisfied = await store.Query(new XapiStatementQuery(null, "https://w3id.org/xapi/adl/verbs/satisfied", null, Guid.Parse(reading.Registration),
            null, null, false, null, 50, null));
        Assert.Equal(3, satisfied.Count);   // each AU once, and the course
        Assert.All(satisfied, s => Assert.Equal("SERVER", s.Statement.Attestation));
        var progress = await learner.QueryAsync("query($id: ID!) { packageProgress(packageId: $id) { completed } }", new { id = packageId });
        Assert.True(progress["packageProgress"]!["completed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_manager_of_the_learners_department_waives_an_au_once_with_a_reason_and_the_course_then_completes()
    {
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(Server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (learnerId, learner) = await new ContentScenario(Server).NewLearnerAsync(department);
        var manager = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [department]);
        var stranger = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [await admin.CreateDepartmentAsync()]);
        const string waive = """
            mutation($l: ID!, $p: ID!, $au: ID!) { waiveAssignableUnit(learnerId: $l, packageId: $p, auId: $au, reason: "已持有一网通办业务培训合格证") {
              assignableUnitWaiver { registration courseSatisfied } userErrors { code message } } }
            """;
        var variables = new { l = learnerId, p = packageId, au = Cmi5Sample.ReadingAu };

        (await manager.PostAsync(waive, variables)).AssertError("PACKAGE_NOT_STARTED");
        var quiz = await LaunchAsync(learner, packageId, Cmi5Sample.QuizAu);
        (await stranger.PostAsync(waive, variables)).AssertError("FORBIDDEN");
        var waived = (await manager.QueryAsync(waive, variables))["waiveAssignableUnit"]!["assignableUnitWaiver"]!;
        Assert.Equal(quiz.Registration, waived["registration"]!.GetValue<string>());
        Assert.False(waived["courseSatisfied"]!.GetValue<bool>());
        (await manager.PostAsync(waive, variables)).AssertError("CONFLICT");

        var before = await XpAsync(learnerId);
        foreach (var (verb, result) in new[] { ("initialized", (JsonObject?)null), ("passed", Score(0.7, true)), ("completed", null), ("terminated", null) })
            Assert.Equal(HttpStatusCode.OK, await StateAsync(quiz, verb, result));
        Assert.Equal(before + 10, await XpAsync(learnerId));

        var store = Server.Services.GetRequiredService<IXapiStatementStore>();
        var statements = await store.Query(new XapiStatementQuery(null, "https://w3id.org/xapi/adl/verbs/waived", null, Guid.Parse(quiz.Registration),
            null, null, false, null, 10, null));
        var statement = JsonNode.Parse(Assert.Single(statements).Statement.Json)!;
        Assert.Equal("已持有一网通办业务培训合格证", statement["result"]!["extensions"]!["https://w3id.org/xapi/cmi5/result/extensions/reason"]!.GetValue<string>());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class Cmi5RulesTestsOnSqlite(SqliteServerFixture fixture) : Cmi5RulesTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class Cmi5RulesTestsOnPostgres(PostgresServerFixture fixture) : Cmi5RulesTests(fixture);
