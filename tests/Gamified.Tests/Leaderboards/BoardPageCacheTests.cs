using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Leaderboards;

/// <summary>The first page of a board is shared by its readers until the boards move or someone's appearance changes: with a
/// page kept for a whole minute, a new award and a hidden name still show at once (through Redis too), and each reader still
/// sees only themselves as "me".</summary>
public sealed class BoardPageCacheTests
{
    private const string Top = "query($d: ID) { learnerLeaderboard(departmentId: $d, first: 10) { totalCount edges { node { score isMe name } } } }";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_shared_first_page_gives_way_as_soon_as_the_boards_move_and_marks_only_its_reader(bool redis)
    {
        string[] options = redis
            ? ["--Leaderboards:PageCacheTime=00:01:00", $"--Leaderboards:Redis={TestRedis.Endpoint}", $"--Leaderboards:RedisKeyPrefix=pages-{Guid.NewGuid():n}:"]
            : ["--Leaderboards:PageCacheTime=00:01:00"];
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), options);
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (first, second) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        (await admin.RecordActivityAsync(first, "one", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        (await admin.RecordActivityAsync(second, "two")).AssertNoErrors();
        await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 2);

        // Both read the same page; each is "me" on their own row only.
        var asFirst = await server.ClientAs(first, [Roles.Learner]).QueryAsync(Top, new { d = department });
        var asSecond = await server.ClientAs(second, [Roles.Learner]).QueryAsync(Top, new { d = department });
        Assert.Equal([true, false], Mine(asFirst));
        Assert.Equal([false, true], Mine(asSecond));

        // A new award moves the boards: the page kept for a minute gives way well before that.
        (await admin.RecordActivityAsync(second, "three", verb: "PASSED", objectKind: "QUIZ", objectId: "q2")).AssertNoErrors();
        var moved = await Poll.Until(() => server.ClientAs(second, [Roles.Learner]).QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["edges"]![0]!["node"]!["score"]!.GetValue<int>() == 30);
        Assert.Equal([true, false], Mine(moved));

        // Hiding one's name does not move the boards; the learner grain's word drops the kept page all the same.
        (await server.ClientAs(first, [Roles.Learner]).PostAsync(
            "mutation { setMyVisibility(visibility: HIDDEN) { learner { visibility } userErrors { code } } }", new { })).AssertNoErrors();
        await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["edges"]![1]!["node"]!["name"]!.GetValue<string>() == "匿名学员");
    }

    private static bool[] Mine(System.Text.Json.Nodes.JsonNode board) =>
        board["learnerLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!["isMe"]!.GetValue<bool>()).ToArray();
}
