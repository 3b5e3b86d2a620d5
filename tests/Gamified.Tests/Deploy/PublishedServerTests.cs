using System.Text.RegularExpressions;
using Gamified.Tests.Contract;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Deploy;

/// <summary>
/// What an installation runs: the output of <c>dotnet publish</c>, started with <c>dotnet Gamified.Server.dll</c> outside
/// Development on SQLite in a data directory of its own, with the content packages beside it (as the image and the systemd
/// unit lay them out). It serves the built pages and the packages' files.
/// </summary>
public sealed partial class PublishedServerTests
{
    [Fact]
    public async Task the_published_server_starts_and_serves_the_built_pages_and_the_content_packages()
    {
        await EnsurePagesBuiltAsync();
        // From the build the tests were made with (a second build would race theirs); publishing still lays out the
        // output as an installation gets it, pages in wwwroot/ included.
        var output = System.IO.Directory.CreateTempSubdirectory("gamified-published-").FullName;
        var publish = await ChildProcess.RunAsync("dotnet", ["publish", Repository.PathOf("server", "Gamified.Server", "Gamified.Server.csproj"),
            "-c", ChildProcess.BuildConfiguration(), "--no-build", "-o", output], Repository.Root, TimeSpan.FromMinutes(3), NoLogo);
        Assert.True(publish.Exit == 0, $"dotnet publish failed: {publish.Output}\n{publish.Errors}");
        Assert.True(File.Exists(Path.Combine(output, "wwwroot", "index.html")), "the published output has no pages (wwwroot/index.html)");
        CopyDirectory(Repository.PathOf("content"), Path.Combine(output, "content"));

        var port = FreePort.Next();
        var data = System.IO.Directory.CreateTempSubdirectory("gamified-published-data-").FullName;
        await using var server = RunningProcess.Start("dotnet",
            [Path.Combine(output, "Gamified.Server.dll"), $"--Urls=http://127.0.0.1:{port}", $"--Storage:DataDirectory={data}",
             $"--Orleans:SiloPort={FreePort.Next()}", $"--Content:Directory={Path.Combine(output, "content")}"],
            output, new Dictionary<string, string?>(NoLogo) { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        await server.WaitForLineAsync(Listening(), TimeSpan.FromMinutes(1));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await Poll.Until(async () => (await http.GetAsync("health/ready")).IsSuccessStatusCode, "the published server became ready");
        var page = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(output, "wwwroot", "index.html")), await page.Content.ReadAsStringAsync());

        // A package file from content/, byte for byte, once the loader has read the packages.
        const string package = "gov.data-sharing.basics";
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("content", package, "manifest.json")))!;
        var address = $"packages/{package}/{(string)manifest["version"]!}/files/assets/badge.svg";
        await Poll.Until(async () => (await http.GetAsync(address)).IsSuccessStatusCode, $"{address} was served");
        Assert.Equal(await File.ReadAllBytesAsync(Repository.PathOf("content", package, "assets", "badge.svg")), await http.GetByteArrayAsync(address));
    }

    private static readonly Dictionary<string, string?> NoLogo = new() { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };

    private static readonly SemaphoreSlim Pages = new(1, 1);

    /// <summary>The server's build makes the pages unless told not to (GamifiedSkipWebBuild); where it was told not to and
    /// they are missing, build them here the same way (npm ci, npm run build in web/).</summary>
    private static async Task EnsurePagesBuiltAsync()
    {
        var web = Repository.PathOf("web");
        await Pages.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(web, "dist", "index.html"))) return;
            if (!File.Exists(Path.Combine(web, "node_modules", ".package-lock.json")))
            {
                var install = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], web, TimeSpan.FromMinutes(5),
                    new Dictionary<string, string?> { ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1" });
                Assert.True(install.Exit == 0, $"npm ci in web/ failed: {install.Errors}");
            }
            var build = await ChildProcess.RunAsync("npm", ["run", "build"], web, TimeSpan.FromMinutes(5));
            Assert.True(build.Exit == 0, $"npm run build in web/ failed: {build.Output}\n{build.Errors}");
        }
        finally
        {
            Pages.Release();
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"Now listening on|Application started")]
    private static partial Regex Listening();
}
