using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gamified.Tests.Security;

/// <summary>
/// Thousands of random and malformed requests: bodies, documents and variables. The server never answers
/// 5xx, stays healthy, and the ledger changes only by what accepted requests reported they wrote.
/// </summary>
public sealed class FuzzTests
{
    private const int Requests = 3000;

    private static readonly string[] Seeds =
    [
        "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { activityId replayed xpAwarded entries { seq } } userErrors { code message field } } }",
        "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message field } } }",
        "mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points } userErrors { code message field } } }",
        "mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
        "query($id: ID!, $first: Int, $after: String) { learner(id: $id) { xp ledger(first: $first, after: $after) { edges { cursor node { seq hash } } } } }",
        "{ departments { id names { zhCN en } memberCount parent { id } } challenges(openOnly: true) { id isOpen } }",
        "query($id: ID) { verifyLedger(learnerId: $id) { ok firstBrokenLink { seq } } }",
        "{ __schema { types { name fields { name } } } }",
    ];

    [Fact]
    public async Task thousands_of_malformed_requests_never_get_a_5xx_and_change_the_ledger_only_when_accepted()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        await using var server = await GamifiedServer.StartAsync(storage);
        var scenario = new Scenario(server.Client);
        var department = await scenario.CreateDepartmentAsync("fuzz-dept");
        var learner = await scenario.RegisterLearnerAsync(department, "fuzz-learner");
        (await scenario.RecordActivityAsync(learner, "before-fuzz")).AssertNoErrors();
        var clients = new[]
        {
            server.Client, server.Anonymous, server.ClientAs(learner, [Roles.Learner], [department]),
            server.ClientAs("fuzz-manager", [Roles.Manager], [department]), server.ClientWithToken("eyJhbGciOiJub25lIn0.e30."),
        };
        var before = await LedgerRows(storage);

        var random = new Random(4242);
        var cases = Enumerable.Range(0, Requests).Select(_ => NextCase(random, learner)).ToList();
        var written = 0;
        var serverErrors = new List<string>();
        await Parallel.ForEachAsync(cases.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            var (fuzz, index) = item;
            var client = clients[index % clients.Length];
            using var request = new HttpRequestMessage(fuzz.Method, fuzz.Path);
            if (fuzz.Body is not null)
            {
                request.Content = new ByteArrayContent(fuzz.Body);
                if (fuzz.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
            if (fuzz.Accept is not null) request.Headers.TryAddWithoutValidation("Accept", fuzz.Accept);
            using var response = await client.Http.SendAsync(request);
            var parsed = await GraphQLResponse.ReadAsync(response);
            if (parsed.Status >= 500) lock (serverErrors) serverErrors.Add($"{parsed.Status} for {Describe(fuzz)}: {parsed.Body?.ToJsonString()}");
            var recorded = parsed.Data?["recordActivity"]?["activityRecorded"];
            if (recorded is not null && !recorded["replayed"]!.GetValue<bool>())
                Interlocked.Add(ref written, recorded["entries"]!.AsArray().Count);
        });

        Assert.True(serverErrors.Count == 0, string.Join("\n", serverErrors.Take(10)));
        Assert.Equal(before + written, await LedgerRows(storage));
        using var ready = await server.Client.Http.GetAsync("/health/ready");
        Assert.True(ready.IsSuccessStatusCode);
        var verification = await server.Client.QueryAsync("{ verifyLedger { ok } }");
        Assert.True(verification["verifyLedger"]!["ok"]!.GetValue<bool>());
    }

    private sealed record FuzzCase(HttpMethod Method, string Path, byte[]? Body, string? ContentType, string? Accept);

    private static string Describe(FuzzCase c) =>
        $"{c.Method} {c.Path} [{c.ContentType}] {(c.Body is null ? "" : Encoding.UTF8.GetString(c.Body[..Math.Min(c.Body.Length, 300)]))}";

