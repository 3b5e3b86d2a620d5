using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gamified.Tests.Live;

/// <summary>A real WebSocket client speaking graphql-transport-ws to a test server.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocket Socket => _socket;

    public static async Task<WsClient> ConnectAsync(Uri server, string? subProtocol = "graphql-transport-ws")
    {
        var client = new WsClient();
        if (subProtocol is not null) client._socket.Options.AddSubProtocol(subProtocol);
        await client._socket.ConnectAsync(new Uri($"ws://{server.Authority}/graphql"), CancellationToken.None);
        return client;
    }

    public Task SendAsync(object message) => SendRawAsync(JsonSerializer.Serialize(message));

    public Task SendRawAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task InitAsync(string token)
    {
        await SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        var ack = await ReceiveAsync();
        Assert.Equal("connection_ack", ack!["type"]!.GetValue<string>());
    }

    /// <summary>
    /// Subscribes and returns once the subscription is in place. graphql-transport-ws does not acknowledge a subscribe,
    /// but the server handles a connection's messages one after another and sets a subscription up before it reads the
    /// next message: the pong to a ping sent after the subscribe is that acknowledgement. Anything else first (an error
    /// for the subscription) fails the test.
    /// </summary>
    public async Task SubscribeAsync(string id, string query, object? variables = null)
    {
        await SendAsync(new { id, type = "subscribe", payload = new { query, variables } });
        await SendAsync(new { type = "ping" });
        var answer = await ReceiveAsync();
        Assert.True(answer?["type"]?.GetValue<string>() == "pong", $"The subscription {id} was not set up: {answer?.ToJsonString() ?? "closed"}");
    }

    /// <summary>The next message, or null when the server closed the connection.</summary>
    public async Task<JsonNode?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, limit.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return JsonNode.Parse(message.ToArray());
        }
    }

    /// <summary>Reads until the server closes, answers its close as every client does, and returns its close code.</summary>
    public async Task<int?> ClosedWithAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }
        try
        {
            if (_socket.State == WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The server closed the connection without waiting for the answer: its close code is what counts.
        }
        return (int?)_socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        _socket.Dispose();
    }
}
