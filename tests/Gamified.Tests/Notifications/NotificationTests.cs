using System.Security.Cryptography;
using System.Text;
using System.Web;
using Gamified.Api.Security;
using Gamified.Notifications;
using Gamified.Server.Notifications;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Notifications;

public sealed class NotificationTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>
{
    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);
    private OutboxSender Sender => Server.Services.GetRequiredService<OutboxSender>();

    [Fact]
    public async Task the_same_key_sent_again_and_at_once_stores_one_inbox_row_and_one_email_however_often_the_sender_runs()
    {
        var department = await Admin.CreateDepartmentAsync();
        var (id, email, learner) = await fixture.LearnerAsync(department);
        var (colleague, colleagueEmail, _) = await fixture.LearnerAsync(department);
        var draft = NotificationFixture.Draft(NotificationKind.WaitlistPlaceFreed);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => fixture.Grains.Notifications().Send([id, colleague, id], draft)));
        await fixture.Grains.Notifications().Send([id], draft);
        // Two more senders beside the background loop, as two nodes would drain the outbox.
        await Task.WhenAll(Sender.DrainOnce(default), Sender.DrainOnce(default));
        await Poll.Until(() => Task.FromResult(fixture.Smtp.To(email).Count > 0 && fixture.Smtp.To(colleagueEmail).Count > 0),
            "both e-mails arrive at the sink");
        await Task.WhenAll(Sender.DrainOnce(default), Sender.DrainOnce(default));

        var inbox = await NotificationFixture.InboxAsync(learner);
        var entry = Assert.Single(inbox["edges"]!.AsArray())!["node"]!;
        Assert.Equal(1, inbox["unreadCount"]!.GetValue<int>());
        Assert.Equal("WAITLIST_PLACE_FREED", entry["kind"]!.GetValue<string>());
        Assert.Equal(draft.Title.ZhCn, entry["title"]!["zhCN"]!.GetValue<string>());

        Assert.Single(fixture.Smtp.To(colleagueEmail));
        var mail = Assert.Single(fixture.Smtp.To(email));
        Assert.Equal(draft.Title.ZhCn, mail.Subject);
        Assert.Equal(NotificationFixture.From, mail.From.Mailboxes.Single().Address);
        Assert.Contains(draft.Body.ZhCn, mail.TextBody);
        Assert.Contains("https://training.example.gov.cn/#/learner/plans", mail.TextBody);
    }

    [Fact]
    public async Task a_delivery_the_mail_server_refuses_once_is_retried_and_arrives_once()
    {
        var (id, email, _) = await fixture.LearnerAsync(await Admin.CreateDepartmentAsync());
        var mark = Server.Log.Mark;
        fixture.Smtp.RefuseNext();

        await fixture.Grains.Notifications().Send([id], NotificationFixture.Draft(NotificationKind.AwardRevoked));
        await Poll.Until(() => Task.FromResult(fixture.Smtp.To(email).Count > 0), "the retried e-mail arrives");
        await Task.WhenAll(Sender.DrainOnce(default), Sender.DrainOnce(default));

        Assert.Single(fixture.Smtp.To(email));
        Assert.Contains(Server.Log.Since(mark), line => line.Message.Contains("failed (attempt 1 of", StringComparison.Ordinal)
                                                        && line.Message.Contains("451", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_department_event_reaches_each_robot_once_in_its_format_mentioning_who_asked_and_a_personal_one_never_does()
    {
        var department = await Admin.CreateDepartmentAsync();
        var (mentioned, _, mentionedClient) = await fixture.LearnerAsync(department);
        var (quiet, _, _) = await fixture.LearnerAsync(department);
        (await mentionedClient.PostAsync("""
            mutation($input: SetNotificationPreferencesInput!) { setNotificationPreferences(input: $input) { preferences { kind email robot robotApplies } userErrors { code field } } }
            """, new { input = new { preferences = new[] { new { kind = "SESSION_CHANGED", email = false, robot = true } } } })).AssertNoErrors();
        var phone = (await Server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { phone } }", new { id = mentioned }))["learner"]!["phone"]!.GetValue<string>();

        var moved = NotificationFixture.Draft(NotificationKind.SessionChanged);
        await fixture.Grains.Notifications().Send([mentioned, quiet], moved);
        await Task.WhenAll(Sender.DrainOnce(default), Sender.DrainOnce(default));
        await Poll.Until(() => Task.FromResult(fixture.Robots.At("/wecom", moved.Title.ZhCn).Count > 0 && fixture.Robots.At("/dingtalk", moved.Title.ZhCn).Count > 0),
            "both robots post the session change");
        await Task.WhenAll(Sender.DrainOnce(default), Sender.DrainOnce(default));

        var wecom = Assert.Single(fixture.Robots.At("/wecom", moved.Title.ZhCn)).Body;
        Assert.Equal("text", wecom["msgtype"]!.GetValue<string>());
        Assert.StartsWith(moved.Title.ZhCn + "\n" + moved.Body.ZhCn, wecom["text"]!["content"]!.GetValue<string>());
        Assert.Equal([phone], wecom["text"]!["mentioned_mobile_list"]!.AsArray().Select(m => m!.GetValue<string>()));

        var (url, dingtalk) = Assert.Single(fixture.Robots.At("/dingtalk", moved.Title.ZhCn));
        Assert.Equal("text", dingtalk["msgtype"]!.GetValue<string>());
        Assert.Contains("@" + phone, dingtalk["text"]!["content"]!.GetValue<string>());
        Assert.Equal([phone], dingtalk["at"]!["atMobiles"]!.AsArray().Select(m => m!.GetValue<string>()));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("test-token", query["access_token"]);
        var timestamp = query["timestamp"]!;
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotificationFixture.DingTalkSecret),
            Encoding.UTF8.GetBytes(timestamp + "\n" + NotificationFixture.DingTalkSecret)));
        Assert.Equal(expected, query["sign"]);

        // A badge is one person's news: e-mail and inbox, never the group.
        var (learner, email, _) = await fixture.LearnerAsync(department);
        var badge = NotificationFixture.Draft(NotificationKind.BadgeEarned);
        await fixture.Grains.Notifications().Send([learner], badge);
        await Poll.Until(() => Task.FromResult(fixture.Smtp.To(email).Count > 0), "the badge e-mail arrives");
        await Sender.DrainOnce(default);
        Assert.Empty(fixture.Robots.At("*", badge.Title.ZhCn));
    }

    [Fact]
    public async Task preferences_default_to_email_and_refuse_a_robot_for_a_personal_kind()
    {
        var (_, _, learner) = await fixture.LearnerAsync(await Admin.CreateDepartmentAsync());
        var preferences = (await learner.QueryAsync("{ notificationPreferences { kind inApp email robot robotApplies } }"))["notificationPreferences"]!.AsArray();
        Assert.Equal(Enum.GetValues<NotificationKind>().Length, preferences.Count);
        Assert.All(preferences, p => Assert.True(p!["inApp"]!.GetValue<bool>() && p["email"]!.GetValue<bool>() && !p["robot"]!.GetValue<bool>()));

        (await learner.PostAsync("""
            mutation($input: SetNotificationPreferencesInput!) { setNotificationPreferences(input: $input) { preferences { kind } userErrors { code field } } }
            """, new { input = new { preferences = new[] { new { kind = "AWARD_REVOKED", email = true, robot = true } } } })).AssertUserError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task another_persons_notifications_are_never_visible_or_markable()
    {
        var department = await Admin.CreateDepartmentAsync();
        var (mine, _, me) = await fixture.LearnerAsync(department);
        var (theirs, _, them) = await fixture.LearnerAsync(department);
        await fixture.Grains.Notifications().Send([mine], NotificationFixture.Draft(NotificationKind.PlanOverdue, "我的通知"));
        await fixture.Grains.Notifications().Send([theirs], NotificationFixture.Draft(NotificationKind.PlanOverdue, "他人的通知"));
        var myId = (await NotificationFixture.InboxAsync(me))["edges"]![0]!["node"]!["id"]!.GetValue<string>();

        var seen = await NotificationFixture.InboxAsync(them);
        Assert.Equal(["他人的通知"], seen["edges"]!.AsArray().Select(e => e!["node"]!["title"]!["zhCN"]!.GetValue<string>()));
        var marked = (await NotificationFixture.MarkReadAsync(them, ids: [myId])).AssertNoErrors().Data!["markNotificationsRead"]!["notificationsRead"]!;
        Assert.Equal(0, marked["marked"]!.GetValue<int>());
        (await NotificationFixture.MarkReadAsync(them, all: true)).AssertNoErrors();
        Assert.Equal(1, (await NotificationFixture.InboxAsync(me))["unreadCount"]!.GetValue<int>());

        var mineMarked = (await NotificationFixture.MarkReadAsync(me, ids: [myId])).AssertNoErrors().Data!["markNotificationsRead"]!["notificationsRead"]!;
        Assert.Equal((1, 0), (mineMarked["marked"]!.GetValue<int>(), mineMarked["unreadCount"]!.GetValue<int>()));
        Assert.Empty((await NotificationFixture.InboxAsync(me, unreadOnly: true))["edges"]!.AsArray());
        (await NotificationFixture.MarkReadAsync(me, ids: [myId], all: true)).AssertUserError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task a_learner_hears_of_a_badge_over_the_websocket_and_finds_it_in_the_inbox()
    {
        var department = await Admin.CreateDepartmentAsync();
        var (learner, _, client) = await fixture.LearnerAsync(department);
        await client.QueryAsync("{ learner(id: \"" + learner + "\") { id } }");
        await using var socket = await WsClient.ConnectAsync(Server.Address);
        await socket.InitAsync(Server.Services.GetRequiredServiceOf<LocalTokens>().Issue(learner, [Roles.Learner], [department]));
        await socket.SubscribeAsync("n", "subscription { notificationReceived { id kind title { zhCN en } link } }");

        (await Server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "notice-star", reason = "培训周表现突出" } })).AssertNoErrors();

        var heard = (await socket.ReceiveAsync())!["payload"]!["data"]!["notificationReceived"]!;
        Assert.Equal("BADGE_EARNED", heard["kind"]!.GetValue<string>());
        Assert.Contains("notice-star", heard["title"]!["zhCN"]!.GetValue<string>());
        var stored = (await NotificationFixture.InboxAsync(client))["edges"]![0]!["node"]!;
        Assert.Equal(heard["id"]!.GetValue<string>(), stored["id"]!.GetValue<string>());
    }
}
