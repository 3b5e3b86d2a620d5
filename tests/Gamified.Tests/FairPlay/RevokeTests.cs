using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// Taking awards back: a revocation is a new ledger entry (never an edit) that moves XP and boards, is audited and tells
/// the learner why; a revoked badge leaves the profile and its credential verifies as revoked. Run on both storages.
/// </summary>
public abstract class RevokeTests(ServerFixture fixture)
{
    private const string RevokeAward = "mutation($input: RevokeAwardInput!) { revokeAward(input: $input) { ledgerEntry { seq kind amount reason ruleId hash } userErrors { code message field } } }";
    private const string RevokeBadge = "mutation($input: RevokeBadgeInput!) { revokeBadge(input: $input) { ledgerEntry { seq kind amount badgeId reason ruleId } userErrors { code message field } } }";
    private const string Verify = "query($jwt: String!) { verifyCredential(jwt: $jwt) { valid revoked reason } }";

    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);

    [Fact]
    public async Task revoking_an_award_writes_a_compensating_entry_that_drops_xp_and_boards_is_audited_and_tells_the_learner_why()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        var managerId = Scenario.NewId("manager");
        var manager = Server.ClientAs(managerId, [Roles.Manager], [department]);
        (await Admin.RecordActivityAsync(learner, "lesson", verb: "COMPLETED")).AssertNoErrors();               // 10
        (await Admin.RecordActivityAsync(learner, "quiz", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors(); // 20
        await BoardScore(department, 30);
        var awarded = (await Admin.FullLedgerAsync(learner)).Single(e => e["amount"]!.GetValue<int>() == 20);
        var seq = awarded["seq"]!.GetValue<int>();

        var revoked = (await manager.PostAsync(RevokeAward, new { input = new { learnerId = learner, seq, reason = "测验由他人代答，撤销积分" } }))
            .AssertNoErrors().Data!["revokeAward"]!["ledgerEntry"]!;

        Assert.Equal(("XP", -20, $"revoke.{seq}"), (revoked["kind"]!.GetValue<string>(), revoked["amount"]!.GetValue<int>(), revoked["ruleId"]!.GetValue<string>()));
        Assert.Equal(10, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
        // The learner sees why in their own ledger, and the revoked entry is still there, unchanged.
        var own = await new Scenario(Server.ClientAs(learner, [Roles.Learner])).FullLedgerAsync(learner);
        Assert.Equal("测验由他人代答，撤销积分", own.Single(e => e["seq"]!.GetValue<int>() == revoked["seq"]!.GetValue<int>())["reason"]!.GetValue<string>());
        Assert.Equal(awarded.ToJsonString(), own.Single(e => e["seq"]!.GetValue<int>() == seq).ToJsonString());
        await BoardScore(department, 10);
        var verified = (await Server.Client.QueryAsync("query($id: ID) { verifyLedger(learnerId: $id) { ok } }", new { id = learner }))["verifyLedger"]!;
        Assert.True(verified["ok"]!.GetValue<bool>());
        var audit = await Poll.Until(() => Server.Client.QueryAsync("query($actor: String) { auditLog(actor: $actor) { edges { node { action target outcome } } } }", new { actor = managerId }),
            log => log["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]).ToList().Count > 0);
        var line = audit["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]).ToList().Single()!;
        Assert.Equal(("revokeAward", learner, "OK"), (line["action"]!.GetValue<string>(), line["target"]!.GetValue<string>(), line["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task revoking_the_same_award_twice_or_at_once_writes_one_entry()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        (await Admin.RecordActivityAsync(learner, "quiz", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            Server.Client.PostAsync(RevokeAward, new { input = new { learnerId = learner, seq = 1, reason = $"重复撤销 {i}" } })));
        var again = await Server.Client.PostAsync(RevokeAward, new { input = new { learnerId = learner, seq = 1, reason = "再撤销一次" } });

        var entries = answers.Append(again).Select(a => a.AssertNoErrors().Data!["revokeAward"]!["ledgerEntry"]!.ToJsonString()).Distinct().ToList();
        Assert.Single(entries);
        Assert.Equal(2, (await Admin.FullLedgerAsync(learner)).Count);
        Assert.Equal(0, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task only_an_xp_award_can_be_revoked_and_only_with_a_reason()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        (await Admin.RecordActivityAsync(learner, "quiz", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();   // seq 1
        (await Server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { ledgerSeq } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "helper", reason = "帮助同事" } })).AssertNoErrors();      // seq 2
        (await Server.Client.PostAsync(RevokeAward, new { input = new { learnerId = learner, seq = 1, reason = "撤销" } })).AssertNoErrors(); // seq 3

        foreach (var (seq, reason, code) in new[]
                 {
                     (2, "徽章不是积分", "NOT_REVOCABLE"), (3, "撤销撤销", "NOT_REVOCABLE"), (99, "不存在", "NOT_FOUND"),
                     (1, "", "BAD_USER_INPUT"), (1, "   ", "BAD_USER_INPUT"), (1, new string('理', 501), "BAD_USER_INPUT"),
                 })
            (await Server.Client.PostAsync(RevokeAward, new { input = new { learnerId = learner, seq, reason } })).AssertError(code);
        (await Server.Client.PostAsync(RevokeBadge, new { input = new { learnerId = learner, badgeId = "never-held", reason = "无此徽章" } })).AssertError("NOT_FOUND");
        Assert.Equal(3, (await Admin.FullLedgerAsync(learner)).Count);
    }

    [Fact]
    public async Task a_learner_a_manager_of_another_department_and_a_manager_revoking_their_own_award_are_refused()
    {
        var department = await Admin.CreateDepartmentAsync();
        var elsewhere = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        var managerLearner = await Admin.RegisterLearnerAsync(department);
        (await Admin.RecordActivityAsync(learner, "quiz", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        (await Admin.RecordActivityAsync(managerLearner, "quiz", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        (await Server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { ledgerSeq } userErrors { code message field } } }",
            new { input = new { learnerId = managerLearner, badgeId = "helper", reason = "帮助同事" } })).AssertNoErrors();

        var attempts = new (GraphQLClient Client, string Target)[]
        {
            (Server.ClientAs(learner, [Roles.Learner], [department]), learner),
            (Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [elsewhere]), learner),
            (Server.ClientAs(managerLearner, [Roles.Manager, Roles.Learner], [department]), managerLearner),
            (Server.ClientAs(managerLearner, [Roles.Admin]), managerLearner),
        };
        foreach (var (client, target) in attempts)
        {
            (await client.PostAsync(RevokeAward, new { input = new { learnerId = target, seq = 1, reason = "越权撤销" } })).AssertError("FORBIDDEN");
            (await client.PostAsync(RevokeBadge, new { input = new { learnerId = target, badgeId = "helper", reason = "越权撤销" } })).AssertError("FORBIDDEN");
        }
        Assert.Equal(20, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
        Assert.Equal(20, (await Admin.LearnerAsync(managerLearner))["xp"]!.GetValue<int>());
        Assert.Single((await Admin.LearnerAsync(managerLearner))["badges"]!.AsArray());
    }

    [Fact]
    public async Task a_revoked_badge_leaves_the_profile_its_status_bit_is_set_and_its_credential_verifies_as_revoked()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        var asLearner = Server.ClientAs(learner, [Roles.Learner], [department]);
        foreach (var badgeId in new[] { "kept", "taken" })
            (await Server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { ledgerSeq } userErrors { code message field } } }",
                new { input = new { learnerId = learner, badgeId, reason = "表现突出" } })).AssertNoErrors();
        var issued = (await asLearner.QueryAsync("query($id: ID!) { badgeCredentials(learnerId: $id) { badgeId credentialJson jwt } }", new { id = learner }))
            ["badgeCredentials"]!.AsArray().ToDictionary(c => c!["badgeId"]!.GetValue<string>(), c => c!);
        var (kept, taken) = (Status(issued["kept"]), Status(issued["taken"]));
        Assert.NotEqual(kept.Index, taken.Index);
        Assert.False(await BitAsync(taken.Url, taken.Index));
        var before = (await Server.Anonymous.QueryAsync(Verify, new { jwt = issued["taken"]["jwt"]!.GetValue<string>() }))["verifyCredential"]!;
        Assert.Equal((true, false), (before["valid"]!.GetValue<bool>(), before["revoked"]!.GetValue<bool>()));

        var manager = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [department]);
        var revoked = (await manager.PostAsync(RevokeBadge, new { input = new { learnerId = learner, badgeId = "taken", reason = "材料造假，收回徽章" } }))
            .AssertNoErrors().Data!["revokeBadge"]!["ledgerEntry"]!;
        var again = (await manager.PostAsync(RevokeBadge, new { input = new { learnerId = learner, badgeId = "taken", reason = "再收回一次" } }))
            .AssertNoErrors().Data!["revokeBadge"]!["ledgerEntry"]!;

        Assert.Equal(("BADGE_REVOKED", "taken", 0), (revoked["kind"]!.GetValue<string>(), revoked["badgeId"]!.GetValue<string>(), revoked["amount"]!.GetValue<int>()));
        Assert.Equal(revoked.ToJsonString(), again.ToJsonString());
        Assert.Equal(["kept"], (await Admin.LearnerAsync(learner))["badges"]!.AsArray().Select(b => b!["badgeId"]!.GetValue<string>()));
        Assert.Equal("材料造假，收回徽章", (await new Scenario(asLearner).FullLedgerAsync(learner)).Last()["reason"]!.GetValue<string>());
        Assert.Equal(["kept"], (await asLearner.QueryAsync("query($id: ID!) { badgeCredentials(learnerId: $id) { badgeId } }", new { id = learner }))
            ["badgeCredentials"]!.AsArray().Select(c => c!["badgeId"]!.GetValue<string>()));
        Assert.True(await BitAsync(taken.Url, taken.Index));
        Assert.False(await BitAsync(kept.Url, kept.Index));
        var after = (await Server.Anonymous.QueryAsync(Verify, new { jwt = issued["taken"]["jwt"]!.GetValue<string>() }))["verifyCredential"]!;
        Assert.Equal((false, true), (after["valid"]!.GetValue<bool>(), after["revoked"]!.GetValue<bool>()));
        Assert.Contains("revoked", after["reason"]!.GetValue<string>());
        var stillValid = (await Server.Anonymous.QueryAsync(Verify, new { jwt = issued["kept"]["jwt"]!.GetValue<string>() }))["verifyCredential"]!;
        Assert.Equal((true, false), (stillValid["valid"]!.GetValue<bool>(), stillValid["revoked"]!.GetValue<bool>()));
        Assert.True((await Server.Client.QueryAsync("query($id: ID) { verifyLedger(learnerId: $id) { ok } }", new { id = learner }))["verifyLedger"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_revoked_badge_is_not_awarded_again_by_the_engine()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        (await Admin.RecordActivityAsync(learner, "perfect-1", verb: "PASSED", objectKind: "QUIZ", objectId: "quiz-1", score: 100)).AssertNoErrors();
        Assert.Contains("perfect-score", (await Admin.LearnerAsync(learner))["badges"]!.AsArray().Select(b => b!["badgeId"]!.GetValue<string>()));

        (await Server.Client.PostAsync(RevokeBadge, new { input = new { learnerId = learner, badgeId = "perfect-score", reason = "满分成绩作废" } })).AssertNoErrors();
        (await Admin.RecordActivityAsync(learner, "perfect-2", verb: "PASSED", objectKind: "QUIZ", objectId: "quiz-2", score: 100)).AssertNoErrors();

        Assert.DoesNotContain("perfect-score", (await Admin.LearnerAsync(learner))["badges"]!.AsArray().Select(b => b!["badgeId"]!.GetValue<string>()));
        Assert.Single(await Admin.FullLedgerAsync(learner), e => e["kind"]!.GetValue<string>() == "BADGE" && e["badgeId"]!.GetValue<string>() == "perfect-score");
    }

    [Fact]
    public async Task a_status_list_beyond_the_issued_badges_or_not_a_number_is_not_found()
    {
        foreach (var list in new[] { "999999999", "-1", "abc", "1e3" })
            Assert.Equal(HttpStatusCode.NotFound, (await Server.Anonymous.Http.GetAsync($"/credentials/status/{list}")).StatusCode);
    }

    /// <summary>The sum of the scores on the department's all-time learner board (a fresh department: one learner), once it settles there.</summary>
    private Task BoardScore(string department, int score) =>
        Poll.Until(() => Server.Client.QueryAsync("""
            query($board: LeaderboardInput) { leaderboard(board: $board, window: ALL_TIME) { edges { node { score } } } }
            """, new { board = new { kind = "DEPARTMENT_LEARNERS", departmentId = department } }),
            b => b["leaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<double>()) == score);

    private static (string Url, int Index) Status(JsonNode issued)
    {
        var status = JsonNode.Parse(issued["credentialJson"]!.GetValue<string>())!["credentialStatus"]!;
        Assert.Equal(("BitstringStatusListEntry", "revocation"), (status["type"]!.GetValue<string>(), status["statusPurpose"]!.GetValue<string>()));
        return (status["statusListCredential"]!.GetValue<string>(), int.Parse(status["statusListIndex"]!.GetValue<string>()));
    }

    /// <summary>Reads a bit as a verifier would: fetch the list anonymously, check its signature with the published key, gunzip, look.</summary>
    private async Task<bool> BitAsync(string url, int index)
    {
        var response = await Server.Anonymous.Http.GetAsync(new Uri(url).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = (await response.Content.ReadAsStringAsync()).Split('.');
        var jwk = JsonNode.Parse((await Server.Anonymous.QueryAsync("{ credentialIssuerKey }"))["credentialIssuerKey"]!.GetValue<string>())!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk["x"]!.GetValue<string>()), Y = Base64UrlEncoder.DecodeBytes(jwk["y"]!.GetValue<string>()) },
        });
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlEncoder.DecodeBytes(parts[2]), HashAlgorithmName.SHA256));
        var vc = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!["vc"]!;
        Assert.Equal(url, vc["id"]!.GetValue<string>());
        Assert.Contains("BitstringStatusListCredential", vc["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        var encoded = vc["credentialSubject"]!["encodedList"]!.GetValue<string>();
        Assert.StartsWith("u", encoded);
        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await gzip.CopyToAsync(bits);
        Assert.True(bits.Length >= 16 * 1024);
        return (bits.GetBuffer()[index / 8] & (0x80 >> (index % 8))) != 0;
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class RevokeTestsOnSqlite(SqliteServerFixture fixture) : RevokeTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class RevokeTestsOnPostgres(PostgresServerFixture fixture) : RevokeTests(fixture);

/// <summary>The learner hears, live, that an award was taken back and why.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class RevokeLiveTests(SqliteServerFixture fixture)
{
    [Fact]
    public async Task the_learner_hears_live_which_award_was_revoked_and_why()
    {
        var server = fixture.Server;
        var admin = new Scenario(server.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());
        for (var i = 0; i < 10; i++) (await admin.RecordActivityAsync(learner, $"quiz-{i}", verb: "PASSED", objectKind: "QUIZ", objectId: $"quiz-{i}")).AssertNoErrors();

        await using var mine = await WsClient.ConnectAsync(server.Address);
        await mine.InitAsync(server.Services.GetRequiredServiceOf<LocalTokens>().Issue(learner, [Roles.Learner]));
        await mine.SubscribeAsync("r", "subscription($id: ID!) { awardRevoked(learnerId: $id) { revokedSeq amount reason } }", new { id = learner });

        var seq = (await admin.FullLedgerAsync(learner)).Where(e => e["kind"]!.GetValue<string>() == "XP").Select(e => e["seq"]!.GetValue<int>()).ElementAt(3);
        (await server.Client.PostAsync("mutation($input: RevokeAwardInput!) { revokeAward(input: $input) { ledgerEntry { seq } userErrors { code message field } } }",
            new { input = new { learnerId = learner, seq, reason = $"第 {seq} 次测验作弊" } })).AssertNoErrors();
        var revoked = (await mine.ReceiveAsync(TimeSpan.FromSeconds(30)))!["payload"]!["data"]!["awardRevoked"]!;
        Assert.Equal((seq, 20, $"第 {seq} 次测验作弊"),
            (revoked["revokedSeq"]!.GetValue<int>(), revoked["amount"]!.GetValue<int>(), revoked["reason"]!.GetValue<string>()));
    }
}
