using System.CommandLine;
using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Server.Identity;
using Gamified.Storage.Backup;
using Gamified.Storage.Database;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>backup --to FILE [configuration overrides]</c>: an online, consistent copy of the SQLite database (the server may be
/// running), and beside it, in <c>FILE.keys/</c>, the key files of the data directory, without which a restored server
/// could not verify the credentials and tokens it issued. Prints each file it wrote. PostgreSQL is backed up with
/// pg_dump (docs/OPERATIONS.md), the key files the same way.
/// </summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "The backup file to write (it must not exist); the key files go to FILE.keys/.", Required = true };
        var command = new Command("backup", "Copy the SQLite database (online, consistent) and the key files of the data directory.") { to };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, ct) => Run(parsed.GetRequiredValue(to), [.. parsed.UnmatchedTokens], ct));
        return command;
    }

    private static async Task<int> Run(string target, string[] overrides, CancellationToken cancellationToken)
    {
        var app = CommandLine.BuildHost(overrides);
        var services = app.Services;
        var database = services.GetRequiredService<GamifiedDatabase>();
        if (database.Provider != StorageProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync("Storage:Provider is Postgres: back the database up with pg_dump (docs/OPERATIONS.md, \"Back up and restore\").");
            return 1;
        }
        if (File.Exists(target) || System.IO.Directory.Exists(target + ".keys"))
        {
            await Console.Error.WriteLineAsync($"{target} (or {target}.keys) exists: a backup never overwrites; choose another name.");
            return 1;
        }

        var written = await SqliteBackup.WriteAsync(database, target, cancellationToken);
        Console.WriteLine($"Database: {written.File} ({written.Bytes:N0} bytes, {written.LedgerEntries:N0} ledger entries, integrity ok)");

        // Owner-only from its creation: the key files go in it.
        var keys = OperatingSystem.IsWindows()
            ? System.IO.Directory.CreateDirectory(written.File + ".keys")
            : System.IO.Directory.CreateDirectory(written.File + ".keys", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var (file, isDirectory) in KeyFiles(services))
        {
            var copy = Path.Combine(keys.FullName, Path.GetFileName(file));
            if (isDirectory) CopyDirectory(file, copy);
            else File.Copy(file, copy);
            Console.WriteLine($"Key: {copy}");
        }
        return 0;
    }

    /// <summary>The key files the server keeps (by default in its data directory) that exist here; keys given inline in
    /// configuration (Credentials:SigningKeyPem) are the configuration's to keep.</summary>
    private static IEnumerable<(string Path, bool IsDirectory)> KeyFiles(IServiceProvider services)
    {
        var dataDirectory = Path.GetFullPath(services.GetRequiredService<StorageOptions>().DataDirectory);
        string Resolve(string file) => Path.IsPathRooted(file) ? file : Path.Combine(dataDirectory, file);
        var provider = services.GetRequiredService<BuiltInProviderOptions>();
        var files = new[]
        {
            Resolve(services.GetRequiredService<CredentialOptions>().SigningKeyFile),
            Resolve(provider.SigningKeyFile),
            Resolve(provider.EncryptionKeyFile),
            Resolve(services.GetRequiredService<AuthOptions>().LocalSigningKeyFile),
        };
        foreach (var file in files.Distinct().Where(File.Exists)) yield return (file, false);
        var keyRing = Path.Combine(dataDirectory, "data-protection-keys");
        if (System.IO.Directory.Exists(keyRing)) yield return (keyRing, true);
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
