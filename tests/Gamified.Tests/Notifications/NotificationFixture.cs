using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Notifications;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.People;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Notifications;

/// <summary>
/// One server (SQLite) sending e-mail to a test's SMTP sink and robot messages to a test's HTTP listener, draining its outbox
/// every 200 ms and retrying 200 ms after a failure. Shared by the notification tests.
/// </summary>
public sealed class NotificationFixture : IAsyncLifetime
{
    public const string DingTalkSecret = "SEC0123456789abcdef-test-secret";
    public const string From = "training@example.gov.cn";

    public SmtpSink Smtp { get; } = new();
    public RobotListener Robots { get; } = new();
    public GamifiedServer Server { get; private set; } = null!;

    public IGrainFactory Grains => Server.Services.GetRequiredService<IGrainFactory>();

    public static string[] Arguments(SmtpSink smtp, RobotListener robots) =>
    [
        "--Notifications:Smtp:Host=127.0.0.1", $"--Notifications:Smtp:Port={smtp.Port}", "--Notifications:Smtp:Tls=None",
        $"--Notifications:Smtp:From={From}",
        $"--Notifications:WeCom:Webhook={robots.Url("/wecom?key=test-key")}",
        $"--Notifications:DingTalk:Webhook={robots.Url("/dingtalk?access_token=test-token")}",
        $"--Notifications:DingTalk:Secret={DingTalkSecret}",
        "--Notifications:Delivery:PollInterval=00:00:00.200", "--Notifications:Delivery:RetryDelay=00:00:00.200",
        "--Notifications:PublicUrl=https://training.example.gov.cn",
    ];

    public async Task InitializeAsync() => Server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), Arguments(Smtp, Robots));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
        await Robots.DisposeAsync();
    }

    /// <summary>A learner listed by the staff import, so their profile has an e-mail address and a mobile number.</summary>
    public async Task<(string Id, string Email, GraphQLClient Client)> LearnerAsync(string department)
    {
        var id = StaffCsvs.Id("n");
        (await Server.Client.ImportAsync(StaffCsvs.Csv("工号,姓名,部门,角色,邮箱,手机", $"{id},李雷,{department},,{id}@example.gov.cn,1380000{Random.Shared.Next(1000, 9999)}"),
            dryRun: false)).Report();
        return (id, $"{id}@example.gov.cn", Server.ClientAs(id, [Roles.Learner], [department]));
    }

    public static NotificationDraft Draft(NotificationKind kind, string? title = null) =>
        new(Scenario.NewId("test"), kind, new LocalizedText(title ?? $"测试通知 {Guid.NewGuid():n}", "A test notice"),
            new LocalizedText("第二场工作坊改到周四下午。", "The second workshop moved to Thursday afternoon."), "/learner/plans");

    public const string Inbox = """
        query($first: Int, $after: String, $unreadOnly: Boolean) {
          notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
            unreadCount edges { cursor node { id kind title { zhCN en } body { zhCN } link createdAt readAt } } pageInfo { hasNextPage endCursor }
          }
        }
        """;

    public static async Task<JsonNode> InboxAsync(GraphQLClient client, bool unreadOnly = false) =>
        (await client.QueryAsync(Inbox, new { first = 20, unreadOnly }))["notifications"]!;

    public static Task<GraphQLResponse> MarkReadAsync(GraphQLClient client, string[]? ids = null, bool? all = null) => client.PostAsync(
        "mutation($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) { notificationsRead { marked unreadCount } userErrors { code message field } } }",
        new { ids, all });
}
