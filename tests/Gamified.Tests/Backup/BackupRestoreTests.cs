using System.Text.Json.Nodes;
using Gamified.Server.Commands;
using Gamified.Tests.Contract;
using Gamified.Tests.Infrastructure;
using Npgsql;

namespace Gamified.Tests.Backup;

/// <summary>
/// The restore paths of docs/OPERATIONS.md, on both databases: back up while the server runs, add activity, restore, and
/// the server comes back with every learner's hash chain intact and the XP, ledgers and board as they were at the backup.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task a_sqlite_backup_taken_while_serving_restores_the_state_at_the_backup_with_every_chain_intact()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        var backup = Path.Combine(Path.GetTempPath(), "gamified-tests", Guid.NewGuid().ToString("n"), "gamified-backup.db");
        Seeded seeded;
        string atBackup;
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            seeded = await Seeded.CreateAsync(server);
            atBackup = await seeded.StateAsync(server);
            Assert.Equal(0, await CommandLine.TryGet("backup")!(["--to", backup, .. storage.Arguments]));
            await seeded.MoreActivityAsync(server);
            Assert.NotEqual(atBackup, await seeded.StateAsync(server));
        }
        // The copy and its keys hold the server's secrets: readable by the server's own user only.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backup + ".keys"));
        }
        Assert.False(File.Exists(backup + ".partial"));
        // The key files went beside the backup, as they are (the credential key is made on first use: none was issued here).
        foreach (var key in new[] { "jwt-signing.key", "oidc-signing.pem", "oidc-encryption.key" })
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(storage.DataDirectory, key)), await File.ReadAllTextAsync(Path.Combine(backup + ".keys", key)));

        // Restore, with the server stopped: the backup becomes the database file, with no -wal or -shm of the old one left.
        // The stopped server ran in this process, whose connection pool still holds the old file open (a deleted file
        // stays readable through an open handle); a real restore stops the process, which closes them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(storage.DatabaseFile + suffix);
        File.Copy(backup, storage.DatabaseFile);
        await using var restored = await GamifiedServer.StartAsync(storage);
        await seeded.AssertRestoredAsync(restored, atBackup);
    }

    [Fact]
    public async Task a_postgres_dump_taken_while_serving_restores_into_a_new_database_with_the_state_at_the_dump()
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        var dump = Path.Combine(System.IO.Directory.CreateTempSubdirectory("gamified-dump-").FullName, "gamified.dump");
        var tools = await PostgresToolsAsync(storage.ConnectionString);
        Seeded seeded;
        string atBackup;
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            seeded = await Seeded.CreateAsync(server);
            atBackup = await seeded.StateAsync(server);
            // As docs/OPERATIONS.md says: the custom format, without the rows of the Orleans membership (which silos run
            // now: state of the running cluster, not data).
            var pgDump = await ChildProcess.RunAsync(Path.Combine(tools, "pg_dump"), ["--format=custom", "--file", dump,
                "--exclude-table-data=orleans_membership", "--exclude-table-data=orleans_membership_version", LibpqConnection(storage.ConnectionString)],
                Path.GetTempPath(), TimeSpan.FromMinutes(2));
            Assert.True(pgDump.Exit == 0, pgDump.Errors);
            await seeded.MoreActivityAsync(server);
            Assert.NotEqual(atBackup, await seeded.StateAsync(server));
        }

        // Restored as the owner into an empty database; the dump brings the server role's grants with it.
        var fresh = await ServerStorage.NewEmptyPostgresAsync();
        var pgRestore = await ChildProcess.RunAsync(Path.Combine(tools, "pg_restore"), ["--no-owner", "--exit-on-error",
            "--dbname", LibpqConnection(fresh.ConnectionString), dump], Path.GetTempPath(), TimeSpan.FromMinutes(2));
        Assert.True(pgRestore.Exit == 0, pgRestore.Errors);
        await using var restored = await GamifiedServer.StartAsync(fresh);
        await seeded.AssertRestoredAsync(restored, atBackup);
    }

    /// <summary>The pg_dump and pg_restore of the server's major version (Debian installs each under /usr/lib/postgresql/N/bin).</summary>
    private static async Task<string> PostgresToolsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version_num", connection);
        var major = int.Parse((string)(await command.ExecuteScalarAsync())!) / 10000;
        var bin = $"/usr/lib/postgresql/{major}/bin";
        Assert.True(File.Exists(Path.Combine(bin, "pg_dump")), $"no pg_dump for PostgreSQL {major} in {bin}");
        return bin;
    }

    private static string LibpqConnection(string npgsql)
    {
        var b = new NpgsqlConnectionStringBuilder(npgsql);
        return $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username}" + (string.IsNullOrEmpty(b.Password) ? "" : $" password={b.Password}");
    }

    /// <summary>Three learners of one department with activity, and what a restore must bring back.</summary>
    private sealed record Seeded(string Department, string[] Learners)
    {
        public static async Task<Seeded> CreateAsync(GamifiedServer server)
        {
            var scenario = new Scenario(server.Client);
            var department = await scenario.CreateDepartmentAsync();
            var learners = new string[3];
            for (var i = 0; i < learners.Length; i++)
            {
                learners[i] = await scenario.RegisterLearnerAsync(department);
                // Different amounts, so the board has an order to keep.
                for (var n = 0; n <= i; n++)
                    (await scenario.RecordActivityAsync(learners[i], $"before-{n}", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            }
            return new Seeded(department, learners);
        }

        public async Task MoreActivityAsync(GamifiedServer server)
        {
            var scenario = new Scenario(server.Client);
            foreach (var learner in Learners)
                (await scenario.RecordActivityAsync(learner, "after-backup", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            (await scenario.RecordActivityAsync(Learners[0], "after-backup-2", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        }

        /// <summary>XP and ledger length per learner, and the department's board once it has caught up with them.</summary>
        public async Task<string> StateAsync(GamifiedServer server)
        {
            var scenario = new Scenario(server.Client);
            var learners = new List<(string Id, int Xp, int Entries)>();
            foreach (var id in Learners)
                learners.Add((id, (await scenario.LearnerAsync(id))["xp"]!.GetValue<int>(), (await scenario.FullLedgerAsync(id)).Count));
            var expected = string.Join(",", learners.Select(l => (double)l.Xp).OrderDescending());
            var board = await Poll.Until(() => server.Client.QueryAsync("""
                query($board: LeaderboardInput) { leaderboard(board: $board, window: ALL_TIME) { edges { node { rank score } } } }
                """, new { board = new { kind = "DEPARTMENT_LEARNERS", departmentId = Department } }),
                b => Scores(b) == expected);
            return string.Join(";", learners.Select(l => $"{l.Id} xp {l.Xp} entries {l.Entries}")) + $"; board {Scores(board)}";
        }

        public async Task AssertRestoredAsync(GamifiedServer server, string atBackup)
        {
            var verify = (await server.Client.QueryAsync("{ verifyLedger { ok learnersChecked firstBrokenLink { learnerId seq problem } } }"))["verifyLedger"]!;
            Assert.True(verify["ok"]!.GetValue<bool>(), verify.ToJsonString());
            Assert.Equal(atBackup, await StateAsync(server));
        }

        private static string Scores(JsonNode board) =>
            string.Join(",", board["leaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!["score"]!.GetValue<double>()));
    }
}
