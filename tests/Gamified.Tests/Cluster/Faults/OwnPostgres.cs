using System.Diagnostics;
using Gamified.Tests.Contract;
using Gamified.Tests.Infrastructure;
using Npgsql;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temp dir, like ops/test.sh), so a test may stop and start it:
/// the shared one of ops/test.sh is never touched. It keeps its port across restarts, as a real database host does.
/// </summary>
internal sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _binaries;
    private readonly string _directory;
    private readonly string _extraSettings;

    private OwnPostgres(string binaries, string directory, int port, string extraSettings)
    {
        _binaries = binaries;
        _directory = directory;
        _extraSettings = extraSettings;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=40;Timeout=5";

    private string DataDirectory => Path.Combine(_directory, "pg");

    /// <param name="extraSettings">More <c>-c name=value</c> settings for the server (pg_stat_statements, say).</param>
    public static async Task<OwnPostgres> StartAsync(string extraSettings = "")
    {
        var binaries = System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin (ops/test.sh installs them).");
        // Directly under /tmp: the server's unix socket goes in here, and socket paths are limited to ~107 bytes.
        var directory = System.IO.Directory.CreateDirectory(Path.Combine("/tmp", "gamified-own-pg-" + Guid.NewGuid().ToString("n")[..8])).FullName;
        if (IsRoot) await Run("chown", ["postgres:", directory], asPostgres: false);
        var server = new OwnPostgres(binaries, directory, FreePort.Next(), extraSettings);
        await AsPostgres(server, Path.Combine(binaries, "initdb"), ["-D", server.DataDirectory, "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8"]);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        await AsPostgres(this, Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(_directory, "pg.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off {_extraSettings}", "start"]);
    }

    /// <summary>Stops the server as an operator's restart does (fast: open sessions are ended, nothing committed is lost).</summary>
    public Task StopAsync() =>
        AsPostgres(this, Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await AsPostgres(this, Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task AsPostgres(OwnPostgres server, string program, IEnumerable<string> arguments) =>
        Run(program, arguments, asPostgres: IsRoot, server._directory);

    private static async Task Run(string program, IEnumerable<string> arguments, bool asPostgres, string? workingDirectory = null)
    {
        string[] command = asPostgres ? ["-u", "postgres", "--", program, .. arguments] : [.. arguments];
        var (exit, output, errors) = await ChildProcess.RunAsync(asPostgres ? "runuser" : program, command,
            workingDirectory ?? Path.GetTempPath(), TimeSpan.FromSeconds(90));
        if (exit != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exit}): {output}\n{errors}");
    }
}
