using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Notifications;

namespace Gamified.Server.Notifications;

/// <summary>
/// What the group robots accept (pure). Both take a JSON text message; WeCom (企业微信) names people to @-mention in
/// <c>text.mentioned_mobile_list</c>, DingTalk (钉钉) in <c>at.atMobiles</c> with the <c>@number</c> written in the text. A
/// DingTalk robot set to "加签" wants <c>timestamp</c> (Unix milliseconds) and <c>sign</c> on the URL: Base64 of HMAC-SHA256,
/// keyed by the secret, over the timestamp, a line feed and the secret, URL-encoded.
/// </summary>
public static class RobotMessages
{
    /// <summary>The message in Chinese (the groups' language), with the link made absolute when the public address is known.</summary>
    public static string Text(OutboxItem item, string? publicUrl)
    {
        var text = new StringBuilder().Append(item.Title.ZhCn).Append('\n').Append(item.Body.ZhCn);
        if (Link(item.Link, publicUrl) is { } link) text.Append('\n').Append(link);
        return text.ToString();
    }

    /// <summary>The link as a full address, or null without one of the two.</summary>
    public static string? Link(string? path, string? publicUrl) =>
        path is null || string.IsNullOrEmpty(publicUrl) ? null : publicUrl.TrimEnd('/') + "/#" + path;

    public static JsonObject WeCom(string text, IReadOnlyList<string> mobiles) => new()
    {
        ["msgtype"] = "text",
        ["text"] = new JsonObject
        {
            ["content"] = text,
            ["mentioned_mobile_list"] = new JsonArray([.. mobiles.Select(m => (JsonNode)m)]),
        },
    };

    public static JsonObject DingTalk(string text, IReadOnlyList<string> mobiles) => new()
    {
        ["msgtype"] = "text",
        ["text"] = new JsonObject
        {
            ["content"] = mobiles.Count == 0 ? text : text + "\n" + string.Join(' ', mobiles.Select(m => "@" + m)),
        },
        ["at"] = new JsonObject
        {
            ["atMobiles"] = new JsonArray([.. mobiles.Select(m => (JsonNode)m)]),
            ["isAtAll"] = false,
        },
    };

    public static string DingTalkSign(long timestampMilliseconds, string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{timestampMilliseconds}\n{secret}")));
    }

    /// <summary>The webhook with <c>timestamp</c> and <c>sign</c> added.</summary>
    public static Uri DingTalkSigned(string webhook, string secret, long timestampMilliseconds) =>
        new(webhook + (webhook.Contains('?') ? "&" : "?") + $"timestamp={timestampMilliseconds}&sign="
            + Uri.EscapeDataString(DingTalkSign(timestampMilliseconds, secret)));
}
