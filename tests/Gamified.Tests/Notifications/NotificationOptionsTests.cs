using Gamified.Notifications;

namespace Gamified.Tests.Notifications;

[Trait("Category", "Unit")]
public sealed class NotificationOptionsTests
{
    [Fact]
    public void nothing_configured_is_fine_and_sends_nothing_outside()
    {
        var options = new NotificationOptions();
        Assert.Null(options.Problem());
        Assert.Equal((false, 0), (options.Deliveries.Email, options.Deliveries.Robots.Count));
    }

    [Fact]
    public void a_webhook_over_plain_http_to_another_machine_is_refused_without_repeating_its_key()
    {
        var options = new NotificationOptions { DingTalk = { Webhook = "http://oapi.dingtalk.com/robot/send?access_token=secret-token" } };
        var problem = options.Problem();
        Assert.Equal("DingTalk:Webhook is an https address (http only to this machine).", problem);
        Assert.DoesNotContain("secret-token", problem);
    }

    [Theory]
    [InlineData(null, "Smtp:From is an e-mail address when Smtp:Host is set.")]
    [InlineData("not an address", "Smtp:From is an e-mail address when Smtp:Host is set.")]
    public void smtp_needs_a_sender_address(string? from, string expected) =>
        Assert.Equal(expected, new NotificationOptions { Smtp = { Host = "smtp.example.gov.cn", From = from } }.Problem());

    [Fact]
    public void a_lease_shorter_than_a_minute_is_refused_since_one_send_may_take_thirty_seconds() =>
        Assert.Equal("Delivery: Lease is at least a minute (one delivery may take 30 s).",
            new NotificationOptions { Delivery = { Lease = TimeSpan.FromSeconds(20) } }.Problem());

    [Fact]
    public void a_user_without_a_password_is_refused_and_configured_channels_are_the_deliveries()
    {
        Assert.Equal("Smtp:Password is required with Smtp:User.",
            new NotificationOptions { Smtp = { Host = "smtp.example.gov.cn", From = "training@example.gov.cn", User = "training" } }.Problem());
        var both = new NotificationOptions
        {
            Smtp = { Host = "smtp.example.gov.cn", From = "training@example.gov.cn" },
            WeCom = { Webhook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" },
        };
        Assert.Null(both.Problem());
        Assert.True(both.Deliveries.Email);
        Assert.Equal([DeliveryChannel.WeCom], both.Deliveries.Robots);
    }
}
