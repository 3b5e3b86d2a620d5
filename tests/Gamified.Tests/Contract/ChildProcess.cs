using System.Diagnostics;

namespace Gamified.Tests.Contract;

/// <summary>Runs a program to its end and returns what it printed, as a shell's <c>$(…)</c> would see it.</summary>
internal static class ChildProcess
{
    /// <summary>The configuration the tests were built in, so a command run from the repository uses the same build.</summary>
    public static string BuildConfiguration() =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/release/", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";

    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string program, IEnumerable<string> arguments,
        string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException($"{program} could not be started ({missing.Message}): is it installed and on PATH? (README: Run)");
        }
        using var _ = process;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await output, await errors);
    }
}
