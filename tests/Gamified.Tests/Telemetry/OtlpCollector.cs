using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamified.Tests.Telemetry;

/// <summary>One span as the collector received it: ids in hex, its kind (OTLP's numbers: 2 is a server span) and the
/// instrumentation scope (the ActivitySource) that made it.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string Scope);

/// <summary>
/// A tiny OTLP/HTTP collector on loopback: it takes the protobuf the server's exporter posts to <c>/v1/traces</c> and keeps
/// the spans. The few fields read are decoded by hand from the wire format (trace.proto), so no protobuf package is needed.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public Uri Address { get; }

    private OtlpCollector(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpCollector? collector = null;
        app.MapPost("/v1/traces", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            foreach (var span in ReadRequest(body.ToArray())) collector!.Spans.Enqueue(span);
            return Results.Ok();
        });
        app.MapPost("/v1/metrics", () => Results.Ok());   // the metrics exporter posts here too; not examined
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        collector = new OtlpCollector(app, new Uri(address));
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private static IEnumerable<ReceivedSpan> ReadRequest(byte[] message) =>
        Fields(message).Where(f => f.Number == 1).SelectMany(f => ReadResourceSpans(f.Bytes));

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private static IEnumerable<ReceivedSpan> ReadResourceSpans(byte[] message) =>
        Fields(message).Where(f => f.Number == 2).SelectMany(f => ReadScopeSpans(f.Bytes));

    // ScopeSpans { InstrumentationScope scope = 1 { string name = 1; }; repeated Span spans = 2; }
    private static IEnumerable<ReceivedSpan> ReadScopeSpans(byte[] message)
    {
        var fields = Fields(message).ToList();
        var scope = fields.Where(f => f.Number == 1).Select(f => Text(Fields(f.Bytes).FirstOrDefault(s => s.Number == 1).Bytes)).FirstOrDefault() ?? "";
        return fields.Where(f => f.Number == 2).Select(f => ReadSpan(f.Bytes, scope));
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6; }
    private static ReceivedSpan ReadSpan(byte[] message, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        foreach (var field in Fields(message))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = Text(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, scope);
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : System.Text.Encoding.UTF8.GetString(bytes);

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes);

    /// <summary>The fields of one protobuf message: varints keep their value, length-delimited ones their bytes, and
    /// fixed-width ones are skipped.</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = ReadVarint(message, ref at);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref at), []);
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref at);
                    yield return new Field(number, 0, message[at..(at + length)]);
                    at += length;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected protobuf wire type {key & 7}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }
}
