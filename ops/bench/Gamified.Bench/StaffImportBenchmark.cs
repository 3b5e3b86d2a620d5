using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Server.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The staff import over real HTTP, through the real host (silo, grains, storage): a CSV of many staff in 40 departments,
/// sent as a dry run, applied, applied again (nothing to do), then a second file that moves a tenth and changes a tenth.
///   dotnet run -c Release --project ops/bench/Gamified.Bench -- --scenario staff [--rows 10000] [--postgres "Host=…;Database=<fresh>"]
/// </summary>
internal static class StaffImportBenchmark
{
    private const string Mutation = """
        mutation($csv: String!, $dryRun: Boolean) { importStaff(csv: $csv, dryRun: $dryRun) {
          report { rows created changed moved unchanged failures { code } } userErrors { code message } } }
        """;

    public static async Task Run(Args options)
    {
        var rows = options.Int("rows", 10_000);
        var storage = options.Text("postgres") is { } postgres
            ? new[] { "--Storage:Provider=Postgres", $"--Storage:ConnectionString={postgres}", "--Storage:ApplySchemaOnStart=true" }
            : [$"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), "gamified-bench-" + Guid.NewGuid().ToString("n"))}"];
        var app = GamifiedHost.Build(["--environment=Development", "--Urls=http://127.0.0.1:0", "--Orleans:SiloPort=21112",
            "--Content:Directory=/nonexistent", "--Logging:LogLevel:Default=Warning", "--GraphQL:ExecutionTimeout=00:10:00", .. storage]);
        await GamifiedHost.StartAsync(app);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var departments = Enumerable.Range(0, 40).Select(i => $"bench-dept-{i:00}").ToList();
        foreach (var id in departments) await grains.Department(id).Create(new CreateDepartment(new LocalizedText("基准部门", "Bench"), null));

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            app.Services.GetRequiredService<LocalTokens>().Issue("bench-admin", [Roles.Admin], []));

        var first = Csv(rows, departments, shift: 0);
        var second = Csv(rows, departments, shift: 1);
        Console.WriteLine($"{rows:N0} rows, {Encoding.UTF8.GetByteCount(first) / 1024:N0} KiB, on {(options.Text("postgres") is null ? "SQLite" : "PostgreSQL")}");
        await Time(http, "dry run (all new)", first, dryRun: true);
        await Time(http, "apply (all new)", first, dryRun: false);
        await Time(http, "apply the same file again", first, dryRun: false);
        await Time(http, "dry run (a tenth moved, a tenth changed)", second, dryRun: true);
        await Time(http, "apply (a tenth moved, a tenth changed)", second, dryRun: false);
        await app.StopAsync();
    }

    /// <summary>Staff with Chinese names, e-mail and phone; with <paramref name="shift"/> 1, every tenth moves and every tenth (another) gets a new phone.</summary>
    private static string Csv(int rows, List<string> departments, int shift)
    {
        var text = new StringBuilder("\uFEFF工号,姓名,部门,角色,邮箱,手机\r\n");
        string[] family = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
        string[] given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"];
        for (var i = 0; i < rows; i++)
        {
            var department = departments[(i + (shift == 1 && i % 10 == 0 ? 1 : 0)) % departments.Count];
            var phone = 13800000000L + i + (shift == 1 && i % 10 == 5 ? 50_000_000 : 0);
            text.Append($"e{100000 + i},{family[i % 10]}{given[i / 10 % 10]}{given[i / 100 % 10]},{department},{(i % 50 == 0 ? "learner;manager" : "learner")},e{100000 + i}@example.gov.cn,{phone}\r\n");
        }
        return text.ToString();
    }

    private static async Task Time(HttpClient http, string what, string csv, bool dryRun)
    {
        var timer = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/graphql", new { query = Mutation, variables = new { csv, dryRun } });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        timer.Stop();
        var payload = body?["data"]?["importStaff"];
        var report = payload?["report"];
        if (report is null) throw new InvalidOperationException($"{what}: {body?.ToJsonString()}");
        Console.WriteLine($"{what,-45} {timer.Elapsed.TotalSeconds,6:0.00} s  created {report["created"]}, changed {report["changed"]}, moved {report["moved"]}, " +
                          $"unchanged {report["unchanged"]}, failures {report["failures"]!.AsArray().Count}");
    }
}
