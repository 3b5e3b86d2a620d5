using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

/// <summary>What a learner's own page shows and changes: the privacy choice, the streak of active days, badge names.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class LearnerProfileTests(SqliteServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private const string SetVisibility = "mutation($v: PublicVisibility!) { setMyVisibility(visibility: $v) { learner { id visibility pseudonym displayName } userErrors { code message field } } }";

    private const string Board = """
        query($department: ID) { learnerLeaderboard(departmentId: $department) { edges { node { name departmentId isMe score } } } }
        """;

    [Fact]
    public async Task a_learner_who_chooses_to_be_hidden_is_shown_on_the_board_as_an_anonymous_learner_without_department()
    {
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var id = await admin.RegisterLearnerAsync(department, displayName: "周明");
        var me = Server.ClientAs(id, [Roles.Learner], [department]);
        (await admin.RecordActivityAsync(id, "visible-1")).AssertNoErrors();
        var colleague = Server.ClientAs(await admin.RegisterLearnerAsync(department), [Roles.Learner], [department]);
        async Task<JsonNode> Row(GraphQLClient client) => (await Poll.Until(() => client.QueryAsync(Board, new { department }),
            b => b["learnerLeaderboard"]!["edges"]!.AsArray().Count == 1))["learnerLeaderboard"]!["edges"]![0]!["node"]!;

        var pseudonym = (await me.QueryAsync(SetVisibility, new { v = "REAL_NAME" }))["setMyVisibility"]!["learner"]!["pseudonym"]!.GetValue<string>();
        Assert.Equal(("周明", department), ((await Row(colleague))["name"]!.GetValue<string>(), (await Row(colleague))["departmentId"]!.GetValue<string>()));

        var hidden = (await me.QueryAsync(SetVisibility, new { v = "HIDDEN" }))["setMyVisibility"]!["learner"]!;
        Assert.Equal("HIDDEN", hidden["visibility"]!.GetValue<string>());
        var row = await Row(colleague);
        Assert.Equal("匿名学员", row["name"]!.GetValue<string>());
        Assert.Null(row["departmentId"]);
        Assert.Equal(10, row["score"]!.GetValue<int>());
        Assert.True((await Row(me))["isMe"]!.GetValue<bool>());   // the learner still finds themselves

        Assert.Equal(pseudonym, (await me.QueryAsync(SetVisibility, new { v = "PSEUDONYM" }))["setMyVisibility"]!["learner"]!["pseudonym"]!.GetValue<string>());
        Assert.Equal(pseudonym, (await Row(colleague))["name"]!.GetValue<string>());   // the same pseudonym as before

        var audit = (await Server.Client.QueryAsync("{ auditLog(first: 100) { edges { node { actor action outcome details } } } }"))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]).ToList();
        var mine = audit.Where(e => e!["actor"]!.GetValue<string>() == id && e["action"]!.GetValue<string>() == "setMyVisibility").ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, e => Assert.Equal("OK", e!["outcome"]!.GetValue<string>()));
        Assert.All(mine, e => Assert.Contains("visibility", e!["details"]!.GetValue<string>()));
    }

    [Fact]
    public async Task only_a_registered_learner_changes_their_own_visibility()
    {
        var stranger = Server.ClientAs(Scenario.NewId("nobody"), [Roles.Learner]);
        (await stranger.PostAsync(SetVisibility, new { v = "HIDDEN" })).AssertError("NOT_FOUND");
        (await Server.ClientAs("manager-x", [Roles.Manager], ["d"]).PostAsync(SetVisibility, new { v = "HIDDEN" })).AssertError("FORBIDDEN");
        (await stranger.PostAsync(SetVisibility, new { v = "EVERYONE" })).AssertError("INVALID_VALUE");   // refused by the schema, before the grain
    }

    [Fact]
    public async Task the_streak_counts_consecutive_active_days_in_the_rewards_calendar()
    {
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var id = await admin.RegisterLearnerAsync(department);
        Task Active(string key, DateTimeOffset? at) => ActiveAsync(id, key, at);
        async Task<JsonNode> Streak() => (await Server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { streak { current longest lastActiveDay } } }",
            new { id }))["learner"]!["streak"]!;

        Assert.Equal((0, 0), ((await Streak())["current"]!.GetValue<int>(), (await Streak())["longest"]!.GetValue<int>()));
        Assert.Null((await Streak())["lastActiveDay"]);

        // A run of four days a week ago (two statements on one of them), then yesterday and the day before.
        foreach (var daysAgo in new[] { 9, 8, 7, 6 }) await Active($"old-{daysAgo}", At(daysAgo, 12));
        await Active("old-7b", At(7, 20));
        await Active("two-days-ago", At(2, 0, 30));   // 16:30 UTC the day before: the Shanghai calendar decides
        await Active("yesterday", At(1, 23, 50));

        var alive = await Streak();
        Assert.Equal(2, alive["current"]!.GetValue<int>());   // today is not over: the streak is still alive
        Assert.Equal(4, alive["longest"]!.GetValue<int>());
        Assert.Equal(Today.AddDays(-1).ToString("yyyy-MM-dd"), alive["lastActiveDay"]!.GetValue<string>());

        await Active("today", null);
        var extended = await Streak();
        Assert.Equal((3, 4), (extended["current"]!.GetValue<int>(), extended["longest"]!.GetValue<int>()));
        Assert.Equal(Today.ToString("yyyy-MM-dd"), extended["lastActiveDay"]!.GetValue<string>());

        var old = await admin.RegisterLearnerAsync(department);
        await ActiveAsync(old, "long-ago", At(3, 12));
        var broken = (await Server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { streak { current longest } } }", new { id = old }))["learner"]!["streak"]!;
        Assert.Equal((0, 1), (broken["current"]!.GetValue<int>(), broken["longest"]!.GetValue<int>()));
    }

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Zone).DateTime);

    /// <summary>A time on a day of the Shanghai calendar, <paramref name="daysAgo"/> days before today.</summary>
    private static DateTimeOffset At(int daysAgo, int hour, int minute = 0) =>
        new(Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, minute)), Zone.BaseUtcOffset);

    private async Task ActiveAsync(string learnerId, string key, DateTimeOffset? at) => (await Server.Client.PostAsync("""
        mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { activityId } userErrors { code message field } } }
        """, new { input = new { learnerId, idempotencyKey = key, verb = "ANSWERED", @object = new { id = key, kind = "QUIZ" }, timestamp = at } }))
        .AssertNoErrors();

    [Fact]
    public async Task a_badge_is_shown_with_the_names_its_scheme_gave_it()
    {
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var id = await admin.RegisterLearnerAsync(department);
        var manager = Server.ClientAs("manager-badges", [Roles.Manager], [department]);
        foreach (var (badge, reason) in new[] { ("perfect-score", "课堂表现优秀"), ("helpful-colleague", "主动帮助同事") })
            await manager.QueryAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
                new { input = new { learnerId = id, badgeId = badge, reason } });
        await ActiveAsync(id, "day-2", At(2, 12));
        await ActiveAsync(id, "day-1", At(1, 12));
        await ActiveAsync(id, "day-0", null);   // the third day in a row: the default scheme's streak badge, bronze

        var badges = (await Server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { badges { badgeId names { zhCN en } description { zhCN } tier } } }",
            new { id }))["learner"]!["badges"]!.AsArray().ToDictionary(b => b!["badgeId"]!.GetValue<string>());
        Assert.Equal(("满分答卷", "Perfect score"), (badges["perfect-score"]!["names"]!["zhCN"]!.GetValue<string>(), badges["perfect-score"]!["names"]!["en"]!.GetValue<string>()));
        Assert.Null(badges["perfect-score"]!["tier"]);
        Assert.Equal(("坚持学习", "bronze"), (badges["streak.bronze"]!["names"]!["zhCN"]!.GetValue<string>(), badges["streak.bronze"]!["tier"]!.GetValue<string>()));
        Assert.Equal("连续多天参加学习活动。", badges["streak.bronze"]!["description"]!["zhCN"]!.GetValue<string>());
        Assert.Null(badges["helpful-colleague"]!["names"]);   // given by hand, defined by no scheme
        Assert.Null(badges["helpful-colleague"]!["description"]);
    }
}
