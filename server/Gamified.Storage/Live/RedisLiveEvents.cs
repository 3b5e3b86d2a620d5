using System.Text.Json;
using Gamified.Live;
using StackExchange.Redis;

namespace Gamified.Storage.Live;

/// <summary>
/// Fans events out to every node: publishing goes to a Redis channel, and every node (this one included)
/// feeds what arrives on it into its own local hub, so each event is heard once everywhere.
/// </summary>
public sealed class RedisLiveEvents : ILiveEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisChannel _channel;

    public RedisLiveEvents(IConnectionMultiplexer redis, ILiveEvents local, string channel)
    {
        _redis = redis;
        _channel = RedisChannel.Literal(channel);
        redis.GetSubscriber().Subscribe(_channel, (_, message) =>
        {
            try
            {
                var envelope = JsonSerializer.Deserialize<Envelope>((string)message!, Json)!;
                switch (envelope.Kind)
                {
                    case "badge": local.Publish(envelope.Payload.Deserialize<BadgeAwardedEvent>(Json)!); break;
                    case "level": local.Publish(envelope.Payload.Deserialize<LevelUpEvent>(Json)!); break;
                    case "boards": local.Publish(envelope.Payload.Deserialize<BoardsMovedEvent>(Json)!); break;
                    case "revoked": local.Publish(envelope.Payload.Deserialize<AwardRevokedEvent>(Json)!); break;
                    case "shown": local.Publish(envelope.Payload.Deserialize<LearnerShownEvent>(Json)!); break;
                    case "notification": local.Publish(envelope.Payload.Deserialize<NotificationReceivedEvent>(Json)!); break;
                }
            }
            catch (JsonException)
            {
                // Not one of ours: ignore it.
            }
        });
    }

    public void Publish(BadgeAwardedEvent e) => Send("badge", e);
    public void Publish(LevelUpEvent e) => Send("level", e);
    public void Publish(BoardsMovedEvent e) => Send("boards", e);
    public void Publish(AwardRevokedEvent e) => Send("revoked", e);
    public void Publish(LearnerShownEvent e) => Send("shown", e);
    public void Publish(NotificationReceivedEvent e) => Send("notification", e);

    // Fire and forget: live updates are best-effort, the ledger and boards are the record.
    private void Send<T>(string kind, T payload) =>
        _redis.GetSubscriber().Publish(_channel, JsonSerializer.Serialize(new Envelope(kind, JsonSerializer.SerializeToElement(payload, Json)), Json),
            CommandFlags.FireAndForget);

    private sealed record Envelope(string Kind, JsonElement Payload);
}
