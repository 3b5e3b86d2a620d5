using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gamified.Api.Transport;

/// <summary>
/// GraphQL over WebSocket, written to the graphql-transport-ws protocol: the client sends connection_init
/// (with its token) within the time limit, then subscribe / complete / ping; the server answers
/// connection_ack, next / error / complete and pong, and closes with the protocol's codes on any breach.
/// A client that does not read fast enough is cut off rather than buffered without bound.
/// </summary>
public sealed class GraphQLWebSocketEndpoint(
    IDocumentExecuter executer,
    ISchema schema,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLHttpOptions> options,
    IOptionsMonitor<JwtBearerOptions> jwt,
    ILogger<GraphQLWebSocketEndpoint> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    private IDocumentExecuter Executer { get; } = executer;
    private ISchema Schema { get; } = schema;
    private IGraphQLTextSerializer Serializer { get; } = serializer;
    private GraphQLHttpOptions Options { get; } = options.Value;
    private IOptionsMonitor<JwtBearerOptions> Jwt { get; } = jwt;
    private ILogger Logger { get; } = logger;
    private const int MaxMessageBytes = 64 * 1024;
    private const int MaxQueuedMessages = 256;

    public async Task Handle(HttpContext http)
    {
        var offered = http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(offered ? SubProtocol : null);
        if (!offered)
        {
            await Close(socket, 4406, "Subprotocol not acceptable");
            return;
        }
        await new Connection(this, socket, http).Run();
    }

    private static async Task Close(WebSocket socket, int code, string reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
    }

    private sealed class Connection(GraphQLWebSocketEndpoint endpoint, WebSocket socket, HttpContext http)
    {
        private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedMessages) { FullMode = BoundedChannelFullMode.Wait });
        private readonly ConcurrentDictionary<string, IDisposable> _subscriptions = new();
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        private ClaimsPrincipal? _user;
        private bool _initReceived;
        private (int Code, string Reason)? _closeWith;

        public async Task Run()
        {
            var writer = Task.Run(WriteLoop);
            using var initTimer = new Timer(_ =>
            {
                if (!_initReceived) Fail(4408, "Connection initialisation timeout");
            }, null, endpoint.Options.WebSocketInitTimeout, Timeout.InfiniteTimeSpan);
            try
            {
                while (_closeWith is null && socket.State == WebSocketState.Open)
                {
                    var text = await Receive();
                    if (text is null) break;
                    await OnMessage(text);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
            }
            catch (Exception problem)
            {
                endpoint.Logger.LogError(problem, "WebSocket connection failed");
                Fail(4500, "Internal server error");
            }
            finally
            {
                foreach (var subscription in _subscriptions.Values) subscription.Dispose();
                _outgoing.Writer.TryComplete();
                await writer;   // it sends the close frame, after whatever was queued
            }
        }

        private async Task<string?> Receive()
        {
            var buffer = new byte[8192];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Fail(4400, "Binary messages are not part of the protocol");
                    return null;
                }
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    Fail(4400, "Message too large");
                    return null;
                }
                if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
            }
        }

        private async Task OnMessage(string text)
        {
            JsonObject message;
            try
            {
                message = JsonNode.Parse(text) as JsonObject ?? throw new JsonException();
            }
            catch (JsonException)
            {
                Fail(4400, "Invalid message");
                return;
            }
            var type = (message["type"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : null;
            switch (type)
            {
                case "connection_init":
                    if (_initReceived)
                    {
                        Fail(4429, "Too many initialisation requests");
                        return;
                    }
                    _initReceived = true;
                    _user = await Authenticate(message["payload"] as JsonObject);
                    if (_user is null)
                    {
                        Fail(4403, "Forbidden");
                        return;
                    }
                    Send(new JsonObject { ["type"] = "connection_ack" });
                    return;
                case "ping":
                    Send(new JsonObject { ["type"] = "pong" });
                    return;
                case "pong":
                    return;
                case "subscribe":
                    if (_user is null)
                    {
                        Fail(4401, "Unauthorized");
                        return;
                    }
                    if (Id(message) is not { } id || message["payload"] is not JsonObject payload)
                    {
                        Fail(4400, "A subscribe message needs an id and a payload");
                        return;
                    }
                    if (!_subscriptions.TryAdd(id, Placeholder.Instance))
                    {
                        Fail(4409, $"Subscriber for {id} already exists");
                        return;
                    }
                    await Subscribe(id, payload);
                    return;
                case "complete":
                    if (Id(message) is { } done && _subscriptions.TryRemove(done, out var subscription)) subscription.Dispose();
                    return;
                default:
                    Fail(4400, "Invalid message type");
                    return;
            }
        }

        private async Task Subscribe(string id, JsonObject payload)
        {
            GraphQLRequest? request;
            try
            {
                request = endpoint.Serializer.Deserialize<GraphQLRequest>(payload.ToJsonString());
            }
            catch (Exception problem) when (problem is JsonException or GraphQL.Execution.InvalidOperationError or InvalidOperationException or FormatException)
            {
                request = null;
            }
            if (request?.Query is not { Length: > 0 } query || query.Length > endpoint.Options.MaxQueryLength)
            {
                _subscriptions.TryRemove(id, out _);
                Fail(4400, "The subscribe payload is not a GraphQL request");
                return;
            }

            var result = await endpoint.Executer.ExecuteAsync(o =>
            {
                o.Schema = endpoint.Schema;
                o.Query = query;
                o.OperationName = request.OperationName;
                o.Variables = request.Variables;
                o.Extensions = request.Extensions;
                o.RequestServices = http.RequestServices;
                o.User = _user;
                o.CancellationToken = _closing.Token;
            });

            if (result.Streams is not { Count: > 0 } streams)
            {
                _subscriptions.TryRemove(id, out _);
                if (result.Executed && result.Data is not null)
                {
                    Send(Message("next", id, Result(result)));
                    Send(new JsonObject { ["id"] = id, ["type"] = "complete" });
                }
                else
                {
                    Send(Message("error", id, Result(result)["errors"]?.DeepClone() ?? new JsonArray()));
                }
                return;
            }

            var stream = streams.Values.First();
            var subscription = stream.Subscribe(new StreamObserver(
                next => Send(Message("next", id, Result(next))),
                error =>
                {
                    endpoint.Logger.LogWarning(error, "Subscription {Id} failed", id);
                    Send(Message("error", id, new JsonArray(new JsonObject { ["message"] = "The subscription failed.", ["extensions"] = new JsonObject { ["code"] = "INTERNAL_SERVER_ERROR" } })));
                    _subscriptions.TryRemove(id, out _);
                },
                () =>
                {
                    if (_subscriptions.TryRemove(id, out _)) Send(new JsonObject { ["id"] = id, ["type"] = "complete" });
                }));
            if (!_subscriptions.TryUpdate(id, subscription, Placeholder.Instance)) subscription.Dispose();
        }

        private JsonNode Result(ExecutionResult result) => JsonNode.Parse(endpoint.Serializer.Serialize(result))!;

        private static JsonObject Message(string type, string id, JsonNode payload) =>
            new() { ["id"] = id, ["type"] = type, ["payload"] = payload };

        private static string? Id(JsonObject message) =>
            (message["id"] as JsonValue)?.TryGetValue<string>(out var id) == true && id.Length is > 0 and <= 128 ? id : null;

        private void Send(JsonObject message)
        {
            // A client that stops reading fills its queue: cut it off instead of buffering without bound.
            if (!_outgoing.Writer.TryWrite(message.ToJsonString())) Fail(4429, "Too many messages queued: the client is not reading");
        }

        /// <summary>
        /// Ends the connection with a protocol close code. The writer sends the close frame (sends on a WebSocket
        /// must not overlap); a pending receive then ends when the client answers it.
        /// </summary>
        private void Fail(int code, string reason)
        {
            lock (_outgoing)
            {
                _closeWith ??= (code, reason);
            }
            _outgoing.Writer.TryComplete();
        }

        private async Task WriteLoop()
        {
            try
            {
                await foreach (var text in _outgoing.Reader.ReadAllAsync(_closing.Token))
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _closing.Token);
                if (_closeWith is { } close) await Close(socket, close.Code, close.Reason);
                else if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (Exception problem) when (problem is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
            }
        }

        /// <summary>The token of connection_init's payload (<c>authorization: "Bearer …"</c> or <c>token</c>), validated like HTTP's.</summary>
        private async Task<ClaimsPrincipal?> Authenticate(JsonObject? payload)
        {
            var raw = (payload?["authorization"] ?? payload?["Authorization"] ?? payload?["token"]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var token = raw.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? raw[7..].Trim() : raw.Trim();
            var jwtOptions = endpoint.Jwt.Get(JwtBearerDefaults.AuthenticationScheme);
            var parameters = jwtOptions.TokenValidationParameters.Clone();
            if (jwtOptions.ConfigurationManager is { } manager)
            {
                var configuration = await manager.GetConfigurationAsync(_closing.Token);
                parameters.IssuerSigningKeys = configuration.SigningKeys;
                parameters.ValidIssuer ??= configuration.Issuer;
            }
            var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
            return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
        }
    }

    private sealed class Placeholder : IDisposable
    {
        public static readonly Placeholder Instance = new();
        public void Dispose() { }
    }

    private sealed class StreamObserver(Action<ExecutionResult> next, Action<Exception> error, Action completed) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => next(value);
        public void OnError(Exception problem) => error(problem);
        public void OnCompleted() => completed();
    }
}
