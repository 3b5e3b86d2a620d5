using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gamified.Server.Hosting;
using Gamified.Tests.Contract;

namespace Gamified.Tests.Deploy;

/// <summary>
/// The deployment files of ops/deploy/ agree with the server they deploy. No image can be built here (no Docker engine),
/// so they are checked with what is served: <c>systemd-analyze verify</c> for the unit, the Kubernetes API schemas
/// (kubernetes-models, ops/deploy/check/) for the manifests, and for all of them: every setting they give is one the
/// server reads, and the ports, paths and user match.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static string Deploy(params string[] parts) => Repository.PathOf(["ops", "deploy", .. parts]);

    private static readonly string CheckTool = Deploy("check");

    [Fact]
    public async Task the_systemd_unit_verifies_and_runs_the_published_server_hardened_with_its_data_directory_writable()
    {
        var unit = await File.ReadAllTextAsync(Deploy("systemd", "gamified.service"));
        // systemd-analyze wants the ExecStart program to exist: a copy of the unit runs a stand-in this test makes.
        var folder = System.IO.Directory.CreateTempSubdirectory("gamified-unit-").FullName;
        var standIn = Path.Combine(folder, "dotnet");
        await File.WriteAllTextAsync(standIn, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var copy = Path.Combine(folder, "gamified.service");
        await File.WriteAllTextAsync(copy, unit.Replace("ExecStart=/usr/bin/dotnet ", $"ExecStart={standIn} "));

        var verify = await ChildProcess.RunAsync("systemd-analyze", ["verify", copy], folder, TimeSpan.FromMinutes(1));
        Assert.True(verify.Exit == 0 && verify.Errors.Trim().Length == 0, $"systemd-analyze verify: {verify.Output}\n{verify.Errors}");

        var settings = Lines(unit, "Environment").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        AssertKnown(settings.Keys, "gamified.service");
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/gamified/Gamified.Server.dll", unit);
        Assert.Contains($"ReadWritePaths={settings["Storage__DataDirectory"]}", unit);
        foreach (var hardening in new[] { "ProtectSystem=strict", "NoNewPrivileges=true", "User=gamified" }) Assert.Contains(hardening, unit);
        Assert.True(Seconds(Lines(unit, "TimeoutStopSec").Single()) >= 30, "TimeoutStopSec leaves no time for a graceful stop");
        Assert.Matches(@"(?m)^Restart=on-failure$", unit);
    }

    [Fact]
    public async Task the_kubernetes_manifests_match_the_kubernetes_schemas_and_set_only_settings_the_server_reads()
    {
        var (exit, output, errors) = await NodeTool.RunAsync(CheckTool, "check.mjs", [Deploy("kubernetes")]);
        Assert.True(exit == 0, $"{output}\n{errors}");
        foreach (var kind in new[] { "Deployment", "Service", "PodDisruptionBudget", "ConfigMap", "Job", "ServiceAccount", "Role", "RoleBinding" })
            Assert.Contains($": {kind} ", output);

        var configMap = (await ReadYamlAsync(Deploy("kubernetes", "configmap.yaml"))).Single()!;
        var deployment = (await ReadYamlAsync(Deploy("kubernetes", "deployment.yaml"))).Single()!;
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        AssertKnown([.. configMap["data"]!.AsObject().Select(p => p.Key), .. container["env"]!.AsArray().Select(e => (string)e!["name"]!)], "kubernetes");

        Assert.Equal("true", (string?)configMap["data"]!["Orleans__Kubernetes"]);
        Assert.Equal(3, (int)deployment["spec"]!["replicas"]!);
        Assert.Equal("status.podIP", (string?)container["env"]!.AsArray().Single(e => (string?)e!["name"] == "Orleans__AdvertisedAddress")!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("/health/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health/live", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal(new GamifiedOrleansOptions().SiloPort, (int)container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "silo")!["containerPort"]!);
        Assert.Equal(int.Parse((string)configMap["data"]!["Orleans__SiloPort"]!), new GamifiedOrleansOptions().SiloPort);
    }

    [Fact]
    public async Task the_image_runs_as_a_non_root_user_with_the_pages_and_content_and_its_ports_and_paths_agree_with_compose()
    {
        var dockerfile = await File.ReadAllTextAsync(Deploy("Dockerfile"));
        var runtime = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.StartsWith("\nFROM mcr.microsoft.com/dotnet/aspnet:10.0", runtime);
        Assert.DoesNotContain("GamifiedSkipWebBuild=true", dockerfile);
        Assert.Contains("test -f /app/wwwroot/index.html", dockerfile);
        var user = Lines(runtime, "USER").Single();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);

        var environment = EnvPairs().Matches(runtime).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
        AssertKnown(environment.Keys, "Dockerfile");
        var httpPort = int.Parse(Regex.Match(environment["ASPNETCORE_URLS"], @":(\d+)$").Groups[1].Value);
        var exposed = Lines(runtime, "EXPOSE").Single().Split(' ').Select(int.Parse).ToList();
        Assert.Equal([httpPort, new GamifiedOrleansOptions().SiloPort], exposed);
        Assert.Contains($"COPY content/ {environment["Content__Directory"]}/", runtime);
        Assert.Contains($"VOLUME {environment["Storage__DataDirectory"]}", runtime);
        Assert.Contains($"http://127.0.0.1:{httpPort}/health/live", Lines(runtime, "HEALTHCHECK").Single());

        var compose = (await ReadYamlAsync(Deploy("compose.yaml"))).Single()!["services"]!.AsObject();
        Assert.Equal(["postgres", "redis", "migrate", "node-a", "node-b"], compose.Select(s => s.Key));
        Assert.Equal(["migrate"], compose["migrate"]!["command"]!.AsArray().Select(c => (string)c!));
        AssertKnown(compose["migrate"]!["environment"]!.AsObject().Select(p => p.Key), "compose.yaml migrate");
        foreach (var name in new[] { "node-a", "node-b" })
        {
            var node = compose[name]!;
            var settings = node["environment"]!.AsObject();
            AssertKnown(settings.Select(p => p.Key), $"compose.yaml {name}");
            Assert.Equal("Postgres", (string?)settings["Storage__Provider"]);
            Assert.False(string.IsNullOrEmpty((string?)settings["Leaderboards__Redis"]), $"{name} has no Redis boards");
            // Each node advertises the address it has on the cluster network, and serves the image's HTTP port.
            Assert.Equal((string?)node["networks"]!["cluster"]!["ipv4_address"], (string?)settings["Orleans__AdvertisedAddress"]);
            Assert.EndsWith($":{httpPort}", (string)node["ports"]![0]!);
            Assert.Contains(node["volumes"]!.AsArray(), v => ((string)v!).EndsWith($":{environment["Storage__DataDirectory"]}"));
            Assert.Contains($"http://127.0.0.1:{httpPort}/health/", string.Join(' ', node["healthcheck"]!["test"]!.AsArray().Select(t => (string)t!)));
        }
        Assert.NotEqual((string?)compose["node-a"]!["environment"]!["Orleans__AdvertisedAddress"], (string?)compose["node-b"]!["environment"]!["Orleans__AdvertisedAddress"]);
    }

    [Fact]
    public void a_setting_the_server_does_not_read_is_reported()
    {
        Assert.Null(ConfigurationKeys.Problem("Orleans__AdvertisedAddress"));
        Assert.Null(ConfigurationKeys.Problem("Auth__BuiltInProvider__SigningKeyFile"));
        Assert.Null(ConfigurationKeys.Problem("ForwardedHeaders__KnownNetworks__0"));
        Assert.NotNull(ConfigurationKeys.Problem("Orleans__AdvertisedAdress"));
        Assert.NotNull(ConfigurationKeys.Problem("Leaderboard__Redis"));
    }

    private static void AssertKnown(IEnumerable<string> keys, string file)
    {
        var unknown = keys.Select(ConfigurationKeys.Problem).OfType<string>().ToList();
        Assert.True(unknown.Count == 0, $"{file}: {string.Join("; ", unknown)}");
    }

    private static async Task<JsonArray> ReadYamlAsync(string file)
    {
        var (exit, output, errors) = await NodeTool.RunAsync(CheckTool, "check.mjs", ["--json", file]);
        Assert.True(exit == 0, $"{file}: {errors}");
        return JsonNode.Parse(output)!.AsArray();
    }

    /// <summary>The values of a directive (<c>KEY=value</c> in a unit, <c>KEY value</c> in a Dockerfile), one per line that sets it.</summary>
    private static IEnumerable<string> Lines(string text, string directive) =>
        text.Split('\n').Where(l => l.StartsWith(directive + "=") || l.StartsWith(directive + " ")).Select(l => l[(directive.Length + 1)..].Trim());

    private static double Seconds(string value) =>
        value.EndsWith("min") ? double.Parse(value[..^3]) * 60 : double.Parse(value.TrimEnd('s'));

    /// <summary><c>KEY=value</c> pairs of the Dockerfile's ENV instructions (continued lines included).</summary>
    [GeneratedRegex(@"(?<=ENV\s+|\\\n\s+)(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)")]
    private static partial Regex EnvPairs();
}
