namespace Gamified.Tests.Contract;

/// <summary>A small Node.js tool of the repository (its own package.json and package-lock.json, e.g. ops/schema-check), run with node.</summary>
internal static class NodeTool
{
    // One npm ci at a time: tests of one tool run in parallel and would install into the same node_modules.
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Runs <c>node {script} {arguments}</c> in the repository root, after <c>npm ci</c> in <paramref name="folder"/> when its
    /// packages are missing or older than the lock file (as the web build does).</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string folder, string script, IEnumerable<string> arguments)
    {
        await Install.WaitAsync();
        try
        {
            var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
            if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(Path.Combine(folder, "package-lock.json")))
            {
                var npm = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5));
                Assert.True(npm.Exit == 0, $"npm ci in {folder} failed: {npm.Errors}");
            }
        }
        finally
        {
            Install.Release();
        }
        return await ChildProcess.RunAsync("node", [Path.Combine(folder, script), .. arguments], Repository.Root, TimeSpan.FromMinutes(2));
    }
}
