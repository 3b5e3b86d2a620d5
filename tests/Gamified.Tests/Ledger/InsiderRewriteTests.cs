using System.Data.Common;
using System.Text.Json.Nodes;
using Gamified.Api.Ledger.Witness;
using Gamified.Api.Security;
using Gamified.Ledger;
using Gamified.Ledger.Log;
using Gamified.Server.Commands;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gamified.Tests.Ledger;

/// <summary>
/// The insider of issue 20: with the database's credentials, they rewrite one learner's chain consistently (recomputed
/// hashes, adjusted account head) and the log's leaves and head with it. verifyLedger, and verify-ledger without
/// anything kept outside, cannot see it; verify-ledger with a checkpoint or a receipt saved before the rewrite does, and so
/// does the witness directory's copy of the head; the node itself raises the fork alarm at the next head it signs.
/// </summary>
public abstract class InsiderRewriteTests
{
    protected abstract Task<(GamifiedServer Server, ServerStorage Storage, Func<DbConnection> Open)> StartAsync(params string[] arguments);

    /// <summary>What the insider runs first: the append-only guards of the entries and the log, off.</summary>
    protected abstract string DisableGuards { get; }

    [Fact]
    public async Task a_consistent_rewrite_of_one_chain_passes_verify_ledger_but_not_a_saved_checkpoint_or_receipt_and_raises_the_fork_alarm()
    {
        var witnessDirectory = System.IO.Directory.CreateTempSubdirectory("gamified-witness-").FullName;
        var (server, storage, open) = await StartAsync($"--Ledger:Witness:Directory={witnessDirectory}");
        await using var _ = server;
        using var alarms = new ForkAlarms(server);
        var scenario = new Scenario(server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var victim = await scenario.RegisterLearnerAsync(department);
        var bystander = await scenario.RegisterLearnerAsync(department);
        foreach (var learner in new[] { victim, bystander })
            for (var i = 0; i < 3; i++) (await scenario.RecordActivityAsync(learner, $"insider-{i}", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();

        var directory = System.IO.Directory.CreateTempSubdirectory("gamified-receipts-").FullName;
        var checkpointFile = Path.Combine(directory, "checkpoint.json");
        var receiptFile = Path.Combine(directory, "receipt.json");
        var checkpoint = (await server.Client.QueryAsync("mutation { signLedgerCheckpoint { ledgerCheckpoint { size root signedAt keyId signature } } }"))
            ["signLedgerCheckpoint"]!["ledgerCheckpoint"]!;
        await File.WriteAllTextAsync(checkpointFile, checkpoint.ToJsonString());
        var receipt = (await server.ClientAs(victim, [Roles.Learner]).QueryAsync("""
            query($learner: ID!) { ledgerInclusionProof(learnerId: $learner, seq: 1) {
              leaf { learnerId seq entryHash statementHash } leafIndex auditPath checkpoint { size root signedAt keyId signature } } }
            """, new { learner = victim }))["ledgerInclusionProof"]!;
        await File.WriteAllTextAsync(receiptFile, receipt.ToJsonString());
        var keyFile = Path.Combine(directory, "key.jwk");
        await File.WriteAllTextAsync(keyFile, (await server.Client.QueryAsync("{ credentialIssuerKey }"))["credentialIssuerKey"]!.GetValue<string>());
        var forgedFile = Path.Combine(directory, "forged.json");
        var forged = checkpoint.DeepClone();
        forged["root"] = new string('0', 64);
        await File.WriteAllTextAsync(forgedFile, forged.ToJsonString());
        var verifyLedger = CommandLine.TryGet("verify-ledger")!;
        Assert.Equal(0, await verifyLedger(["--saved", checkpointFile, "--saved", receiptFile, "--key", keyFile, .. storage.Arguments]));
        Assert.Equal(1, await verifyLedger(["--saved", forgedFile, "--key", keyFile, .. storage.Arguments]));
        // The node verified the head it signed (the last one it will trust) and wrote it to the witness directory.
        var signedSize = checkpoint["size"]!.GetValue<long>();
        var witnessed = Path.Combine(witnessDirectory, $"{signedSize:D20}.json");
        await Poll.Until(() => Task.FromResult(server.Services.GetRequiredService<LedgerHeadWatch>().Verified?.Size == signedSize && File.Exists(witnessed)),
            "the node verified and witnessed the head it signed");

        await using (var connection = open())
        {
            await connection.OpenAsync();
            await Run(connection, DisableGuards);
            await RewriteChain(connection, victim);
            await RewriteLog(connection);
        }

        var chains = (await server.Client.QueryAsync("{ verifyLedger { ok } }"))["verifyLedger"]!;
        Assert.True(chains["ok"]!.GetValue<bool>());
        Assert.Equal(0, await verifyLedger([.. storage.Arguments]));
        Assert.Equal(1, await verifyLedger(["--saved", checkpointFile, .. storage.Arguments]));
        Assert.Equal(1, await verifyLedger(["--saved", receiptFile, .. storage.Arguments]));
        Assert.Equal(1, await verifyLedger(["--saved", witnessed, .. storage.Arguments]));

        // The next head the node signs, over the rewritten leaves, does not extend the one it verified: the alarm goes off.
        Assert.Equal(0, alarms.Counted);
        (await scenario.RecordActivityAsync(bystander, "insider-after", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        var after = (await server.Client.QueryAsync("mutation { signLedgerCheckpoint { ledgerCheckpoint { size } } }"))["signLedgerCheckpoint"]!["ledgerCheckpoint"]!["size"]!.GetValue<long>();
        await Poll.Until(async () => (await alarms.Audited()).Contains($"this@{after}"), "the fork alarm in the audit log");
        Assert.Equal(1, alarms.Counted);
        Assert.Equal(signedSize, server.Services.GetRequiredService<LedgerHeadWatch>().Verified!.Size);
        Assert.Contains(server.Log.Since(0), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.Contains("LEDGER FORK"));
    }

    /// <summary>The victim's first award is worth 100 XP more; every later hash, and the account's head, follow.</summary>
    private static async Task RewriteChain(DbConnection connection, string learner)
    {
        var rows = await Rows(connection, """
            SELECT seq, kind, amount, badge_id, reason, activity_id, challenge_id, rule_id, occurred_at, recorded_at, scheme_id, scheme_version
            FROM ledger_entries WHERE learner_id = @l ORDER BY seq
            """, ("l", learner));
        var previous = LedgerHash.Genesis;
        long xp = 0;
        foreach (var r in rows)
        {
            var seq = Convert.ToInt64(r[0]);
            var amount = Convert.ToInt32(r[2]) + (seq == 1 ? 100 : 0);
            var hash = LedgerHash.Compute(learner, seq, Enum.Parse<LedgerEntryKind>((string)r[1]), amount, r[3] as string, (string)r[4],
                r[5] as string, r[6] as string, r[7] as string, DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r[8])),
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r[9])), previous, r[10] as string, r[11] is DBNull ? null : Convert.ToInt32(r[11]));
            await Run(connection, "UPDATE ledger_entries SET amount = @a, previous_hash = @p, hash = @h WHERE learner_id = @l AND seq = @s",
                ("a", amount), ("p", previous), ("h", hash), ("l", learner), ("s", seq));
            previous = hash;
            xp += amount;
        }
        await Run(connection, "UPDATE learner_accounts SET xp = @x, last_hash = @h WHERE learner_id = @l", ("x", xp), ("h", previous), ("l", learner));
    }

    /// <summary>The log made to match the rewritten entries: every leaf recomputed, and the head with it.</summary>
    private static async Task RewriteLog(DbConnection connection)
    {
        var hashes = (await Rows(connection, "SELECT learner_id, seq, hash FROM ledger_entries"))
            .ToDictionary(r => ((string)r[0], Convert.ToInt64(r[1])), r => ((string)r[2]).Trim());
        var frontier = new MerkleFrontier();
        foreach (var r in await Rows(connection, "SELECT leaf_index, learner_id, seq, statement_hash FROM ledger_log ORDER BY leaf_index"))
        {
            var leaf = new LogLeaf((string)r[1], Convert.ToInt64(r[2]), hashes[((string)r[1], Convert.ToInt64(r[2]))], ((string)r[3]).Trim()).Hash();
            await Run(connection, "UPDATE ledger_log SET leaf_hash = @h WHERE leaf_index = @i", ("h", Convert.ToHexStringLower(leaf)), ("i", Convert.ToInt64(r[0])));
            frontier.Append(leaf);
        }
        await Run(connection, "UPDATE ledger_log_head SET size = @s, root = @r, frontier = @f WHERE id = 1",
            ("s", frontier.Size), ("r", Convert.ToHexStringLower(frontier.Root())), ("f", frontier.Serialize()));
    }

    private static async Task Run(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<object[]>> Rows(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

public sealed class InsiderRewriteTestsOnSqlite : InsiderRewriteTests
{
    protected override string DisableGuards => "DROP TRIGGER tr_ledger_entries_no_update; DROP TRIGGER tr_ledger_log_no_update;";

    protected override async Task<(GamifiedServer, ServerStorage, Func<DbConnection>)> StartAsync(params string[] arguments)
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        return (await GamifiedServer.StartAsync(storage, arguments), storage, () => new SqliteConnection($"Data Source={storage.DatabaseFile}"));
    }
}

public sealed class InsiderRewriteTestsOnPostgres : InsiderRewriteTests
{
    protected override string DisableGuards =>
        "ALTER TABLE ledger_entries DISABLE TRIGGER tr_ledger_entries_append_only; ALTER TABLE ledger_log DISABLE TRIGGER tr_ledger_log_append_only;";

    protected override async Task<(GamifiedServer, ServerStorage, Func<DbConnection>)> StartAsync(params string[] arguments)
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        return (await GamifiedServer.StartAsync(storage, arguments), storage, () => new NpgsqlConnection(storage.ConnectionString));
    }
}
