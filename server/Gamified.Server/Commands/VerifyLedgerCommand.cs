using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Gamified.Ledger.Log;
using Gamified.Storage.Ledger;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>verify-ledger [--saved FILE]... [configuration overrides]</c>: checks the configured database against heads kept
/// outside it (docs/LEDGER.md): each FILE holds a signed checkpoint (<c>ledgerCheckpoint</c>'s JSON) or a receipt
/// (<c>ledgerInclusionProof</c>'s JSON, as the learner's page downloads it). Prints the first inconsistency and exits 1,
/// or prints what it checked and exits 0. Point it at a restored copy of the database to check an export.
/// </summary>
public static class VerifyLedgerCommand
{
    public static Command Create()
    {
        var saved = new Option<string[]>("--saved") { Description = "A saved checkpoint or receipt (JSON); repeat for several." };
        var command = new Command("verify-ledger", "Check the ledger's chains and log against saved signed checkpoints and receipts.") { saved };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, ct) => Run(parsed.GetValue(saved) ?? [], [.. parsed.UnmatchedTokens], ct));
        return command;
    }

    private static async Task<int> Run(string[] files, string[] overrides, CancellationToken cancellationToken)
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
        var app = CommandLine.BuildHost(overrides);
        var problemFound = await app.Services.GetRequiredService<LedgerLogAudit>().FirstInconsistency(heads, cancellationToken);
        if (problemFound is not null)
        {
            Console.WriteLine($"INCONSISTENT: {problemFound}");
            return 1;
        }
        Console.WriteLine($"ok: the chains verify and the log matches the ledger and {heads.Count} saved head(s).");
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

    private static LedgerCheckpoint Checkpoint(JsonNode node) => new(node["size"]!.GetValue<long>(), node["root"]!.GetValue<string>(),
        DateTimeOffset.Parse(node["signedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture), node["keyId"]!.GetValue<string>(),
        node["signature"]!.GetValue<string>());
}
