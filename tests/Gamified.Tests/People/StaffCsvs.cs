using System.Text;
using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.People;

/// <summary>Staff CSVs and the importStaff call, for the people tests.</summary>
internal static class StaffCsvs
{
    public const string Import = """
        mutation($csv: String!, $dryRun: Boolean, $deactivateMissing: Boolean) {
          importStaff(csv: $csv, dryRun: $dryRun, deactivateMissing: $deactivateMissing) {
            report { dryRun rows created changed moved reactivated deactivated unchanged changesTruncated
                     changes { line learnerId displayName action fromDepartmentId toDepartmentId }
                     failures { line code message } }
            userErrors { code message field ... on StaffImportError { line column value } }
          }
        }
        """;

    /// <summary>A header and rows, CRLF line ends as spreadsheets write them.</summary>
    public static string Csv(string header, params string[] rows) => string.Join("\r\n", [header, .. rows]) + "\r\n";

    public static Task<GraphQLResponse> ImportAsync(this GraphQLClient client, string csv, bool dryRun, bool deactivateMissing = false) =>
        client.PostAsync(Import, new { csv, dryRun, deactivateMissing });

    public static JsonNode Report(this GraphQLResponse response) => response.AssertNoErrors().Data!["importStaff"]!["report"]!;

    public static (int Created, int Changed, int Moved, int Reactivated, int Deactivated, int Unchanged) Counts(this JsonNode report) =>
        (Int(report, "created"), Int(report, "changed"), Int(report, "moved"), Int(report, "reactivated"), Int(report, "deactivated"), Int(report, "unchanged"));

    public static JsonArray LineErrors(this GraphQLResponse response)
    {
        Assert.Null(response.Errors);
        Assert.Null(response.Data!["importStaff"]!["report"]);   // refused: nothing imported
        return response.Data!["importStaff"]!["userErrors"]!.AsArray();
    }

    public static string Id(string prefix) => Scenario.NewId(prefix);

    private static int Int(JsonNode node, string name) => node[name]!.GetValue<int>();

    public static string WithBom(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetPreamble()) + text;
}
