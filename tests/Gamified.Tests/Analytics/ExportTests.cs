using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Tests.Analytics;

/// <summary>xAPI statements and Open Badges credentials over GraphQL.</summary>
public sealed class ExportTests
{
    private const string Export = """
        query($from: DateTimeOffset!, $to: DateTimeOffset!, $first: Int, $after: String) {
          exportStatements(from: $from, to: $to, first: $first, after: $after) { statementsJson count endCursor hasNextPage }
        }
        """;

    private static async Task<List<JsonObject>> ExportAll(GraphQLClient client, DateTimeOffset from, DateTimeOffset to, int first)
    {
        var statements = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            var page = (await client.QueryAsync(Export, new { from, to, first, after }))["exportStatements"]!;
            var batch = JsonNode.Parse(page["statementsJson"]!.GetValue<string>())!.AsArray();
            Assert.True(batch.Count <= first);
            statements.AddRange(batch.Select(s => s!.AsObject()));
            if (!page["hasNextPage"]!.GetValue<bool>()) return statements;
            after = page["endCursor"]!.GetValue<string>();
        }
    }

    private static bool IsIri(JsonNode? value) =>
        value?.GetValue<string>() is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>The parts of the xAPI 1.0.3 statement structure a Learning Record Store checks.</summary>
    private static void AssertIsXapiStatement(JsonObject s)
    {
        var text = s.ToJsonString();
        Assert.True(Guid.TryParseExact(s["id"]!.GetValue<string>(), "D", out _), $"id is not a UUID: {text}");
        var actor = s["actor"]!.AsObject();
        Assert.Equal("Agent", actor["objectType"]!.GetValue<string>());
        Assert.True(IsIri(actor["account"]!["homePage"]), text);
        Assert.False(string.IsNullOrWhiteSpace(actor["account"]!["name"]!.GetValue<string>()));
        Assert.Null(actor["mbox"]);                                   // never e-mail addresses
        Assert.True(IsIri(s["verb"]!["id"]), text);
        Assert.False(string.IsNullOrWhiteSpace(s["verb"]!["display"]!["zh-CN"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(s["verb"]!["display"]!["en"]!.GetValue<string>()));
        Assert.Equal("Activity", s["object"]!["objectType"]!.GetValue<string>());
        Assert.True(IsIri(s["object"]!["id"]), text);
        Assert.True(IsIri(s["object"]!["definition"]!["type"]), text);
        if (s["result"] is JsonObject result)
        {
            if (result["score"] is JsonObject score)
            {
                var scaled = score["scaled"]!.GetValue<double>();
                Assert.InRange(scaled, -1, 1);
                Assert.InRange(score["raw"]!.GetValue<double>(), score["min"]!.GetValue<double>(), score["max"]!.GetValue<double>());
            }
            foreach (var flag in new[] { "success", "completion" })
                if (result[flag] is { } value) Assert.Contains(value.GetValueKind(), new[] { System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False });
            if (result["duration"] is { } duration) Assert.Matches(new Regex(@"^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$"), duration.GetValue<string>());
            foreach (var (key, _) in result["extensions"]?.AsObject() ?? []) Assert.True(Uri.IsWellFormedUriString(key, UriKind.Absolute), key);
        }
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"), s["timestamp"]!.GetValue<string>());
        var context = s["context"]!.AsObject();
        foreach (var parent in context["contextActivities"]?["parent"]?.AsArray() ?? []) Assert.True(IsIri(parent!["id"]), text);
        foreach (var (key, _) in context["extensions"]?.AsObject() ?? []) Assert.True(Uri.IsWellFormedUriString(key, UriKind.Absolute), key);
    }

    [Fact]
    public async Task the_xapi_export_gives_well_formed_statements_of_the_window_and_only_what_the_caller_may_see()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var (d, other) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var (l1, l2) = (await admin.RegisterLearnerAsync(d), await admin.RegisterLearnerAsync(other));
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var learner = server.ClientAs(l1, [Roles.Learner], [d]);
        const string Record = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { activityId } userErrors { code message field } } }";
        var inputs = new object[]
        {
            new { learnerId = l1, idempotencyKey = "x1", verb = "STARTED", @object = new { id = "pkg.x", kind = "PACKAGE" }, context = new { packageId = "pkg.x", packageVersion = "1.0.0" } },
            new { learnerId = l1, idempotencyKey = "x2", verb = "COMPLETED", @object = new { id = "pkg.x/lesson 1", kind = "LESSON" },
                result = new { score = 80.0, completion = true, durationSeconds = 90 }, context = new { packageId = "pkg.x", packageVersion = "1.0.0" } },
            new { learnerId = l1, idempotencyKey = "x3", verb = "PASSED", @object = new { id = "pkg.x/quiz-1", kind = "QUIZ" }, result = new { score = 100.0, success = true } },
            new { learnerId = l1, idempotencyKey = "x4", verb = "SUBMITTED_IDEA", @object = new { id = "idea-1", kind = "IDEA" } },
        };
        // The learner's own statements; the idea is server-attested, so an admin records it for them.
        foreach (var input in inputs) (await (input == inputs[^1] ? server.Client : learner).PostAsync(Record, new { input })).AssertNoErrors();
        (await admin.RecordActivityAsync(l2, "y1")).AssertNoErrors();
        var to = DateTimeOffset.UtcNow.AddMinutes(1);

        var mine = await ExportAll(learner, from, to, first: 3);
        Assert.Equal(4, mine.Count);
        foreach (var statement in mine) AssertIsXapiStatement(statement);
        Assert.All(mine, s => Assert.Equal(l1, s["actor"]!["account"]!["name"]!.GetValue<string>()));
        Assert.Equal(4, mine.Select(s => s["id"]!.GetValue<string>()).Distinct().Count());   // pages join without repeats

        var lesson = mine.Single(s => s["object"]!["id"]!.GetValue<string>().Contains("lesson"));
        Assert.Equal("http://adlnet.gov/expapi/verbs/completed", lesson["verb"]!["id"]!.GetValue<string>());
        Assert.Equal("完成", lesson["verb"]!["display"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal("http://adlnet.gov/expapi/activities/lesson", lesson["object"]!["definition"]!["type"]!.GetValue<string>());
        Assert.EndsWith("/activities/lesson/pkg.x/lesson%201", lesson["object"]!["id"]!.GetValue<string>());
        Assert.Equal((0.8, "PT90S"), (lesson["result"]!["score"]!["scaled"]!.GetValue<double>(), lesson["result"]!["duration"]!.GetValue<string>()));
        Assert.EndsWith("/activities/package/pkg.x", lesson["context"]!["contextActivities"]!["parent"]![0]!["id"]!.GetValue<string>());
        var idea = mine.Single(s => s["object"]!["id"]!.GetValue<string>().EndsWith("idea-1"));
        Assert.Equal("https://gamified.local/xapi/verbs/submitted-idea", idea["verb"]!["id"]!.GetValue<string>());

        // A manager of the learner's department sees them, not the other department; admins see both.
        var manager = server.ClientAs("mgr-" + d, [Roles.Manager], [d]);
        Assert.Equal(4, (await ExportAll(manager, from, to, 100)).Count);
        Assert.Equal(5, (await ExportAll(server.Client, from, to, 100)).Count);
        // The window bounds what is exported.
        Assert.Empty(await ExportAll(server.Client, from.AddDays(-2), from.AddDays(-1), 100));
        Assert.Equal("BAD_USER_INPUT", (await learner.PostAsync(Export, new { from, to, first = 100, after = "not-a-cursor" })).RefusalCode);
    }

    [Fact]
    public async Task an_open_badges_credential_verifies_and_fails_once_one_byte_is_changed_and_survives_a_restart()
    {
        var storage = ServerStorage.NewSqlite();
        string jwt;
        string l2;
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var admin = new Scenario(server.Client);
            var d = await admin.CreateDepartmentAsync();
            var l1 = await admin.RegisterLearnerAsync(d);
            l2 = await admin.RegisterLearnerAsync(d);
            (await server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
                new { input = new { learnerId = l1, badgeId = "data-pioneer", reason = "主持了部门数据共享试点" } })).AssertNoErrors();

            var learner = server.ClientAs(l1, [Roles.Learner], [d]);
            var issued = (await learner.QueryAsync("query($id: ID!) { badgeCredentials(learnerId: $id) { badgeId awardedAt credentialJson jwt } }",
                new { id = l1 }))["badgeCredentials"]!.AsArray().Single()!;
            Assert.Equal("data-pioneer", issued["badgeId"]!.GetValue<string>());
            var credential = JsonNode.Parse(issued["credentialJson"]!.GetValue<string>())!;
            Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                credential["@context"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Equal("Profile", credential["issuer"]!["type"]![0]!.GetValue<string>());
            Assert.True(DateTimeOffset.TryParse(credential["validFrom"]!.GetValue<string>(), out _));
            var achievement = credential["credentialSubject"]!["achievement"]!;
            Assert.Equal("Achievement", achievement["type"]![0]!.GetValue<string>());
            Assert.Equal("主持了部门数据共享试点", achievement["criteria"]!["narrative"]!.GetValue<string>());

            jwt = issued["jwt"]!.GetValue<string>();
            var parts = jwt.Split('.');
            Assert.Equal(3, parts.Length);
            Assert.Equal("ES256", JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!["alg"]!.GetValue<string>());
            var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
            Assert.Equal(credential.ToJsonString(), payload["vc"]!.ToJsonString());

            const string Verify = "query($jwt: String!) { verifyCredential(jwt: $jwt) { valid reason credentialJson } }";
            var verified = (await server.Anonymous.QueryAsync(Verify, new { jwt }))["verifyCredential"]!;
            Assert.True(verified["valid"]!.GetValue<bool>(), verified.ToJsonString());
            Assert.Equal(credential.ToJsonString(), JsonNode.Parse(verified["credentialJson"]!.GetValue<string>())!.ToJsonString());

            // One byte changed, in the payload or in the signature: it no longer verifies.
            foreach (var index in new[] { parts[0].Length + 1 + parts[1].Length / 2, jwt.Length - 5 })
            {
                var bytes = Encoding.ASCII.GetBytes(jwt);
                bytes[index] = (byte)(bytes[index] == 'A' ? 'B' : 'A');
                var tampered = (await server.Anonymous.QueryAsync(Verify, new { jwt = Encoding.ASCII.GetString(bytes) }))["verifyCredential"]!;
                Assert.False(tampered["valid"]!.GetValue<bool>());
                Assert.False(string.IsNullOrWhiteSpace(tampered["reason"]!.GetValue<string>()));
                Assert.Null(tampered["credentialJson"]);
            }

            // Anyone can check the signature offline with the published key.
            var jwk = JsonNode.Parse((await server.Anonymous.QueryAsync("{ credentialIssuerKey }"))["credentialIssuerKey"]!.GetValue<string>())!;
            Assert.Equal(("EC", "P-256"), (jwk["kty"]!.GetValue<string>(), jwk["crv"]!.GetValue<string>()));
            Assert.Null(jwk["d"]);                                                           // never the private part
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk["x"]!.GetValue<string>()), Y = Base64UrlEncoder.DecodeBytes(jwk["y"]!.GetValue<string>()) },
            });
            Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlEncoder.DecodeBytes(parts[2]), HashAlgorithmName.SHA256));

            // Another learner may not fetch someone else's credentials.
            var other = await server.ClientAs(l2, [Roles.Learner], [d]).PostAsync("query($id: ID!) { badgeCredentials(learnerId: $id) { jwt } }", new { id = l1 });
            Assert.Equal("FORBIDDEN", other.RefusalCode);
        }

        // The key lives in the data directory: after a restart the same credential still verifies.
        await using (var restarted = await GamifiedServer.StartAsync(storage))
        {
            var again = (await restarted.Anonymous.QueryAsync("query($jwt: String!) { verifyCredential(jwt: $jwt) { valid } }", new { jwt }))["verifyCredential"]!;
            Assert.True(again["valid"]!.GetValue<bool>());
        }
    }
}
