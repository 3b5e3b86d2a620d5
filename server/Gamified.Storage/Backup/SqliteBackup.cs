using Gamified.Storage.Database;
using Microsoft.Data.Sqlite;

namespace Gamified.Storage.Backup;

/// <summary>What a backup wrote: the file, its size, and the ledger entries it holds (a figure to compare after a restore).</summary>
public sealed record SqliteBackupResult(string File, long Bytes, long LedgerEntries);

/// <summary>
/// An online, consistent copy of the SQLite database, through SQLite's backup API: it copies the pages of one snapshot
/// while the server goes on writing (a plain file copy of a database in WAL mode can catch half of a commit, or miss the
/// commits still in the -wal file). The copy is written beside the target and renamed when whole, and checked with
/// SQLite's integrity check before it is called a backup.
/// </summary>
public static class SqliteBackup
{
    public static async Task<SqliteBackupResult> WriteAsync(GamifiedDatabase database, string target, CancellationToken cancellationToken = default)
    {
        if (database.Provider != StorageProvider.Sqlite)
            throw new InvalidOperationException("backup copies the SQLite database; for PostgreSQL use pg_dump (docs/OPERATIONS.md, \"Back up and restore\").");
        target = Path.GetFullPath(target);
        if (File.Exists(target))
            throw new IOException($"{target} exists: a backup never overwrites a file; choose another name.");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        // The copy holds the server's secrets (the pseudonym key, password hashes, sign-in tokens): owner-only from its
        // first byte, which SQLite keeps when it writes into the empty file.
        var ownerOnly = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) ownerOnly.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(partial, ownerOnly)) { }

        // Pooling off: the copy's connection really closes, and with it the copy's own -wal file is folded in.
        var copy = new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString();
        long ledgerEntries;
        try
        {
            ledgerEntries = await Copy(database, copy, cancellationToken);
        }
        catch
        {
            File.Delete(partial);   // never a whole-looking copy left behind that failed its checks
            throw;
        }

        File.Move(partial, target);
        return new SqliteBackupResult(target, new FileInfo(target).Length, ledgerEntries);
    }

    private static Task<long> Copy(GamifiedDatabase database, string copy, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using (var destination = new SqliteConnection(copy))
            {
                await destination.OpenAsync(ct);
                ((SqliteConnection)connection).BackupDatabase(destination);
            }
            await using var check = new SqliteConnection(copy);
            await check.OpenAsync(ct);
            await using var integrity = new SqliteCommand("PRAGMA integrity_check", check);
            if (await integrity.ExecuteScalarAsync(ct) is not "ok" and var problem)
                throw new InvalidDataException($"The copy failed SQLite's integrity check: {problem}");
            await using var count = new SqliteCommand("SELECT count(*) FROM ledger_entries", check);
            return (long)(await count.ExecuteScalarAsync(ct))!;
        }, cancellationToken);
}
