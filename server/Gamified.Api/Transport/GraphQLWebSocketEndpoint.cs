using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Telemetry;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gamified.Api.Transport;

/// <summary>
/// GraphQL over WebSocket, written to the graphql-transport-ws protocol: the client sends connection_init
/// (with its token) within the time limit, then subscribe / complete / ping; the server answers
/// connection_ack, next / error / complete and pong, and closes with the protocol's codes on any breach.
/// A client that does not read fast enough is cut off rather than buffered without bound.
/// Every operation sent over a socket counts against the same rate limits and runs under the same time limit as an
/// HTTP request; a socket holds a bounded number of subscriptions, a user a bounded number of sockets, and a socket
/// is closed with 4403 when its token expires, unless the client renewed it with a ping carrying a fresh token.
/// </summary>
public sealed class GraphQLWebSocketEndpoint(
    IDocumentExecuter executer,
    ISchema schema,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLHttpOptions> options,
    IOptionsMonitor<JwtBearerOptions> jwt,
    RequestRateLimits rateLimits,
    IOptions<WebSocketLimitOptions> limits,
    OpenSockets openSockets,
    Microsoft.AspNetCore.Authentication.IClaimsTransformation claims,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime,
    GamifiedMetrics metrics,
    ILogger<GraphQLWebSocketEndpoint> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    private IDocumentExecuter Executer { get; } = executer;
    private ISchema Schema { get; } = schema;
    private IGraphQLTextSerializer Serializer { get; } = serializer;
    private GraphQLHttpOptions Options { get; } = options.Value;
    private IOptionsMonitor<JwtBearerOptions> Jwt { get; } = jwt;
    private ILogger Logger { get; } = logger;
    private RequestRateLimits RateLimits { get; } = rateLimits;
    private WebSocketLimitOptions Limits { get; } = limits.Value;
    private OpenSockets OpenSockets { get; } = openSockets;
    private Microsoft.AspNetCore.Authentication.IClaimsTransformation Claims { get; } = claims;
    private Microsoft.Extensions.Hosting.IHostApplicationLifetime Lifetime { get; } = lifetime;
    private GamifiedMetrics Metrics { get; } = metrics;
    private const int MaxMessageBytes = 64 * 1024;
    private const int MaxQueuedMessages = 256;
    /// <summary>The longest a timer can wait; a token valid for longer is checked again by no one, which is fine at 24 days.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(24);

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
        private string? _socketOf;
        private Timer? _expiry;
        private Task? _sessionWatch;
        private readonly CancellationTokenSource _stopWatching = new();
        private bool _initReceived;
        private (int Code, string Reason)? _closeWith;

        public async Task Run()
        {
            endpoint.Metrics.WebSocketOpened();
            var writer = Task.Run(WriteLoop);
            using var initTimer = new Timer(_ =>
            {
                if (!_initReceived) Fail(4408, "Connection initialisation timeout");
            }, null, endpoint.Options.WebSocketInitTimeout, Timeout.InfiniteTimeSpan);
            // A node that is stopping (SIGTERM, a rolling restart) says so with 1001 "going away" before the web server
            // stops, rather than letting the socket drop: clients then reconnect to another node at once, and the server
            // waits for their closing answer instead of cutting the connection at its shutdown timeout.
            using var stopping = endpoint.Lifetime.ApplicationStopping.Register(() => Fail((int)WebSocketCloseStatus.EndpointUnavailable, "Server shutting down"));
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
                endpoint.Metrics.WebSocketClosed();
                if (_expiry is not null) await _expiry.DisposeAsync();
                await _stopWatching.CancelAsync();
                if (_sessionWatch is not null) await _sessionWatch;
                _stopWatching.Dispose();
                if (_socketOf is not null) endpoint.OpenSockets.Close(_socketOf);
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
                    var (user, expires) = await Authenticate(message["payload"] as JsonObject);
                    if (user is null)
                    {
                        Fail(4403, "Forbidden");
                        return;
                    }
                    var subject = user.FindFirst(Caller.SubjectClaim)?.Value ?? "";
                    if (!endpoint.OpenSockets.TryOpen(subject, endpoint.Limits.MaxSocketsPerUser))
                    {
                        Fail(4429, "Too many open connections for this user");
                        return;
                    }
                    _socketOf = subject;
                    _user = user;
                    // The socket lives no longer than its token: at expiry (with the same clock skew HTTP allows) it is
                    // closed with 4403, and the client reconnects with a fresh token.
                    _expiry = new Timer(_ => Fail(4403, "Token expired"), null, UntilExpiry(expires), Timeout.InfiniteTimeSpan);
                    _sessionWatch = WatchSession();
                    Send(new JsonObject { ["type"] = "connection_ack" });
                    return;
                case "ping":
                    if (_user is not null && message["payload"] is JsonObject refresh && RawToken(refresh) is not null && !await Renew(refresh)) return;
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
                    if (_subscriptions.ContainsKey(id))
                    {
                        Fail(4409, $"Subscriber for {id} already exists");
                        return;
                    }
                    if (_subscriptions.Count >= endpoint.Limits.MaxSubscriptionsPerSocket)
                    {
                        SendError(id, ErrorCodes.TooManySubscriptions,
                            $"This connection already holds {endpoint.Limits.MaxSubscriptionsPerSocket} subscriptions; complete one first.");
                        return;
                    }
                    _subscriptions.TryAdd(id, Placeholder.Instance);
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

            // Each operation takes a permit from the same windows as an HTTP request of the same user and address.
            using (var lease = endpoint.RateLimits.Acquire(_user!.FindFirst(Caller.SubjectClaim)?.Value, http.Connection.RemoteIpAddress))
            {
                if (!lease.IsAcquired)
                {
                    _subscriptions.TryRemove(id, out _);
                    endpoint.Metrics.RateLimited("websocket");
                    var seconds = RequestRateLimits.RetryAfterSeconds(lease);
                    SendError(id, ErrorCodes.RateLimited, $"Too many requests; retry after {seconds} seconds.", new JsonObject { ["retryAfterSeconds"] = seconds });
                    return;
                }
            }

            GraphQLDocument document;
            try
            {
                document = GraphQLParser.Parser.Parse(query, new GraphQLParser.ParserOptions { MaxDepth = GraphQLHttpEndpoint.MaxParserDepth });
            }
            catch (GraphQLParserException unparsable)
            {
                _subscriptions.TryRemove(id, out _);
                SendError(id, unparsable is GraphQLMaxDepthExceededException ? "MAX_DEPTH_EXCEEDED" : "SYNTAX_ERROR", unparsable.Description);
                return;
            }

            // A query or mutation runs under the HTTP time limit; a subscription's stream outlives it, so only setting
            // it up is timed, and the stream itself ends with the connection.
            var isSubscription = GraphQLHttpEndpoint.SelectOperation(document, request.OperationName)?.Operation is OperationType.Subscription;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            timeout.CancelAfter(endpoint.Options.ExecutionTimeout);
            using var span = GraphQLTracing.Start(document, request.OperationName, "websocket");
            ExecutionResult result;
            try
            {
                result = await endpoint.Executer.ExecuteAsync(o =>
                {
                    o.Schema = endpoint.Schema;
                    o.Query = query;
                    o.Document = document;
                    o.OperationName = request.OperationName;
                    o.Variables = request.Variables;
                    o.Extensions = request.Extensions;
                    o.RequestServices = http.RequestServices;
                    o.User = _user;
                    o.CancellationToken = isSubscription ? _closing.Token : timeout.Token;
                }).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_closing.IsCancellationRequested)
            {
                _subscriptions.TryRemove(id, out _);
                SendError(id, "TIMEOUT",
                    $"The operation took longer than {endpoint.Options.ExecutionTimeout.TotalSeconds:0.#} s and was stopped; part of it may have completed.");
                return;
            }

            GraphQLTracing.End(span, result);
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
            // Counted from here until disposed; a stream that ends (error, completion) is disposed as it leaves the table.
            var subscription = new CountedSubscription(endpoint.Metrics, stream.Subscribe(new StreamObserver(
                next => Send(Message("next", id, Result(next))),
                error =>
                {
                    endpoint.Logger.LogWarning(error, "Subscription {Id} failed", id);
                    Send(Message("error", id, new JsonArray(new JsonObject { ["message"] = "The subscription failed.", ["extensions"] = new JsonObject { ["code"] = "INTERNAL_SERVER_ERROR" } })));
                    if (_subscriptions.TryRemove(id, out var failed)) failed.Dispose();
                },
                () =>
                {
                    if (!_subscriptions.TryRemove(id, out var completed)) return;
                    completed.Dispose();
                    Send(new JsonObject { ["id"] = id, ["type"] = "complete" });
                })));
            if (!_subscriptions.TryUpdate(id, subscription, Placeholder.Instance)) subscription.Dispose();
        }

        private void SendError(string id, string code, string text, JsonObject? extensions = null)
        {
            extensions ??= new JsonObject();
            extensions["code"] = code;
            Send(Message("error", id, new JsonArray(new JsonObject { ["message"] = text, ["extensions"] = extensions })));
        }

        /// <summary>
        /// A ping whose payload carries a token (as connection_init's does) renews the connection's token: operations sent
        /// from now on run as its holder, and the connection lives until the new token expires. A token that does not
        /// validate, or names another user, closes the connection with 4403.
        /// </summary>
        private async Task<bool> Renew(JsonObject payload)
        {
            var (renewed, expires) = await Authenticate(payload);
            if (renewed is null || (renewed.FindFirst(Caller.SubjectClaim)?.Value ?? "") != _socketOf)
            {
                Fail(4403, "Forbidden");
                return false;
            }
            _user = renewed;
            _expiry?.Change(UntilExpiry(expires), Timeout.InfiniteTimeSpan);
            return true;
        }

        /// <summary>
        /// Ends the socket with 4403 once its sign-in has ended (signed out elsewhere, deactivated, moved, password reset),
        /// checked every <see cref="WebSocketLimitOptions.SessionRecheckInterval"/>: otherwise a socket opened before the
        /// sign-out would keep receiving events until its token expired. Each check runs in a scope of its own, since the
        /// session check's database context must not be shared with a renewal running at the same moment. A check that fails
        /// (the database away) leaves the socket open: the next one decides.
        /// </summary>
        private async Task WatchSession()
        {
            var scopes = http.RequestServices.GetRequiredService<IServiceScopeFactory>();
            try
            {
                using var timer = new PeriodicTimer(endpoint.Limits.SessionRecheckInterval);
                while (await timer.WaitForNextTickAsync(_stopWatching.Token))
                {
                    if (_user is not { } user) continue;
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        if (scope.ServiceProvider.GetService<ISessionCheck>() is not { } sessions) return;
                        if (await sessions.IsOpen(user, _stopWatching.Token)) continue;
                        Fail(4403, "Session ended");
                        return;
                    }
                    catch (Exception problem) when (problem is not OperationCanceledException)
                    {
                        endpoint.Logger.LogWarning(problem, "Could not check whether a WebSocket's sign-in still lasts; trying again later");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        /// <summary>How long until the token expires, with the clock skew token validation allows.</summary>
        private TimeSpan UntilExpiry(DateTime expires)
        {
            var skew = endpoint.Jwt.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters.ClockSkew;
            var left = expires == DateTime.MinValue ? TimeSpan.MaxValue : expires + skew - DateTime.UtcNow;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left > MaxTimer ? MaxTimer : left;
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

        private static string? RawToken(JsonObject? payload) =>
            (payload?["authorization"] ?? payload?["Authorization"] ?? payload?["token"]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        /// <summary>The token of connection_init's payload (<c>authorization: "Bearer …"</c> or <c>token</c>), validated like HTTP's.</summary>
        private async Task<(ClaimsPrincipal? User, DateTime Expires)> Authenticate(JsonObject? payload)
        {
            var raw = RawToken(payload);
            if (string.IsNullOrWhiteSpace(raw)) return (null, default);
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
            if (!result.IsValid) return (null, default);
            var user = new ClaimsPrincipal(result.ClaimsIdentity);
            // A token of a sign-in that ended (signed out, revoked) is refused here as over HTTP.
            if (http.RequestServices.GetService(typeof(ISessionCheck)) is ISessionCheck sessions && !await sessions.IsOpen(user, _closing.Token))
                return (null, default);
            // The transformation maps an external issuer's claims; a token its mapping refuses signs no one in.
            var caller = await endpoint.Claims.TransformAsync(user);
            return caller.Identity?.IsAuthenticated == true ? (caller, result.SecurityToken.ValidTo) : (null, default);
        }
    }

    /// <summary>A running subscription, counted in <c>gamified.websocket.subscriptions</c> until its first dispose.</summary>
    private sealed class CountedSubscription : IDisposable
    {
        private readonly GamifiedMetrics _metrics;
        private readonly IDisposable _inner;
        private int _disposed;

        public CountedSubscription(GamifiedMetrics metrics, IDisposable inner)
        {
            _metrics = metrics;
            _inner = inner;
            metrics.SubscriptionStarted();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            _inner.Dispose();
            _metrics.SubscriptionEnded();
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
