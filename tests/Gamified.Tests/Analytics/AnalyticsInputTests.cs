using System.Net;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Analytics;

/// <summary>Dates far outside any training window are bad input, over GraphQL and in the CSV downloads.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class AnalyticsInputTests(SqliteServerFixture fixture)
{
    [Theory]
    [InlineData("to", "9999-12-31T00:00:00Z")]
    [InlineData("from", "0001-01-01T00:00:00Z")]
    [InlineData("deadline", "9999-12-31T00:00:00Z")]
    public async Task an_extreme_date_is_bad_input_not_a_server_error(string argument, string value)
    {
        var server = fixture.Server;

        var report = await server.Client.PostAsync($"query($at: DateTimeOffset) {{ departmentAnalytics({argument}: $at) {{ departmentId }} }}", new { at = value });
        Assert.Equal("BAD_USER_INPUT", report.RefusalCode);
        var export = await server.Client.PostAsync("query($from: DateTimeOffset!, $to: DateTimeOffset!) { exportStatements(from: $from, to: $to) { count } }",
            new { from = argument == "from" ? value : "2026-01-01T00:00:00Z", to = argument == "from" ? "2026-01-01T00:00:00Z" : value });
        Assert.Equal("BAD_USER_INPUT", export.RefusalCode);

        foreach (var name in new[] { "department-analytics", "department-weeks" })
        {
            using var csv = await server.Client.Http.GetAsync($"/reports/{name}.csv?{argument}={Uri.EscapeDataString(value)}");
            Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
            (await GraphQLResponse.ReadAsync(csv)).AssertError("BAD_USER_INPUT");
        }
    }
}
