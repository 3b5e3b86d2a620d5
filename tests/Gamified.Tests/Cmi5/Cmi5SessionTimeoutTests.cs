using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Gamified.Api.Security;
using Gamified.Cmi5;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Gamified.Xapi;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Cmi5;

/// <summary>
/// cmi5 9.3.6 without a new launch: a session initialized and not terminated within Cmi5:SessionTimeout gets abandoned from
/// the server (an Orleans reminder on the session grain), once. Each storage keeps its own reminders, so both are run, on a
/// server of their own with a timeout of two seconds.
/// </summary>
public abstract class Cmi5SessionTimeoutTests
{
    protected abstract Task<ServerStorage> StorageAsync();

    private const string Abandoned = "https://w3id.org/xapi/adl/verbs/abandoned";

    private sealed record Launch(Guid SessionId, string Token, string Registration, JsonNode Actor, string ActivityId);

    private static async Task<Launch> LaunchAsync(GamifiedServer server, GraphQLClient learner, string packageId, string auId)
    {
        var launch = (await learner.QueryAsync("""
            mutation($p: ID!, $au: ID!) { launchAssignableUnit(packageId: $p, auId: $au) { assignableUnitLaunch { url sessionId } } }
            """, new { p = packageId, au = auId }))["launchAssignableUnit"]!["assignableUnitLaunch"]!;
        var query = HttpUtility.ParseQueryString(new Uri(launch["url"]!.GetValue<string>()).Query);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var fetched = await http.PostAsync(query["fetch"], null);
        return new Launch(Guid.Parse(launch["sessionId"]!.GetValue<string>()),
            JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!["auth-token"]!.GetValue<string>(),
            query["registration"]!, JsonNode.Parse(query["actor"]!)!, query["activityId"]!);
    }

    private static async Task<HttpStatusCode> StateAsync(GamifiedServer server, Launch launch, string verb)
    {
        var statement = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["actor"] = launch.Actor.DeepClone(),
            ["verb"] = new JsonObject { ["id"] = $"http://adlnet.gov/expapi/verbs/{verb}" },
            ["object"] = new JsonObject { ["id"] = launch.ActivityId },
            ["context"] = new JsonObject { ["registration"] = launch.Registration },
        };
        using var http = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements")
        {
            Content = new StringContent(statement.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", launch.Token);
        using var answer = await http.SendAsync(request);
        return answer.StatusCode;
    }

    private static async Task<List<XapiStatementRow>> AbandonedAsync(GamifiedServer server, string registration) =>
        (await server.Services.GetRequiredService<IXapiStatementStore>().Query(
            new XapiStatementQuery(null, Abandoned, null, Guid.Parse(registration), null, null, true, null, 50, null))).ToList();

    [Fact]
    public async Task a_session_left_without_terminated_is_abandoned_by_its_timeout_once_and_takes_nothing_more()
    {
        await using var server = await GamifiedServer.StartAsync(await StorageAsync(), "--Cmi5:SessionTimeout=00:00:02");
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (_, learner) = await new ContentScenario(server).NewLearnerAsync();

        // Left mid-way: initialized, never terminated. The quiz is launched and never initialized, so it has nothing to abandon.
        var reading = await LaunchAsync(server, learner, packageId, Cmi5Sample.ReadingAu);
        Assert.Equal(HttpStatusCode.OK, await StateAsync(server, reading, "initialized"));
        var quiz = await LaunchAsync(server, learner, packageId, Cmi5Sample.QuizAu);

        // The reminder fires on its own; wait for what it states (a bound for a stuck run, not a claim about speed).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var abandoned = await AbandonedAsync(server, reading.Registration);
        while (abandoned.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            abandoned = await AbandonedAsync(server, reading.Registration);
        }

        var statement = Assert.Single(abandoned);
        Assert.Equal(ICmi5AbandonedStatements.AbandonedStatementId(reading.SessionId), statement.Statement.Id);
        Assert.Equal(Cmi5Sample.ReadingAu, statement.Statement.ActivityId);
        Assert.Equal("SERVER", statement.Statement.Attestation);
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(server, reading, "terminated"));

        // Stated again (a node that crashed after stating and before marking, or a second node) and a new launch that finds
        // the session: still one abandoned statement.
        var session = new Cmi5Session(reading.SessionId, reading.Actor["account"]!["name"]!.GetValue<string>(), packageId, "1.0.0",
            Cmi5Sample.ReadingAu, Guid.Parse(reading.Registration), DateTimeOffset.UtcNow, "Completed", null);
        await server.Services.GetRequiredService<ICmi5AbandonedStatements>().State(session);
        var sessions = server.Services.GetRequiredService<IGrainFactory>();
        Assert.Null(await sessions.GetGrain<ICmi5SessionGrain>(reading.SessionId).Abandon());
        await LaunchAsync(server, learner, packageId, Cmi5Sample.ReadingAu);
        // Whether its own timeout ended it already or this call does, the quiz session states nothing.
        Assert.Null(await sessions.GetGrain<ICmi5SessionGrain>(quiz.SessionId).Abandon());
        Assert.Equal(HttpStatusCode.Forbidden, await StateAsync(server, quiz, "initialized"));
        Assert.Single(await AbandonedAsync(server, reading.Registration));
    }
}

public sealed class Cmi5SessionTimeoutTestsOnSqlite : Cmi5SessionTimeoutTests
{
    protected override Task<ServerStorage> StorageAsync() => Task.FromResult(ServerStorage.NewSqlite());
}

public sealed class Cmi5SessionTimeoutTestsOnPostgres : Cmi5SessionTimeoutTests
{
    protected override Task<ServerStorage> StorageAsync() => ServerStorage.NewPostgresAsync();
}
