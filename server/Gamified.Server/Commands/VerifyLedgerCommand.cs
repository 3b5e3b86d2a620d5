using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Api.Ledger;
using Gamified.Ledger.Log;
using Microsoft.IdentityModel.Tokens;
using Gamified.Storage.Ledger;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>verify-ledger [--saved FILE]... [--key JWK-FILE] [configuration overrides]</c>: checks the configured database against heads kept
/// outside it (docs/LEDGER.md): each FILE holds a signed checkpoint (<c>ledgerCheckpoint</c>'s JSON) or a receipt
/// (<c>ledgerInclusionProof</c>'s JSON, as the learner's page downloads it). Prints the first inconsistency and exits 1,
/// or prints what it checked and exits 0. Point it at a restored copy of the database to check an export.
/// </summary>
public static class VerifyLedgerCommand
{
    public static Command Create()
    {
        var saved = new Option<string[]>("--saved") { Description = "A saved checkpoint or receipt (JSON); repeat for several." };
        var key = new Option<string>("--key") { Description = "The organisation's public key as a JWK (credentialIssuerKey's JSON): check every saved head's signature." };
        var command = new Command("verify-ledger", "Check the ledger's chains and log against saved signed checkpoints and receipts.") { saved, key };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, ct) => Run(parsed.GetValue(saved) ?? [], parsed.GetValue(key), [.. parsed.UnmatchedTokens], ct));
        return command;
    }

    private static async Task<int> Run(string[] files, string? keyFile, string[] overrides, CancellationToken cancellationToken)
    {
        var heads = new List<SavedHead>();
        foreach (var file in files)
        {
            try
            {
                heads.Add(Read(file, JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken))!));
            }
            catch (Exception problem) when (problem is IOException or System.Text.Json.JsonException or NullReferenceException or FormatException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"{file}: not a checkpoint or receipt ({problem.Message})");
                return CommandLine.UsageError;
            }
        }
        if (keyFile is not null)
        {
            var (keyId, key) = ReadJwk(JsonNode.Parse(await File.ReadAllTextAsync(keyFile, cancellationToken))!);
            using (key)
                foreach (var head in heads)
                    if (head.Checkpoint.KeyId != keyId || !LedgerCheckpoints.IsSignedBy(head.Checkpoint, key))
                    {
                        Console.WriteLine($"INCONSISTENT: {head.Source}: the head of {head.Checkpoint.Size} leaves is not signed by key {keyId}");
                        return 1;
                    }
        }
        var app = CommandLine.BuildHost(overrides);
        var problemFound = await app.Services.GetRequiredService<LedgerLogAudit>().FirstInconsistency(heads, cancellationToken);
        if (problemFound is not null)
        {
            Console.WriteLine($"INCONSISTENT: {problemFound}");
            return 1;
        }
        Console.WriteLine($"ok: the chains verify and the log matches the ledger and {heads.Count} saved head(s)" +
            (keyFile is null ? " (signatures not checked: give --key)." : ", each signed by the key given."));
        return 0;
    }

    /// <summary>A checkpoint or a receipt, as the API returns them (the <c>data</c> wrapper may be left on or off).</summary>
    internal static SavedHead Read(string source, JsonNode json)
    {
        var node = json["data"] is { } data ? data.AsObject().First().Value! : json;
        if (node["checkpoint"] is { } head)
        {
            var leaf = node["leaf"]!;
            var checkpoint = Checkpoint(head);
            return new SavedHead(source, checkpoint, new LedgerInclusionProof(
                new LogLeaf(leaf["learnerId"]!.GetValue<string>(), leaf["seq"]!.GetValue<long>(), leaf["entryHash"]!.GetValue<string>(),
                    leaf["statementHash"]!.GetValue<string>()),
                node["leafIndex"]!.GetValue<long>(), node["auditPath"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(), checkpoint));
        }
        return new SavedHead(source, Checkpoint(node));
    }

    /// <summary>A P-256 public key from its JWK (as <c>credentialIssuerKey</c> serves it), and its id.</summary>
    private static (string KeyId, ECDsa Key) ReadJwk(JsonNode jwk) => (jwk["kid"]!.GetValue<string>(), ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk["x"]!.GetValue<string>()), Y = Base64UrlEncoder.DecodeBytes(jwk["y"]!.GetValue<string>()) },
    }));

    private static LedgerCheckpoint Checkpoint(JsonNode node) => new(node["size"]!.GetValue<long>(), node["root"]!.GetValue<string>(),
        DateTimeOffset.Parse(node["signedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture), node["keyId"]!.GetValue<string>(),
        node["signature"]!.GetValue<string>());
}
