using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Live;

/// <summary>Departments compete live: two learners of two departments earn XP over GraphQL while a third person watches.</summary>
public sealed class DepartmentBoardLiveTests
{
    [Fact]
    public async Task a_watcher_sees_the_department_board_change_as_learners_of_two_departments_earn_xp()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Leaderboards:MinActiveLearners=1");
        var admin = new Scenario(server.Client);
        var (roads, health) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var (wang, li) = (await admin.RegisterLearnerAsync(roads), await admin.RegisterLearnerAsync(health));
        var tokens = server.Services.GetRequiredServiceOf<LocalTokens>();

        await using var watcher = await WsClient.ConnectAsync(server.Address);
        await watcher.InitAsync(tokens.Issue(await admin.RegisterLearnerAsync(roads), [Roles.Learner]));
        await watcher.SubscribeAsync("departments", """
            subscription { leaderboardChanged(board: { kind: DEPARTMENTS, measure: TOTAL_XP }, window: THIS_WEEK) {
              version places { rank score entry { ... on DepartmentStanding { departmentId totalXp } } } } }
            """);

        // Recorded as the admin's import (a learner's own claims, and managers' statements, score nothing by default).
        (await admin.RecordActivityAsync(wang, "wang-1")).AssertNoErrors();                                     // roads 10
        (await admin.RecordActivityAsync(li, "li-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();     // health 20

        // Messages arrive at most every 500 ms; read them until the board shows both awards.
        var seen = new List<long>();
        Dictionary<string, (int Rank, int Xp)> board = [];
        while (board.GetValueOrDefault(roads).Xp != 10 || board.GetValueOrDefault(health).Xp != 20)
        {
            var message = await watcher.ReceiveAsync(TimeSpan.FromSeconds(15));
            Assert.Equal("next", message!["type"]!.GetValue<string>());
            var change = message["payload"]!["data"]!["leaderboardChanged"]!;
            seen.Add(change["version"]!.GetValue<long>());
            board = change["places"]!.AsArray().Where(p => p!["entry"]!["departmentId"] is not null)
                .ToDictionary(p => p!["entry"]!["departmentId"]!.GetValue<string>(), p => (p!["rank"]!.GetValue<int>(), p["entry"]!["totalXp"]!.GetValue<int>()));
        }
        Assert.True(board[health].Rank < board[roads].Rank, "20 XP ranks above 10 XP");
        Assert.Equal(seen.Order(), seen);   // versions only move forward
    }
}
