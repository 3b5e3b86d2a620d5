using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Gamified.Tests.Contract;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>
/// One server as a real process (<c>dotnet Gamified.Server.dll</c> from the build the tests run in), on its own HTTP and
/// silo ports, with everything it prints kept in a log file of its own. It can be killed (SIGKILL), stopped as a
/// service manager stops it (SIGTERM) and started again with the same settings.
/// </summary>
internal sealed class ServerNode : IAsyncDisposable
{
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string[] _arguments;
    private Process? _process;
    private StreamWriter? _log;

    public ServerNode(string name, int httpPort, string logDirectory, IEnumerable<string> arguments)
    {
        Name = name;
        Address = new Uri($"http://127.0.0.1:{httpPort}");
        LogFile = Path.Combine(logDirectory, name + ".log");
        _arguments = [ServerDll, $"--Urls={Address.ToString().TrimEnd('/')}", .. arguments];
    }

    public string Name { get; }

    public Uri Address { get; }

    public string LogFile { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server's dll in the configuration the tests were built in (the test project builds it).</summary>
    public static string ServerDll => Repository.PathOf(".artifacts", "bin", "Gamified.Server", ChildProcess.BuildConfiguration().ToLowerInvariant(),
        "Gamified.Server.dll");

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        start.Environment["DOTNET_NOLOGO"] = "1";
        _log?.Dispose();
        _process?.Dispose();
        _log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        _log.WriteLine($"==== {DateTimeOffset.UtcNow:HH:mm:ss.fff} start");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = _log;
        void Write(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine(line);
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Until <c>/health/ready</c> answers 200; fails with the end of the node's log if it exits or takes over a minute.</summary>
    public async Task WaitReadyAsync()
    {
        var watch = Stopwatch.StartNew();
        while (!await IsReadyAsync())
        {
            if (_process is not { HasExited: false }) throw new InvalidOperationException($"{Name} exited while starting:\n{LogTail()}");
            if (watch.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{Name} not ready within 60 s:\n{LogTail()}");
            await Task.Delay(100);
        }
    }

    public async Task<bool> IsReadyAsync() => await ReadinessAsync() == HttpStatusCode.OK;

    /// <summary>What <c>/health/ready</c> answers; null when nothing answers.</summary>
    public async Task<HttpStatusCode?> ReadinessAsync()
    {
        try
        {
            using var answer = await Health.GetAsync(new Uri(Address, "/health/ready"));
            return answer.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running");
        process.Kill();
        await process.WaitForExitAsync();
        _log!.WriteLine($"==== {DateTimeOffset.UtcNow:HH:mm:ss.fff} killed");
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service, then waits (at most a minute) until the process has exited; its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running");
        _log!.WriteLine($"==== {DateTimeOffset.UtcNow:HH:mm:ss.fff} SIGTERM");
        if (SendSignal(process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        _log.WriteLine($"==== {DateTimeOffset.UtcNow:HH:mm:ss.fff} exited with {process.ExitCode}");
        return process.ExitCode;
    }

    public string LogTail(int lines = 80)
    {
        lock (_log ?? new object())
        {
            _log?.Flush();
        }
        using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_log is not null) await _log.DisposeAsync();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
