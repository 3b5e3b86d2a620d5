using System.Text.Json;
using Gamified.Common;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gamified.Api.Transport;

/// <summary>
/// GraphQL over HTTP, written to the GraphQL-over-HTTP specification: POST with a JSON body for any
/// operation, GET with URL parameters for queries only; answers in <c>application/graphql-response+json</c>
/// when the client accepts it (with 4xx for requests that could not execute) and in <c>application/json</c>
/// otherwise (always 200 once the request is well-formed).
/// </summary>
public sealed class GraphQLHttpEndpoint(
    IDocumentExecuter executer,
    ISchema schema,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLHttpOptions> options,
    ValidatedDocuments validated,
    ILogger<GraphQLHttpEndpoint> logger)
{
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    /// <summary>The parser's nesting limit, far above any real query (the depth rule allows 12) but safe for the stack.</summary>
    internal const int MaxParserDepth = 128;

    public async Task Handle(HttpContext http)
    {
        var responseType = NegotiateResponseType(http.Request);
        if (responseType is null)
        {
            await WriteRequestError(http, StatusCodes.Status406NotAcceptable, Json,
                $"Accept {GraphQLResponseJson} or {Json}.");
            return;
        }

        if (PresentsInvalidCredentials(http))
        {
            // A token was sent but did not validate (malformed, wrong signature, expired): say so at once, rather than
            // run the request anonymously and answer each field with a refusal.
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteResult(http, StatusCodes.Status401Unauthorized, responseType, new ExecutionError(
                "The Authorization header does not hold a valid bearer token (malformed, wrong signature or expired): sign in again.")
            {
                Code = ErrorCodes.Unauthenticated,
            });
            return;
        }

        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteRequestError(http, StatusCodes.Status405MethodNotAllowed, responseType, "Use GET for queries or POST.");
            return;
        }

        var (request, problem, status) = isGet ? ReadGet(http.Request) : await ReadPost(http.Request, http.RequestAborted);
        if (request is null)
        {
            await WriteRequestError(http, status, responseType, problem!);
            return;
        }
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteRequestError(http, StatusCodes.Status400BadRequest, responseType, "The request has no query.");
            return;
        }
        if (request.Query.Length > options.Value.MaxQueryLength)
        {
            await WriteRequestError(http, StatusCodes.Status400BadRequest, responseType,
                $"The query is longer than {options.Value.MaxQueryLength} characters.");
            return;
        }

        var cached = validated.Find(request.Query);
        GraphQLDocument document;
        try
        {
            document = cached ?? GraphQLParser.Parser.Parse(request.Query, new GraphQLParser.ParserOptions { MaxDepth = MaxParserDepth });
        }
        catch (GraphQLParserException unparsable)
        {
            // Not a document: nothing executes. Well-formed HTTP, so 200 in application/json (the spec's rule).
            var parseStatus = responseType == GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            var code = unparsable is GraphQLMaxDepthExceededException ? "MAX_DEPTH_EXCEEDED" : "SYNTAX_ERROR";
            var error = new ExecutionError(unparsable.Description) { Code = code };
            error.AddLocation(unparsable.Location);
            await WriteResult(http, parseStatus, responseType, error);
            return;
        }

        if (!isGet && SelectOperation(document, request.OperationName)?.Operation is OperationType.Subscription)
        {
            await WriteRequestError(http, StatusCodes.Status400BadRequest, responseType,
                "Subscriptions need the WebSocket transport (graphql-transport-ws) on this path.");
            return;
        }

        if (isGet && SelectOperation(document, request.OperationName)?.Operation is OperationType.Mutation or OperationType.Subscription)
        {
            http.Response.Headers.Allow = "POST";
            await WriteRequestError(http, StatusCodes.Status405MethodNotAllowed, responseType, "Mutations must be sent with POST.");
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(options.Value.ExecutionTimeout);
        using var span = GraphQLTracing.Start(document, request.OperationName, "http");
        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(o =>
            {
                o.Schema = schema;
                o.Query = request.Query;
                o.Document = document;
                o.OperationName = request.OperationName;
                o.Variables = request.Variables;
                o.Extensions = request.Extensions;
                o.RequestServices = http.RequestServices;
                o.User = http.User;
                o.CancellationToken = timeout.Token;
                // A document validated before skips the rules that depend on the document alone; the builder then adds
                // the per-request ones (authorization, depth and cost, introspection) to this empty list as to any other.
                if (cached is not null) o.ValidationRules = [];
            }).WaitAsync(timeout.Token);   // a resolver stuck in a grain call does not hold the client past the limit
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            // What already ran may have committed (grain calls are not cancelled): say so, and let the client
            // retry with the same idempotency key.
            http.Response.Headers.RetryAfter = "1";
            await WriteResult(http, StatusCodes.Status503ServiceUnavailable, responseType, new ExecutionError(
                $"The request took longer than {options.Value.ExecutionTimeout.TotalSeconds:0.#} s and was stopped; part of it may have completed.")
            {
                Code = "TIMEOUT",
            });
            return;
        }

        GraphQLTracing.End(span, result);
        // Only signed-in callers' documents are kept: an anonymous client cannot fill the cache with throw-away documents.
        if (cached is null && result.Executed && http.User.Identity?.IsAuthenticated == true) validated.Remember(request.Query, document);
        http.Response.StatusCode = responseType == GraphQLResponseJson && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        http.Response.ContentType = responseType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>True when the request carries credentials that authentication did not accept. An empty header or a bare
    /// <c>Bearer</c> (GraphiQL's placeholder) counts as no credentials: such requests go on anonymously.</summary>
    private static bool PresentsInvalidCredentials(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true) return false;
        var header = http.Request.Headers.Authorization.ToString().Trim();
        return header.Length > 0 && !header.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    }

    internal static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return string.IsNullOrEmpty(operationName)
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    private (GraphQLRequest? Request, string? Problem, int Status) ReadGet(HttpRequest request)
    {
        var query = request.Query;
        try
        {
            return (new GraphQLRequest
            {
                Query = query["query"],
                OperationName = NullIfEmpty(query["operationName"]),
                Variables = NullIfEmpty(query["variables"]) is { } v ? serializer.Deserialize<Inputs>(v) : null,
                Extensions = NullIfEmpty(query["extensions"]) is { } e ? serializer.Deserialize<Inputs>(e) : null,
            }, null, 0);
        }
        catch (Exception exception) when (exception is JsonException or GraphQL.Execution.InvalidOperationError or FormatException)
        {
            return (null, "The variables or extensions parameter is not a JSON object.", StatusCodes.Status400BadRequest);
        }
    }

    private async Task<(GraphQLRequest? Request, string? Problem, int Status)> ReadPost(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            return (null, $"Send the request as {Json}.", StatusCodes.Status415UnsupportedMediaType);
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return (null, "Send the request in UTF-8.", StatusCodes.Status415UnsupportedMediaType);

        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
            return (null, $"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

        // Buffer at most limit+1 bytes, so a body without a Content-Length cannot exceed the limit either.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                return (null, $"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
        buffer.Position = 0;

        try
        {
            var parsed = await serializer.ReadAsync<GraphQLRequest>(buffer, ct);
            return parsed is null
                ? (null, "The request body must be a JSON object.", StatusCodes.Status400BadRequest)
                : (parsed, null, 0);
        }
        catch (Exception exception) when (exception is JsonException or GraphQL.Execution.InvalidOperationError or FormatException or InvalidOperationException)
        {
            logger.LogDebug(exception, "Unreadable GraphQL request body");
            return (null, "The request body is not a valid GraphQL request (a JSON object with a query string).", StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Picks the response media type from Accept; null when the client accepts neither of ours.</summary>
    private static string? NegotiateResponseType(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept)) return Json;
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var types)) return Json;
        var accepted = types.Where(t => t.Quality is null or > 0).ToList();
        if (accepted.Any(t => t.MediaType.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))) return GraphQLResponseJson;
        if (accepted.Any(t => t.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
                              || t.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                              || t.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))) return Json;
        return null;
    }

    private Task WriteRequestError(HttpContext http, int status, string responseType, string message) =>
        WriteResult(http, status, responseType, new ExecutionError(message) { Code = ErrorCodes.BadRequest });

    private async Task WriteResult(HttpContext http, int status, string responseType, ExecutionError error)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = responseType + "; charset=utf-8";
        var result = new ExecutionResult { Executed = false };
        result.AddError(error);
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
