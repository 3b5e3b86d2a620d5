using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>Departments, learners, managers and the GraphQL calls of training plans, sessions and brainstorms.</summary>
public sealed class PlanScenario(PlanFixture fixture)
{
    public GamifiedServer Server => fixture.Server;
    public Scenario Admin => new(fixture.Server.Client);
    public DateTimeOffset Now => fixture.Clock.GetUtcNow();

    public string NewPlanId() => Scenario.NewId("plan");

    public GraphQLClient Manager(params string[] departments) =>
        fixture.Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], departments);

    public async Task<(string Id, GraphQLClient Client)> LearnerAsync(string department)
    {
        var id = await Admin.RegisterLearnerAsync(department);
        return (id, fixture.Server.ClientAs(id, [Roles.Learner], [department]));
    }

    public static object Workshop(string id, DateTimeOffset startsAt, int capacity = 30, string? hostId = null) => new
    {
        id, kind = "WORKSHOP", capacity, hostId, startsAt, endsAt = startsAt.AddHours(2), location = "市政务服务中心 3 楼会议室",
        titles = new { zhCN = "数据共享工作坊", en = "Data-sharing workshop" },
    };

    public static Task<GraphQLResponse> CreatePlanAsync(GraphQLClient manager, string id, string[] departments, string[] packages,
        DateTimeOffset deadline, object[]? sessions = null, bool required = true) => manager.PostAsync("""
        mutation($input: CreateTrainingPlanInput!) {
          createTrainingPlan(input: $input) { trainingPlan {
            id departmentIds packageIds deadline required createdBy goals { zhCN en }
            sessions { id kind capacity placesLeft registeredCount attendedCount isCheckInOpen }
          } userErrors { code message field } }
        }
        """, new
    {
        input = new
        {
            id, departmentIds = departments, packageIds = packages, deadline, required, sessions,
            titles = new { zhCN = "2026 年数据共享专项培训", en = "2026 data-sharing training" },
            goals = new[]
            {
                new { zhCN = "掌握证明材料共享的授权流程", en = "Know the consent flow for sharing certificates" },
                new { zhCN = "每个科室至少提出一项流程改进", en = "Each office proposes at least one process improvement" },
            },
        },
    });

    /// <summary>Opens both lessons and passes the post-test: the package's moveOn rule completes it. <paramref name="onLesson"/>
    /// runs while each lesson is open (to let time pass on it).</summary>
    public static async Task TakePackageAsync(GraphQLClient learner, string packageId, Action? onLesson = null)
    {
        await ContentScenario.StartAsync(learner, packageId);
        foreach (var lesson in new[] { "welcome", "case" })
        {
            await ContentScenario.LessonAsync(learner, packageId, lesson);
            onLesson?.Invoke();
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

    public static async Task<JsonNode> RegisterAsync(GraphQLClient learner, string planId, string sessionId) =>
        (await learner.QueryAsync("""
            mutation($input: SessionRefInput!) { registerForSession(input: $input) { sessionSeat { sessionId learnerId registeredAt attended waitingPosition } userErrors { code message field } } }
            """, new { input = new { planId, sessionId } }))["registerForSession"]!["sessionSeat"]!;

    public static Task<GraphQLResponse> CodeAsync(GraphQLClient host, string planId, string sessionId) => host.PostAsync("""
        query($p: ID!, $s: ID!) { sessionCheckInCode(planId: $p, sessionId: $s) { sessionId code shownFrom rotatesAt expiresAt } }
        """, new { p = planId, s = sessionId });

    public static async Task<string> CodeOfAsync(GraphQLClient host, string planId, string sessionId) =>
        (await CodeAsync(host, planId, sessionId)).AssertNoErrors().Data!["sessionCheckInCode"]!["code"]!.GetValue<string>();

    public static Task<GraphQLResponse> CheckInAsync(GraphQLClient learner, string planId, string sessionId, string code) =>
        learner.PostAsync("""
            mutation($input: CheckInInput!) { checkIn(input: $input) { checkInResult { xpAwarded seat { sessionId checkedInAt attended } } userErrors { code message field } } }
            """, new { input = new { planId, sessionId, code } });

    public static async Task<List<JsonNode>> RosterAsync(GraphQLClient reader, string planId, string sessionId) =>
        (await reader.QueryAsync("""
            query($p: ID!, $s: ID!) { sessionRoster(planId: $p, sessionId: $s) { entries {
              learnerId departmentId status registeredAt waitingPosition checkedInAt method checkedInBy reason cancelledAt } } }
            """, new { p = planId, s = sessionId }))["sessionRoster"]!["entries"]!.AsArray().Select(n => n!).ToList();

    public async Task<int> XpAsync(string learnerId) => (await Admin.LearnerAsync(learnerId))["xp"]!.GetValue<int>();
}
