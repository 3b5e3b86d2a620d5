using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Telemetry;

/// <summary>One recordActivity, traced end to end and exported over OTLP to a collector the test runs.</summary>
public sealed class TracingTests
{
    private const string ServerSpan = "Microsoft.AspNetCore";
    private const string GrainCalls = "Microsoft.Orleans.Application";
    private const string Npgsql = "Npgsql";

    [Fact]
    public async Task one_record_activity_is_one_trace_from_http_through_graphql_and_the_grain_to_the_npgsql_commands()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var server = await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync(),
            $"--Telemetry:Otlp:Endpoint={collector.Address}", "--Telemetry:Otlp:Protocol=http/protobuf",
            "--Telemetry:TraceExportDelay=00:00:00.1");
        var admin = new Scenario(server.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());

        (await server.Client.PostAsync("""
            mutation TracedRecord($input: RecordActivityInput!) {
              recordActivity(input: $input) { activityRecorded { activityId } userErrors { code message } }
            }
            """, new { input = new { learnerId = learner, idempotencyKey = "traced-1", verb = "COMPLETED", @object = new { id = "lesson-1", kind = "LESSON" } } }))
            .AssertNoErrors();

        // Spans arrive in batches as each finishes: wait until the trace holds a database command below the operation.
        List<ReceivedSpan> trace = [];
        ReceivedSpan? operation = null;
        await Poll.Until(() =>
        {
            operation = collector.Spans.FirstOrDefault(s => s.Name == "TracedRecord");
            trace = operation is null ? [] : collector.Spans.Where(s => s.TraceId == operation.TraceId).ToList();
            return Task.FromResult(operation is not null && trace.Any(s => s.Scope == Npgsql && Descends(trace, s, operation)));
        }, "the traced operation's database commands to be exported");

        var http = Assert.Single(trace, s => s.SpanId == operation!.ParentSpanId);
        Assert.Equal(ServerSpan, http.Scope);
        Assert.Equal(2, http.Kind);   // SERVER
        var grainCall = Assert.Single(trace, s => s.Scope == GrainCalls && s.Name.Contains("RecordActivity") && Descends(trace, s, operation!) && s.Kind == 2);
        Assert.Contains(trace, s => s.Scope == Npgsql && Descends(trace, s, grainCall));
        Assert.Contains(trace, s => s.Name == "group commit ledger" && Descends(trace, s, grainCall));

        // On PostgreSQL, Npgsql's meter is among the metrics too.
        using var metrics = await server.Client.Http.GetAsync("/metrics");
        Assert.Contains("db_client_", await metrics.Content.ReadAsStringAsync());
    }

    /// <summary>True when <paramref name="span"/> is below <paramref name="ancestor"/> by parent links within the trace.</summary>
    private static bool Descends(IReadOnlyList<ReceivedSpan> trace, ReceivedSpan span, ReceivedSpan ancestor)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
            if (current.ParentSpanId == ancestor.SpanId) return true;
        return false;
    }
}