    private static FuzzCase NextCase(Random random, string learner)
    {
        var accept = random.Next(4) switch
        {
            0 => null, 1 => "application/json", 2 => "application/graphql-response+json",
            _ => Pick(random, ["text/html", "*/*", "application/*;q=0", "garbage;;;", "application/json;q=abc"]),
        };
        switch (random.Next(10))
        {
            case 0: // raw random bytes as a JSON body
                return new(HttpMethod.Post, "/graphql", RandomBytes(random), "application/json", accept);
            case 1: // a valid request cut short
                var whole = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { query = Pick(random, Seeds), variables = Variables(random, learner) }));
                return new(HttpMethod.Post, "/graphql", whole[..random.Next(whole.Length)], "application/json", accept);
            case 2: // JSON of the wrong shape
                var wrong = random.Next(6) switch
                {
                    0 => "[]", 1 => "null", 2 => "{\"query\": 42}", 3 => "{\"query\": \"{ departments { id } }\", \"variables\": [1, 2]}",
                    4 => "{\"query\": {\"a\": 1}}", _ => new string('[', 5000) + new string(']', 5000),
                };
                return new(HttpMethod.Post, "/graphql", Encoding.UTF8.GetBytes(wrong), "application/json", accept);
            case 3: // odd methods and content types
                var method = Pick(random, [HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, HttpMethod.Head]);
                return new(method, "/graphql", method == HttpMethod.Head ? null : RandomBytes(random), Pick(random, ["text/plain", "application/xml", "", "application/json; charset=latin1", "multipart/form-data"]), accept);
            case 4: // GET with garbage parameters
                var query = Uri.EscapeDataString(Mutate(random, Pick(random, Seeds)));
                var variables = Uri.EscapeDataString(random.Next(2) == 0 ? RandomText(random, 50) : JsonSerializer.Serialize(Variables(random, learner)));
                return new(HttpMethod.Get, $"/graphql?query={query}&variables={variables}", null, null, accept);
            case 5: // deeply nested document
                var depth = random.Next(50, 3000);
                var nested = new StringBuilder("{ departments ");
                for (var i = 0; i < depth; i++) nested.Append("{ parent ");
                nested.Append("{ id }").Append('}', depth + 1);
                return Post(nested.ToString(), null, accept);
            default: // a real operation, mutated document and/or hostile variables
                var document = random.Next(3) == 0 ? Mutate(random, Pick(random, Seeds)) : Pick(random, Seeds);
                return Post(document, Variables(random, learner), accept);
        }
    }

    private static FuzzCase Post(string query, object? variables, string? accept) =>
        new(HttpMethod.Post, "/graphql", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { query, variables })), "application/json", accept);

    /// <summary>Variables for the seed operations, mostly wrong: bad types, extremes, nulls, unknown enum values.</summary>
    private static Dictionary<string, object?> Variables(Random random, string learner)
    {
        object? Hostile() => random.Next(12) switch
        {
            0 => null, 1 => "", 2 => new string('字', random.Next(1, 20000)), 3 => long.MaxValue, 4 => -1, 5 => 1e308,
            6 => new[] { 1, 2, 3 }, 7 => new { nested = new { deeper = "x" } }, 8 => "'; DROP TABLE ledger_entries; --",
            9 => "\u0000\u0001\u202e", 10 => learner, _ => RandomText(random, 30),
        };
        var input = new Dictionary<string, object?>
        {
            ["learnerId"] = random.Next(3) == 0 ? Hostile() : learner,
            ["idempotencyKey"] = random.Next(3) == 0 ? Hostile() : $"fuzz-{random.Next(50)}",
            ["verb"] = random.Next(3) == 0 ? Hostile() : Pick(random, ["COMPLETED", "PASSED", "STARTED", "HACKED", "completed"]),
            ["object"] = random.Next(3) == 0 ? Hostile() : new Dictionary<string, object?> { ["id"] = random.Next(4) == 0 ? Hostile() : "lesson-1", ["kind"] = random.Next(4) == 0 ? Hostile() : "LESSON" },
            ["result"] = random.Next(2) == 0 ? null : new Dictionary<string, object?> { ["score"] = random.Next(2) == 0 ? Hostile() : random.NextDouble() * 200 - 50, ["durationSeconds"] = random.Next(-10, 100_000) },
            ["timestamp"] = random.Next(3) == 0 ? Hostile() : null,
            ["id"] = random.Next(2) == 0 ? Hostile() : "fuzz-" + random.Next(20),
            ["displayName"] = Hostile(), ["departmentId"] = random.Next(2) == 0 ? "fuzz-dept" : Hostile(),
            ["challengeId"] = Hostile(), ["badgeId"] = Hostile(), ["reason"] = Hostile(),
        };
        foreach (var key in input.Keys.ToList()) if (random.Next(8) == 0) input.Remove(key);
        return new Dictionary<string, object?>
        {
            ["input"] = random.Next(10) == 0 ? Hostile() : input,
            ["id"] = random.Next(2) == 0 ? learner : Hostile(),
            ["first"] = random.Next(2) == 0 ? random.Next(-5, 500) : Hostile(),
            ["after"] = random.Next(2) == 0 ? null : Hostile(),
        };
    }

    private static string Mutate(Random random, string text)
    {
        var chars = new StringBuilder(text);
        for (var i = random.Next(1, 6); i > 0 && chars.Length > 0; i--)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(4))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, Pick(random, ["{", "}", "(", ")", "$", "!", "\"", "...", "@skip", "#", "\\", "fragment F on Query { id }", "\u0000"])); break;
                case 2: chars[at] = (char)random.Next(32, 0x9fff); break;
                default: chars.Insert(at, RandomText(random, random.Next(1, 40))); break;
            }
        }
        return chars.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomText(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(1, 0x3000)).ToArray());

    private static async Task<long> LedgerRows(SqliteStorage storage)
    {
        await using var connection = new SqliteConnection($"Data Source={storage.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM ledger_entries", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
