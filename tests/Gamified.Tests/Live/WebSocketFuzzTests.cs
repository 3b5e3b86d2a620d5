using System.Net.WebSockets;
using System.Text;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Live;

/// <summary>Hostile WebSocket frames: every connection ends with a protocol close code, and the server stays healthy.</summary>
public sealed class WebSocketFuzzTests
{
    private static readonly string[] Frames =
    [
        "", "{", "null", "[]", "\"text\"", "{\"type\": null}", "{\"type\": 42}", "{\"type\": \"subscribe\"}",
        "{\"type\": \"subscribe\", \"id\": 7, \"payload\": {}}", "{\"type\": \"subscribe\", \"id\": \"x\", \"payload\": {\"query\": 5}}",
        "{\"type\": \"subscribe\", \"id\": \"x\", \"payload\": {\"query\": \"subscription { leaderboardChanged(window: NEVER) { version } }\"}}",
        "{\"type\": \"complete\", \"id\": \"never-started\"}", "{\"type\": \"connection_init\", \"payload\": \"not an object\"}",
        "{\"type\": \"next\", \"id\": \"1\", \"payload\": {}}", new string('{', 10_000),
    ];

    [Fact]
    public async Task random_frames_before_and_after_init_never_break_the_server()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--GraphQL:WebSocketInitTimeout=00:00:02");
        var token = server.Services.GetRequiredServiceOf<LocalTokens>().Issue("fuzzer", [Roles.Learner]);
        var random = new Random(99);
        var codes = new List<int?>();

        for (var round = 0; round < 60; round++)
        {
            await using var client = await WsClient.ConnectAsync(server.Address);
            if (random.Next(2) == 0) await client.InitAsync(token);
            for (var i = 0; i < 1 + random.Next(4) && client.Socket.State == WebSocketState.Open; i++)
            {
                try
                {
                    if (random.Next(6) == 0)
                        await client.Socket.SendAsync(Enumerable.Range(0, 64).Select(_ => (byte)random.Next(256)).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
                    else
                        await client.SendRawAsync(random.Next(3) == 0 ? Mutate(random, Frames[random.Next(Frames.Length)]) : Frames[random.Next(Frames.Length)]);
                }
                catch (WebSocketException)
                {
                    break;   // the server closed it already
                }
            }
            try
            {
                codes.Add(await client.ClosedWithAsync());
            }
            catch (OperationCanceledException)
            {
                codes.Add(null);   // still open: a valid sequence, closed by the client on dispose
            }
        }

        Assert.All(codes.OfType<int>(), code => Assert.True(code is 1000 or (>= 4400 and < 4500) or 4408 or 4429,
            $"unexpected close code {code}"));
        Assert.DoesNotContain(4500, codes.OfType<int>());
        using var ready = await server.Client.Http.GetAsync("/health/ready");
        Assert.True(ready.IsSuccessStatusCode);
    }

    private static string Mutate(Random random, string text)
    {
        var chars = new StringBuilder(text);
        for (var i = 0; i < 3 && chars.Length > 0; i++) chars[random.Next(chars.Length)] = (char)random.Next(32, 0x3000);
        return chars.ToString();
    }
}
