using System.Text;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

/// <summary>
/// One request cannot buy more work than it pays for: aliases count one by one, expensive fields carry their
/// real price, and a document over the limits is refused with <c>QUERY_TOO_COSTLY</c> before anything runs.
/// </summary>
public sealed class QueryCostTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const int Flood = 1_500;

    /// <summary><c>{ a0: field a1: field … }</c>, <paramref name="count"/> times, within the 100,000-character document limit.</summary>
    private static string Aliased(string operation, string field, int count = Flood)
    {
        var document = new StringBuilder(operation).Append(" {");
        for (var i = 0; i < count; i++) document.Append(" a").Append(i).Append(": ").Append(field);
        var text = document.Append(" }").ToString();
        Assert.True(text.Length < 100_000, $"the document must fit the size limit, so only the cost limits can refuse it ({text.Length})");
        return text;
    }

    private static void AssertRefusedBeforeExecution(GraphQLResponse response)
    {
        Assert.Equal(400, response.Status);
        Assert.Equal("QUERY_TOO_COSTLY", response.FirstErrorCode);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task an_anonymous_flood_of_aliased_credential_checks_is_refused_before_it_runs()
    {
        var response = await fixture.Server.Anonymous.PostAsync(Aliased("query", """verifyCredential(jwt:"x.y.z"){valid}"""));

        AssertRefusedBeforeExecution(response);
        Assert.Single(response.Errors!);   // one refusal, not one per alias
    }

    [Fact]
    public async Task a_flood_of_aliased_exports_ledger_checks_and_previews_is_refused_before_it_runs()
    {
        var learner = fixture.Server.ClientAs(Scenario.NewId("cost-learner"), [Roles.Learner]);
        var author = fixture.Server.ClientAs(Scenario.NewId("cost-author"), [Roles.Author]);
        var zip = Convert.ToBase64String(SamplePackage.Zip(new Dictionary<string, string?>()));

        AssertRefusedBeforeExecution(await learner.PostAsync(Aliased("query($f: DateTimeOffset!, $t: DateTimeOffset!)",
            "exportStatements(from:$f,to:$t,first:500){statementsJson}"), new { f = DateTimeOffset.UtcNow.AddDays(-1), t = DateTimeOffset.UtcNow }));
        AssertRefusedBeforeExecution(await fixture.Server.Client.PostAsync(Aliased("query", "verifyLedger{ok}")));
        AssertRefusedBeforeExecution(await author.PostAsync(Aliased("query($z: String!, $l: ID!)", "previewPackageLesson(archiveBase64:$z,lessonId:$l){html}"),
            new { z = zip, l = "welcome" }));
    }

    [Fact]
    public async Task aliased_mutations_over_the_root_field_limit_change_nothing()
    {
        var adminId = Scenario.NewId("cost-admin");
        var admin = fixture.Server.ClientAs(adminId, [Roles.Admin]);
        var prefix = Scenario.NewId("cost-dept");
        var document = new StringBuilder("mutation {");
        for (var i = 0; i < 51; i++)
            document.Append($$""" d{{i}}: createDepartment(input: { id: "{{prefix}}-{{i}}", names: { zhCN: "部门{{i}}", en: "Unit {{i}}" } }) { department { id } }""");

        AssertRefusedBeforeExecution(await admin.PostAsync(document.Append(" }").ToString()));

        // No resolver ran: not one of the departments exists, and the admin has nothing in the audit log.
        var departments = (await fixture.Server.Client.QueryAsync("{ departments { id } }"))["departments"]!.AsArray();
        Assert.DoesNotContain(departments, d => d!["id"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal));
        var audit = (await fixture.Server.Client.QueryAsync("query($actor: String) { auditLog(actor: $actor) { edges { node { action } } } }",
            new { actor = adminId }))["auditLog"]!["edges"]!.AsArray();
        Assert.Empty(audit);
    }

    [Fact]
    public async Task a_few_expensive_fields_pass_and_one_more_than_the_limit_is_refused()
    {
        const string check = """verifyCredential(jwt: "x.y.z") { valid }""";

        var allowed = await fixture.Server.Anonymous.PostAsync(Aliased("query", check, count: 5));
        var refused = await fixture.Server.Anonymous.PostAsync(Aliased("query", check, count: 6));

        allowed.AssertNoErrors();
        Assert.False(allowed.Data!["a4"]!["valid"]!.GetValue<bool>());
        AssertRefusedBeforeExecution(refused);
        Assert.Contains("expensive", refused.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task expensive_fields_inside_nested_fragments_count_like_any_other()
    {
        const string document = """
            query { ...Outer }
            fragment Outer on Query { ...Inner d: verifyCredential(jwt: "d") { valid } e: verifyCredential(jwt: "e") { valid } f: verifyCredential(jwt: "f") { valid } }
            fragment Inner on Query { a: verifyCredential(jwt: "a") { valid } b: verifyCredential(jwt: "b") { valid } c: verifyCredential(jwt: "c") { valid } }
            """;

        AssertRefusedBeforeExecution(await fixture.Server.Anonymous.PostAsync(document));
    }

    [Fact]
    public async Task a_large_export_page_costs_by_its_size()
    {
        var learner = fixture.Server.ClientAs(Scenario.NewId("cost-pages"), [Roles.Learner]);
        const string pages = "query($from: DateTimeOffset!, $to: DateTimeOffset!, $n: Int) { p1: exportStatements(from: $from, to: $to, first: $n) { statementsJson } p2: exportStatements(from: $from, to: $to, first: $n) { statementsJson } p3: exportStatements(from: $from, to: $to, first: $n) { statementsJson } p4: exportStatements(from: $from, to: $to, first: $n) { statementsJson } p5: exportStatements(from: $from, to: $to, first: $n) { statementsJson } }";
        var window = new { from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow };

        var one = await learner.PostAsync("query($from: DateTimeOffset!, $to: DateTimeOffset!) { exportStatements(from: $from, to: $to, first: 500) { statementsJson } }", window);
        var five = await learner.PostAsync(pages, new { window.from, window.to, n = 500 });   // the page size read from a variable

        one.AssertNoErrors();
        AssertRefusedBeforeExecution(five);   // five fields are within the count, but 5 × 500 statements are not within the cost
        Assert.Contains("complex", five.Errors![0]!["message"]!.GetValue<string>());
    }
}
