using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Api.Ledger;
using Gamified.Api.Ledger.Witness;
using Gamified.Common;
using Gamified.Ledger.Log;
using Gamified.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Tests.Ledger;

/// <summary>
/// A Gamified that witnesses for others (<c>POST /ledger/witness</c>): it keeps the heads a trusted sender signed, asks for the
/// consistency proof it needs, and refuses — with the fork alarm — a head that does not extend the ones it holds. And a
/// sending Gamified whose signed heads reach it over real HTTP.
/// </summary>
public sealed class LedgerWitnessTests
{
    [Fact]
    public async Task a_witness_keeps_consistent_heads_asks_for_proofs_and_raises_the_alarm_on_a_fork()
    {
        using var sender = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var received = System.IO.Directory.CreateTempSubdirectory("gamified-witnessed-").FullName;
        await using var witness = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            $"--Ledger:Witness:ReceiveDirectory={received}", $"--Ledger:Witness:Trusted:dept-a={Jwk(sender)}");
        using var alarms = new ForkAlarms(witness);
        var leaves = Enumerable.Range(0, 4).Select(i => SHA256.HashData([(byte)i])).ToList();
        var two = Head(sender, leaves, 2);
        var four = Head(sender, leaves, 4);

        var first = await Post(witness, new WitnessRequest(two, null, []));
        Assert.Equal((HttpStatusCode.OK, 2L), (first.Status, first.Body!["heldSize"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.OK, (await Post(witness, new WitnessRequest(two, null, []))).Status);   // a replay is kept once
        var unproven = await Post(witness, new WitnessRequest(four, null, []));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.WitnessProofRequired, 2L), (unproven.Status, unproven.Code, unproven.HeldSize));
        var proof = MerkleTree.ConsistencyProof(leaves, 2, 4).Select(Convert.ToHexStringLower).ToList();
        Assert.Equal(HttpStatusCode.OK, (await Post(witness, new WitnessRequest(four, 2, proof))).Status);
        Assert.Equal(four, CheckpointJson.Read(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(received, "dept-a", $"{4:D20}.json")))));

        var untrusted = await Post(witness, new WitnessRequest(Head(stranger, leaves, 3), null, []));
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.WitnessUntrusted), (untrusted.Status, untrusted.Code));
        var tampered = await Post(witness, new WitnessRequest(four with { Root = two.Root }, null, []));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.Status);   // the signature covers the root
        var malformed = await witness.Anonymous.Http.PostAsJsonAsync(WitnessEndpoint.Path, new { checkpoint = new { size = -1 } });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, alarms.Counted);

        // The sender's log rewritten under its first two leaves: the same size with another root, and a later head whose
        // proof leads from another tree.
        var rewritten = leaves.ToList();
        rewritten[0] = SHA256.HashData("rewritten"u8);
        var sameSize = await Post(witness, new WitnessRequest(Head(sender, rewritten, 4), null, []));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.LedgerFork), (sameSize.Status, sameSize.Code));
        rewritten.AddRange(Enumerable.Range(4, 2).Select(i => SHA256.HashData([(byte)i])));
        var later = await Post(witness, new WitnessRequest(Head(sender, rewritten, 6), 4,
            MerkleTree.ConsistencyProof(rewritten, 4, 6).Select(Convert.ToHexStringLower).ToList()));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.LedgerFork), (later.Status, later.Code));
        // Heads are public to signed-in users: posting the same bad head again is refused again but raises no second alarm.
        var again = await Post(witness, new WitnessRequest(Head(sender, rewritten, 6), 4,
            MerkleTree.ConsistencyProof(rewritten, 4, 6).Select(Convert.ToHexStringLower).ToList()));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.LedgerFork), (again.Status, again.Code));
        Assert.Equal(2, alarms.Counted);
        Assert.Equal(["dept-a@6", "dept-a@4"], await alarms.Audited());
        Assert.Equal(four, CheckpointJson.Read(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(received, "dept-a", $"{4:D20}.json")))));
    }

    [Fact]
    public async Task a_server_sends_every_head_it_signs_to_its_witness()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var received = System.IO.Directory.CreateTempSubdirectory("gamified-witnessed-").FullName;
        await using var witness = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            $"--Ledger:Witness:ReceiveDirectory={received}", $"--Ledger:Witness:Trusted:dept-b={Jwk(key)}");
        await using var origin = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            $"--Credentials:SigningKeyPem={key.ExportPkcs8PrivateKeyPem()}", $"--Ledger:Witness:Url={new Uri(witness.Address, WitnessEndpoint.Path)}");
        var scenario = new Scenario(origin.Client);
        var learner = await scenario.RegisterLearnerAsync(await scenario.CreateDepartmentAsync());
        var kept = new CheckpointDirectory(Path.Combine(received, "dept-b"));
        foreach (var step in new[] { "witnessed-1", "witnessed-2" })
        {
            (await scenario.RecordActivityAsync(learner, step, verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            var size = (await origin.Client.QueryAsync("mutation { signLedgerCheckpoint { ledgerCheckpoint { size } } }"))["signLedgerCheckpoint"]!["ledgerCheckpoint"]!["size"]!.GetValue<long>();
            // The second head reaches the witness only with a proof from the first: what it holds is one consistent log.
            await Poll.Until(() => Task.FromResult(kept.Latest()?.Size == size), $"the witness keeps the head of size {size}");
        }
    }

    private static async Task<(HttpStatusCode Status, string? Code, long? HeldSize, JsonNode? Body)> Post(GamifiedServer server, WitnessRequest request)
    {
        using var response = await server.Anonymous.Http.PostAsJsonAsync(WitnessEndpoint.Path, request.ToJson());
        var body = await response.Content.ReadFromJsonAsync<JsonNode>();
        var extensions = body?["errors"]?[0]?["extensions"];
        return (response.StatusCode, extensions?["code"]?.GetValue<string>(), extensions?["heldSize"]?.GetValue<long>(), body);
    }

    /// <summary>A head of the first <paramref name="size"/> leaves, signed as a Gamified signs them.</summary>
    private static LedgerCheckpoint Head(ECDsa key, IReadOnlyList<byte[]> leaves, long size)
    {
        var root = Convert.ToHexStringLower(MerkleTree.Root(leaves, size));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000 + size);
        var signature = key.SignData(System.Text.Encoding.UTF8.GetBytes(LedgerCheckpoint.SignedText(size, root, at)), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new LedgerCheckpoint(size, root, at, Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16],
            Base64UrlEncoder.Encode(signature));
    }

    private static string Jwk(ECDsa key)
    {
        var p = key.ExportParameters(false);
        return new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!) }.ToJsonString();
    }
}
