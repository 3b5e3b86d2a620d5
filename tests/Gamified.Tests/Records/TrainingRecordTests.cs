using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Plans;

namespace Gamified.Tests.Records;

/// <summary>
/// Annual training records over the shared plan servers (SQLite and PostgreSQL): only what the server witnessed counts, requirements come from the
/// nearest department that set one, managers see who is short (and a CSV), and certificates verify by code for anyone.
/// </summary>
public abstract class TrainingRecordTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    private int Year => TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Year;

    private const string Record = """
        query($id: ID!, $year: Int!) { trainingRecord(learnerId: $id, year: $year) {
          learnerId year departmentId totalHours totalRequired meetsRequirement requirementFrom
          hours { category hours required short }
          packages { packageId title { zhCN } completedAt timeOnTaskSeconds }
          sessions { planId sessionId kind hours planTitle { zhCN } sessionTitle { en } }
          brainstorms { brainstormId }
          claims { verb objectId attestation }
        } }
        """;

    private sealed record Trained(string Parent, string Department, string LearnerId, GraphQLClient Learner, string PlanId);

    /// <summary>A learner of a department under <c>Parent</c> who checked in to a two-hour workshop, spent an hour on a
    /// package's lessons and completed it, and claimed a lesson of their own.</summary>
    private async Task<Trained> TrainedLearnerAsync(string displayName = "王小明")
    {
        var parent = await Scenario.Admin.CreateDepartmentAsync();
        var department = await Scenario.Admin.CreateDepartmentAsync(parentId: parent);
        var manager = Scenario.Manager(department);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(30),
            [PlanScenario.Workshop("workshop", Scenario.Now.AddMinutes(-5), hostId: "records-host")])).AssertNoErrors();
        var id = await Scenario.Admin.RegisterLearnerAsync(department, displayName: displayName);
        var learner = fixture.Server.ClientAs(id, [Roles.Learner], [department]);
        await PlanScenario.RegisterAsync(learner, planId, "workshop");
        var code = await PlanScenario.CodeOfAsync(fixture.Server.ClientAs("records-host", [Roles.Author]), planId, "workshop");
        (await PlanScenario.CheckInAsync(learner, planId, "workshop", code)).AssertNoErrors();
        await PlanScenario.TakePackageAsync(learner, PlanFixture.FirstPackage, onLesson: () => fixture.Clock.Advance(TimeSpan.FromMinutes(30)));
        (await new Infrastructure.Scenario(learner).RecordActivityAsync(id, "my-own-reading", objectId: "book-1")).AssertNoErrors();
        return new Trained(parent, department, id, learner, planId);
    }

    private static Task<GraphQLResponse> SetRequirementAsync(GraphQLClient caller, string department, int year, params (string Category, double Hours)[] hours) =>
        caller.PostAsync("""
            mutation($input: SetTrainingRequirementInput!) { setTrainingRequirement(input: $input) {
              trainingRequirement { departmentId year hours { category hours } setBy } userErrors { code message field } } }
            """, new { input = new { departmentId = department, year, hours = hours.Select(h => new { category = h.Category, hours = h.Hours }) } });

    private static double Hours(JsonNode record, string category) =>
        record["hours"]!.AsArray().Single(h => h!["category"]!.GetValue<string>() == category)!["hours"]!.GetValue<double>();

    [Fact]
    public async Task only_what_the_server_witnessed_counts_toward_hours_against_the_nearest_requirement()
    {
        var trained = await TrainedLearnerAsync();
        // The parent's requirement applies to the department below it, which has none of its own.
        (await SetRequirementAsync(Scenario.Manager(trained.Parent), trained.Parent, Year, ("WORKSHOP", 2), ("ONLINE", 3))).AssertNoErrors();

        var record = (await trained.Learner.QueryAsync(Record, new { id = trained.LearnerId, year = Year }))["trainingRecord"]!;

        Assert.Equal(2.0, Hours(record, "WORKSHOP"));                  // the session's length, checked in
        Assert.InRange(Hours(record, "ONLINE"), 1.0, 1.05);             // two lessons open half an hour each, timed by the server
        Assert.Equal(0.0, Hours(record, "EXPERT_LECTURE"));
        Assert.Equal(0.0, Hours(record, "BRAINSTORM"));
        var session = record["sessions"]!.AsArray().Single()!;
        Assert.Equal(("WORKSHOP", 2.0, "Data-sharing workshop"), (session["kind"]!.GetValue<string>(), session["hours"]!.GetValue<double>(),
            session["sessionTitle"]!["en"]!.GetValue<string>()));
        var package = record["packages"]!.AsArray().Single()!;
        Assert.Equal(PlanFixture.FirstPackage, package["packageId"]!.GetValue<string>());
        Assert.InRange(package["timeOnTaskSeconds"]!.GetValue<int>(), 3600, 3700);
        // The learner's own claim is listed as such and counts nothing.
        var claim = record["claims"]!.AsArray().Single()!;
        Assert.Equal(("SELF_REPORTED", "book-1"), (claim["attestation"]!.GetValue<string>(), claim["objectId"]!.GetValue<string>()));
        Assert.Equal(trained.Parent, record["requirementFrom"]!.GetValue<string>());
        Assert.False(record["meetsRequirement"]!.GetValue<bool>());
        var online = record["hours"]!.AsArray().Single(h => h!["category"]!.GetValue<string>() == "ONLINE")!;
        Assert.InRange(online["short"]!.GetValue<double>(), 1.95, 2.0);

        // Who else may read it: managers of the department (and admins), not another learner or another department's manager.
        (await Scenario.Manager(trained.Department).PostAsync(Record, new { id = trained.LearnerId, year = Year })).AssertNoErrors();
        var (_, stranger) = await Scenario.LearnerAsync(trained.Department);
        (await stranger.PostAsync(Record, new { id = trained.LearnerId, year = Year })).AssertError("FORBIDDEN");
        (await Scenario.Manager(await Scenario.Admin.CreateDepartmentAsync()).PostAsync(Record, new { id = trained.LearnerId, year = Year }))
            .AssertError("FORBIDDEN");
        (await trained.Learner.PostAsync(Record, new { id = trained.LearnerId, year = 1999 })).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task managers_set_requirements_for_their_departments_and_see_who_is_short_in_a_list_and_a_csv()
    {
        var trained = await TrainedLearnerAsync(displayName: "=HYPERLINK(\"http://x\")");
        var idle = await Scenario.Admin.RegisterLearnerAsync(trained.Department, displayName: "李娜");
        var manager = Scenario.Manager(trained.Department);
        (await SetRequirementAsync(Scenario.Manager(await Scenario.Admin.CreateDepartmentAsync()), trained.Department, Year, ("WORKSHOP", 2)))
            .AssertError("FORBIDDEN");
        (await SetRequirementAsync(manager, trained.Department, Year, ("WORKSHOP", 2), ("WORKSHOP", 3))).AssertUserError("BAD_USER_INPUT");
        (await SetRequirementAsync(manager, trained.Department, Year, ("WORKSHOP", -1))).AssertUserError("BAD_USER_INPUT");
        var set = (await SetRequirementAsync(manager, trained.Department, Year, ("WORKSHOP", 2))).AssertNoErrors()
            .Data!["setTrainingRequirement"]!["trainingRequirement"]!;
        Assert.Equal(trained.Department, set["departmentId"]!.GetValue<string>());
        var audit = await Scenario.Admin.Client.QueryAsync("{ auditLog(action: \"setTrainingRequirement\", first: 50) { edges { node { details outcome } } } }");
        Assert.Contains(audit["auditLog"]!["edges"]!.AsArray(), e => e!["node"]!["details"]!.GetValue<string>().Contains(trained.Department)
            && e["node"]!["outcome"]!.GetValue<string>() == "OK");

        var shortfall = (await manager.QueryAsync("""
            query($d: ID!, $y: Int!) { trainingShortfall(departmentId: $d, year: $y) { learnerId displayName record { hours { category short } } } }
            """, new { d = trained.Department, y = Year }))["trainingShortfall"]!.AsArray();
        Assert.Equal([idle], shortfall.Select(s => s!["learnerId"]!.GetValue<string>()));   // the trained learner met the workshop hours
        (await Scenario.Manager(trained.Parent).PostAsync("query($d: ID!, $y: Int!) { trainingShortfall(departmentId: $d, year: $y) { learnerId } }",
            new { d = await Scenario.Admin.CreateDepartmentAsync(), y = Year })).AssertError("FORBIDDEN");

        var csv = await manager.Http.GetAsync($"/reports/training-records.csv?departmentId={trained.Department}&year={Year}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("learner_id,display_name,department_id,year,online_hours,online_required,workshop_hours,workshop_required", lines[0]);
        Assert.Equal(3, lines.Length);
        var trainedLine = lines.Single(l => l.StartsWith(trained.LearnerId, StringComparison.Ordinal));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", trainedLine);   // never a formula in a spreadsheet
        Assert.Contains(",2,2,", trainedLine);                                   // workshop hours and requirement
        var asLearner = await trained.Learner.Http.GetAsync($"/reports/training-records.csv?departmentId={trained.Department}&year={Year}");
        Assert.Equal(HttpStatusCode.Forbidden, asLearner.StatusCode);
    }

    [Fact]
    public async Task a_certificate_is_verified_by_its_code_by_anyone_and_a_forged_or_altered_code_is_unknown()
    {
        var trained = await TrainedLearnerAsync(displayName: "赵敏<b>");
        const string Issue = "mutation($y: Int!) { issueTrainingCertificate(year: $y) { trainingCertificate { code url learnerName totalHours } userErrors { code } } }";
        var issued = (await trained.Learner.QueryAsync(Issue, new { y = Year }))["issueTrainingCertificate"]!["trainingCertificate"]!;
        var code = issued["code"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9_-]{22}$", code);                      // 128 bits, URL-safe
        Assert.Equal($"/certificates/{code}", issued["url"]!.GetValue<string>());
        // Unchanged figures: the same certificate again, not a new code each time.
        Assert.Equal(code, (await trained.Learner.QueryAsync(Issue, new { y = Year }))["issueTrainingCertificate"]!["trainingCertificate"]!["code"]!.GetValue<string>());

        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Address };
        var page = await anonymous.GetAsync($"/certificates/{code}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("真实有效", html);
        Assert.Contains("赵敏&lt;b&gt;", html);                           // encoded, never markup
        Assert.Contains(code, html);
        Assert.Contains("@page { size: A4", html);

        // Records change later; the certificate still says what it said when issued.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        (await new Infrastructure.Scenario(fixture.Server.Client).RecordActivityAsync(trained.LearnerId, "more", objectId: "x")).AssertNoErrors();
        Assert.Equal(html, await anonymous.GetStringAsync($"/certificates/{code}"));

        var altered = (code[0] == 'A' ? "B" : "A") + code[1..];
        foreach (var forged in new[] { altered, Infrastructure.Scenario.NewId("c").PadRight(22, 'x')[..22], "..%2F..%2Fetc", code + "A" })
        {
            var unknown = await anonymous.GetAsync($"/certificates/{forged}");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            var text = await unknown.Content.ReadAsStringAsync();
            Assert.Contains("未找到该证书", text);
            Assert.DoesNotContain("赵敏", text);
        }
    }
}

[Collection(SqlitePlanCollection.Name)]
public sealed class TrainingRecordTestsOnSqlite(SqlitePlanFixture fixture) : TrainingRecordTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class TrainingRecordTestsOnPostgres(PostgresPlanFixture fixture) : TrainingRecordTests(fixture);
