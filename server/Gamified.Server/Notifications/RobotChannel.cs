using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gamified.Common;
using Gamified.Notifications;

namespace Gamified.Server.Notifications;

/// <summary>
/// Posts to the configured WeCom and DingTalk group robots. Its own <see cref="HttpClient"/>, without the logging handlers of
/// the client factory: a webhook's address carries the robot's key, and must not reach a log.
/// </summary>
public sealed class RobotChannel(NotificationOptions options, IGrainFactory grains, TimeProvider clock) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public async Task Send(OutboxItem item, CancellationToken cancellationToken)
    {
        var mobiles = await Mobiles(item.Mentions);
        var text = RobotMessages.Text(item, options.PublicUrl);
        var (url, body) = item.Channel switch
        {
            DeliveryChannel.WeCom => (new Uri(options.WeCom.Webhook!), RobotMessages.WeCom(text, mobiles)),
            DeliveryChannel.DingTalk => (string.IsNullOrEmpty(options.DingTalk.Secret)
                ? new Uri(options.DingTalk.Webhook!)
                : RobotMessages.DingTalkSigned(options.DingTalk.Webhook!, options.DingTalk.Secret, clock.GetUtcNow().ToUnixTimeMilliseconds()),
                RobotMessages.DingTalk(text, mobiles)),
            _ => throw new InvalidOperationException($"{item.Channel} is not a robot."),
        };
        using var response = await _http.PostAsJsonAsync(url, body, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new RobotRefusedException($"{item.Channel} answered HTTP {(int)response.StatusCode}.");
        // Both answer 200 with errcode 0 when they took the message, and a non-zero errcode (bad key, wrong signature,
        // too many messages a minute) when they did not.
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        if (answer?["errcode"]?.GetValue<int>() is not 0)
            throw new RobotRefusedException($"{item.Channel} refused the message: errcode {answer?["errcode"]}, {answer?["errmsg"]}.");
    }

    /// <summary>The mobile numbers on the profiles of those to mention (active learners with one).</summary>
    private async Task<IReadOnlyList<string>> Mobiles(IReadOnlyList<string> learnerIds)
    {
        var mobiles = new List<string>();
        foreach (var id in learnerIds)
            if (await grains.Learner(id).Get() is { Profile: { Active: true, Phone: { Length: > 0 } phone } }) mobiles.Add(phone);
        return mobiles;
    }

    public void Dispose() => _http.Dispose();
}

public sealed class RobotRefusedException(string message) : Exception(message);
