using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// The suspicious-activity report: a learner who records far more than their department's peers is flagged with the way to
/// their ledger, ordinary learners are not, small groups flag nobody, and only the department's managers may ask. Run on both
/// storages: the report is SQL over the activities and the ledger.
/// </summary>
public abstract class SuspiciousActivityTests(ServerFixture fixture)
{
    /// <summary>The shared fixture's Analytics:MinGroupSize (the default).</summary>
    private const int MinGroupSize = 5;

    private const string Report = """
        query($departmentId: ID!, $from: DateTimeOffset!, $to: DateTimeOffset!) {
          suspiciousActivity(departmentId: $departmentId, from: $from, to: $to) {
            activeLearners minGroupSize
            flagged { learnerId displayName measure value peerMedian score peers ledgerPath }
          }
        }
        """;

    private Scenario Admin => new(fixture.Server.Client);

    private static object Window(string departmentId) =>
        new { departmentId, from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(1) };

    /// <summary>A learner of the department with <paramref name="statements"/> lessons completed, recorded as the admin (so they score).</summary>
    private async Task<string> LearnerWithStatementsAsync(string departmentId, int statements, string displayName = "王小明")
    {
        var learner = await Admin.RegisterLearnerAsync(departmentId, displayName: displayName);
        for (var i = 0; i < statements; i++)
            (await Admin.RecordActivityAsync(learner, $"lesson-{i}", objectId: $"lesson-{i}")).AssertNoErrors();
        return learner;
    }

    private async Task<(string Department, List<string> Ordinary, string Heavy)> DepartmentWithOneHeavyRecorderAsync(int ordinary)
    {
        var department = await Admin.CreateDepartmentAsync();
        var learners = (await Task.WhenAll(Enumerable.Range(0, ordinary).Select(_ => LearnerWithStatementsAsync(department, 2)))).ToList();
        var heavy = await LearnerWithStatementsAsync(department, 24, "刷分者");
        return (department, learners, heavy);
    }

    [Fact]
    public async Task a_learner_who_records_far_more_than_their_peers_is_flagged_with_their_ledger_and_the_others_are_not()
    {
        var (department, ordinary, heavy) = await DepartmentWithOneHeavyRecorderAsync(MinGroupSize);
        var manager = fixture.Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [department]);

        var report = (await manager.QueryAsync(Report, Window(department)))["suspiciousActivity"]!;

        Assert.Equal(MinGroupSize + 1, report["activeLearners"]!.GetValue<int>());
        var flagged = report["flagged"]!.AsArray().Select(r => r!).ToList();
        Assert.NotEmpty(flagged);
        Assert.All(flagged, r => Assert.Equal(heavy, r["learnerId"]!.GetValue<string>()));
        Assert.DoesNotContain(flagged, r => ordinary.Contains(r["learnerId"]!.GetValue<string>()));
        var statements = Assert.Single(flagged, r => r["measure"]!.GetValue<string>() == "STATEMENTS_PER_ACTIVE_DAY");
        Assert.Equal("刷分者", statements["displayName"]!.GetValue<string>());
        Assert.Equal(24, statements["value"]!.GetValue<double>());
        Assert.Equal(2, statements["peerMedian"]!.GetValue<double>());
        Assert.True(statements["score"]!.GetValue<double>() > 3.5);
        Assert.Equal(MinGroupSize + 1, statements["peers"]!.GetValue<int>());
        Assert.EndsWith($"/manager/ledger/{heavy}", statements["ledgerPath"]!.GetValue<string>());

        // The ledger the row leads to is there for the manager to read: an award per statement, at least.
        var ledger = await manager.QueryAsync("query($id: ID!) { learner(id: $id) { ledger(first: 100) { totalCount } } }", new { id = heavy });
        Assert.True(ledger["learner"]!["ledger"]!["totalCount"]!.GetValue<int>() >= 24);
    }

    [Fact]
    public async Task a_department_under_the_minimum_group_size_flags_nobody()
    {
        var (department, _, _) = await DepartmentWithOneHeavyRecorderAsync(MinGroupSize - 2);

        var report = (await fixture.Server.Client.QueryAsync(Report, Window(department)))["suspiciousActivity"]!;

        Assert.Equal(MinGroupSize - 1, report["activeLearners"]!.GetValue<int>());
        Assert.Empty(report["flagged"]!.AsArray());
    }

    [Fact]
    public async Task only_managers_of_the_department_organisation_wide_managers_and_admins_may_ask()
    {
        var department = await Admin.CreateDepartmentAsync();
        var other = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);

        var managerOfOther = fixture.Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [other]);
        Assert.Equal("FORBIDDEN", (await managerOfOther.PostAsync(Report, Window(department))).RefusalCode);
        var theLearner = fixture.Server.ClientAs(learner, [Roles.Learner], [department]);
        Assert.Equal("FORBIDDEN", (await theLearner.PostAsync(Report, Window(department))).RefusalCode);

        var everywhere = fixture.Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [Roles.AllDepartments]);
        (await everywhere.PostAsync(Report, Window(department))).AssertNoErrors();
        (await fixture.Server.Client.PostAsync(Report, Window(department))).AssertNoErrors();
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", "to")]
    [InlineData("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z", "to")]
    [InlineData("2026-01-01T00:00:00Z", "2026-04-04T00:00:00Z", "to")]
    [InlineData("1999-12-31T00:00:00Z", "2000-01-02T00:00:00Z", "from")]
    [InlineData("2100-12-30T00:00:00Z", "2101-01-02T00:00:00Z", "to")]
    public async Task a_window_that_is_empty_too_long_or_out_of_range_is_refused(string from, string to, string field)
    {
        var department = await Admin.CreateDepartmentAsync();

        var response = await fixture.Server.Client.PostAsync(Report, new { departmentId = department, from, to });

        Assert.Equal("BAD_USER_INPUT", response.RefusalCode);
        Assert.Equal(field, response.Errors![0]!["extensions"]!["data"]!["field"]!.GetValue<string>());
        Assert.Null(response.Data);
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class SuspiciousActivityTestsOnSqlite(SqliteServerFixture fixture)
    : SuspiciousActivityTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class SuspiciousActivityTestsOnPostgres(PostgresServerFixture fixture)
    : SuspiciousActivityTests(fixture);
