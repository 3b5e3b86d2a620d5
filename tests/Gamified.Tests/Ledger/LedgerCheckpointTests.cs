using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Api.Ledger;
using Gamified.Api.Security;
using Gamified.Ledger.Log;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Ledger;

/// <summary>Signed heads over the API: signed with the organisation key that the server publishes, kept, and shown to anyone signed in.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class LedgerCheckpointTests(SqliteServerFixture fixture)
{
    private const string Fields = "size root signedAt keyId signature";

    [Fact]
    public async Task an_admin_signs_the_head_with_the_published_key_and_a_learner_reads_it_back()
    {
        var scenario = new Scenario(fixture.Server.Client);
        var learner = await scenario.RegisterLearnerAsync(await scenario.CreateDepartmentAsync());
        (await scenario.RecordActivityAsync(learner, "checkpoint-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();

        var signed = (await fixture.Server.Client.QueryAsync($"mutation {{ signLedgerCheckpoint {{ ledgerCheckpoint {{ {Fields} }} }} }}"))["signLedgerCheckpoint"]!["ledgerCheckpoint"]!;
        var seen = (await fixture.Server.ClientAs(learner, [Roles.Learner]).QueryAsync($"{{ ledgerCheckpoint {{ {Fields} }} }}"))["ledgerCheckpoint"]!;

        var checkpoint = Read(signed);
        Assert.True(checkpoint.Size >= 1);
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.Root);
        Assert.True(Read(seen).Size >= checkpoint.Size);
        var jwk = JsonNode.Parse((await fixture.Server.Client.QueryAsync("{ credentialIssuerKey }"))["credentialIssuerKey"]!.GetValue<string>())!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url(jwk["x"]!), Y = Base64Url(jwk["y"]!) },
        });
        Assert.Equal(jwk["kid"]!.GetValue<string>(), checkpoint.KeyId);
        Assert.True(LedgerCheckpoints.IsSignedBy(checkpoint, key));
        Assert.False(LedgerCheckpoints.IsSignedBy(checkpoint with { Size = checkpoint.Size + 1 }, key));
        Assert.False(LedgerCheckpoints.IsSignedBy(checkpoint with { Root = new string('0', 64) }, key));
    }

    [Fact]
    public async Task a_learner_proves_their_entry_is_in_a_signed_head_and_a_later_head_extends_it_and_others_may_not_ask()
    {
        var scenario = new Scenario(fixture.Server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var learner = await scenario.RegisterLearnerAsync(department);
        var stranger = await scenario.RegisterLearnerAsync(department);
        (await scenario.RecordActivityAsync(learner, "receipt-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        var first = Read(await Sign());
        (await scenario.RecordActivityAsync(learner, "receipt-2", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        var second = Read(await Sign());
        var asLearner = fixture.Server.ClientAs(learner, [Roles.Learner]);

        const string Inclusion = """
            query($learner: ID!, $size: Long) { ledgerInclusionProof(learnerId: $learner, seq: 1, checkpointSize: $size) {
              leaf { learnerId seq entryHash statementHash } leafIndex auditPath checkpoint { size root signedAt keyId signature } } }
            """;
        var node = (await asLearner.QueryAsync(Inclusion, new { learner, size = first.Size }))["ledgerInclusionProof"]!;
        var leaf = node["leaf"]!;
        var proof = new LedgerInclusionProof(
            new LogLeaf(leaf["learnerId"]!.GetValue<string>(), leaf["seq"]!.GetValue<long>(), leaf["entryHash"]!.GetValue<string>(), leaf["statementHash"]!.GetValue<string>()),
            node["leafIndex"]!.GetValue<long>(), node["auditPath"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(), Read(node["checkpoint"]!));
        Assert.Equal(first, proof.Checkpoint);
        Assert.True(proof.Holds());
        Assert.NotEqual(LogLeaf.NoStatement, proof.Leaf.StatementHash);
        Assert.False((proof with { Leaf = proof.Leaf with { EntryHash = new string('0', 64) } }).Holds());
        (await fixture.Server.ClientAs(stranger, [Roles.Learner]).PostAsync(Inclusion, new { learner, size = first.Size })).AssertError("FORBIDDEN");

        var consistency = (await asLearner.QueryAsync("""
            query($from: Long!, $to: Long) { ledgerConsistencyProof(fromSize: $from, toSize: $to) { path } }
            """, new { from = first.Size, to = second.Size }))["ledgerConsistencyProof"]!;
        var path = consistency["path"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.True(new LedgerConsistencyProof(first, second, path).Holds());
        Assert.False(new LedgerConsistencyProof(first with { Root = second.Root }, second, path).Holds());
        var kept = (await asLearner.QueryAsync("query($after: Long) { ledgerCheckpoints(first: 100, after: $after) { size } }", new { after = second.Size + 1 }))["ledgerCheckpoints"]!
            .AsArray().Select(c => c!["size"]!.GetValue<long>()).ToList();
        Assert.Equal(second.Size, kept[0]);
        Assert.Contains(first.Size, kept);
    }

    private async Task<JsonNode> Sign() =>
        (await fixture.Server.Client.QueryAsync($"mutation {{ signLedgerCheckpoint {{ ledgerCheckpoint {{ {Fields} }} }} }}"))["signLedgerCheckpoint"]!["ledgerCheckpoint"]!;

    private static LedgerCheckpoint Read(JsonNode node) => new(node["size"]!.GetValue<long>(), node["root"]!.GetValue<string>(),
        DateTimeOffset.Parse(node["signedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
        node["keyId"]!.GetValue<string>(), node["signature"]!.GetValue<string>());

    private static byte[] Base64Url(JsonNode value) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(value.GetValue<string>());
}
