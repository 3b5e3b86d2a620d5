using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.People;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Tests.SignIn;

/// <summary>
/// Staff the HR import listed sign in with a password they choose through a one-time link; HR stays the source of truth for
/// their department, roles and whether they may sign in at all. Against a hostile holder of an old link or an old token.
/// </summary>
public abstract class StaffSignInTests(ServerFixture fixture)
{
    private const string Header = "工号,姓名,部门,角色,邮箱,手机";

    private const string IssueLinks = """
        mutation($ids: [ID!]!) { issueSignInLinks(learnerIds: $ids) { links { userName path expiresAt } userErrors { code message field } } }
        """;

    private const string Move = "mutation($input: MoveLearnerInput!) { moveLearner(input: $input) { learner { departmentId } userErrors { code } } }";

    private GamifiedServer Server => fixture.Server;

    private Scenario Admin => new(Server.Client);

    private async Task<Dictionary<string, string>> ImportAndLinkAsync(string department, params (string Name, string Roles)[] people)
    {
        var ids = people.Select(_ => StaffCsvs.Id("e")).ToList();
        (await Server.Client.ImportAsync(StaffCsvs.Csv(Header, [.. ids.Select((id, i) => $"{id},{people[i].Name},{department},{people[i].Roles},,")]),
            dryRun: false)).Report();
        var issued = (await Server.Client.PostAsync(IssueLinks, new { ids })).AssertNoErrors();
        return issued.Data!["issueSignInLinks"]!["links"]!.AsArray().ToDictionary(l => l!["userName"]!.GetValue<string>(), l => l!["path"]!.GetValue<string>());
    }

    /// <summary>Opens the link's page and posts a password, as a person in a browser would; the page answered.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> ChoosePasswordAsync(OidcTestClient browser, string link, string password, string? confirm = null)
    {
        using var page = await browser.Http.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        if (page.StatusCode != HttpStatusCode.OK) return (page.StatusCode, html);
        var fields = new Dictionary<string, string>(OidcTestClient.HiddenFields(html)) { ["password"] = password, ["confirm"] = confirm ?? password };
        using var posted = await browser.Http.PostAsync("/connect/activate", new FormUrlEncodedContent(fields));
        return (posted.StatusCode, await posted.Content.ReadAsStringAsync());
    }

    private static JsonNode Claims(JsonNode tokens) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(tokens["access_token"]!.GetValue<string>().Split('.')[1])))!;

    private static IEnumerable<string> Values(JsonNode claims, string name) => claims[name] switch
    {
        JsonArray many => many.Select(v => v!.GetValue<string>()),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    [Fact]
    public async Task imported_staff_choose_a_password_through_a_one_time_link_and_sign_in_with_their_hr_department_and_roles()
    {
        var department = await Admin.CreateDepartmentAsync();
        var links = await ImportAndLinkAsync(department, ("陈静", ""), ("刘洋", "manager"));
        var (learner, manager) = (links.Keys.First(), links.Keys.Last());
        Assert.All(links.Values, path => Assert.StartsWith("/connect/activate?token=", path));

        using var browser = new OidcTestClient(Server.Address);
        var (status, html) = await ChoosePasswordAsync(browser, links[learner], TestAccounts.Password);
        Assert.True(status == HttpStatusCode.OK, html);
        Assert.Contains("PASSWORD_SET", html);
        var claims = Claims(await browser.SignInAsync(learner, TestAccounts.Password));
        Assert.Equal(learner, claims["sub"]!.GetValue<string>());
        Assert.Equal([Roles.Learner], Values(claims, "role"));
        Assert.Equal([department], Values(claims, "department"));

        using var other = new OidcTestClient(Server.Address);
        Assert.Equal(HttpStatusCode.OK, (await ChoosePasswordAsync(other, links[manager], "manager-pass-2026")).Status);
        var managerClaims = Claims(await other.SignInAsync(manager, "manager-pass-2026"));
        Assert.Equal([Roles.Manager], Values(managerClaims, "role"));

        // The link worked once: whoever finds it later (a forwarded mail, the browser's history) cannot set the password again.
        using var later = new OidcTestClient(Server.Address);
        var (again, refusal) = await ChoosePasswordAsync(later, links[learner], "someone-else-99");
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Contains("LINK_INVALID", refusal);
        await later.SignInAsync(learner, TestAccounts.Password);
    }

    [Fact]
    public async Task a_new_link_replaces_the_old_and_using_it_ends_the_sign_ins_made_with_the_old_password()
    {
        var department = await Admin.CreateDepartmentAsync();
        var first = await ImportAndLinkAsync(department, ("周敏", ""));
        var learner = first.Keys.Single();
        using var browser = new OidcTestClient(Server.Address);
        await ChoosePasswordAsync(browser, first[learner], TestAccounts.Password);
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);
        var api = Server.ClientWithToken(tokens["access_token"]!.GetValue<string>());
        (await api.PostAsync("{ departments { id } }")).AssertNoErrors();

        var reset = (await Server.Client.PostAsync(IssueLinks, new { ids = new[] { learner } })).AssertNoErrors()
            .Data!["issueSignInLinks"]!["links"]![0]!["path"]!.GetValue<string>();
        using var stranger = new OidcTestClient(Server.Address);
        Assert.Equal(HttpStatusCode.NotFound, (await ChoosePasswordAsync(stranger, first[learner], "stale-link-pass-1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ChoosePasswordAsync(stranger, reset, "new-secret-pass-7")).Status);

        Assert.Equal(401, (await api.PostAsync("{ departments { id } }")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.RefreshAsync(tokens["refresh_token"]!.GetValue<string>())).Status);
        using var posted = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), learner, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        await stranger.SignInAsync(learner, "new-secret-pass-7");
    }

    [Fact]
    public async Task a_learner_hr_deactivates_is_signed_out_at_once_and_cannot_sign_in_again()
    {
        var department = await Admin.CreateDepartmentAsync();
        var links = await ImportAndLinkAsync(department, ("吴磊", ""));
        var learner = links.Keys.Single();
        using var browser = new OidcTestClient(Server.Address);
        await ChoosePasswordAsync(browser, links[learner], TestAccounts.Password);
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);

        (await Server.Client.PostAsync("mutation($id: ID!) { deactivateLearner(learnerId: $id) { learner { active } } }", new { id = learner })).AssertNoErrors();

        Assert.Equal(401, (await Server.ClientWithToken(tokens["access_token"]!.GetValue<string>()).PostAsync("{ departments { id } }")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.RefreshAsync(tokens["refresh_token"]!.GetValue<string>())).Status);
        using var refused = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), learner, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ACCOUNT_DEACTIVATED", OidcTestClient.ErrorCodeOf(await refused.Content.ReadAsStringAsync()));
        (await Server.Client.PostAsync(IssueLinks, new { ids = new[] { learner } })).AssertUserError(ErrorCodes.BadUserInput);
    }

    [Fact]
    public async Task a_moved_learner_signs_in_again_and_their_token_names_the_new_department()
    {
        var (from, to) = (await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync());
        var links = await ImportAndLinkAsync(from, ("郑爽", ""));
        var learner = links.Keys.Single();
        using var browser = new OidcTestClient(Server.Address);
        await ChoosePasswordAsync(browser, links[learner], TestAccounts.Password);
        var before = await browser.SignInAsync(learner, TestAccounts.Password);

        (await Server.Client.PostAsync(Move, new { input = new { learnerId = learner, departmentId = to } })).AssertNoErrors();

        Assert.Equal(401, (await Server.ClientWithToken(before["access_token"]!.GetValue<string>()).PostAsync("{ departments { id } }")).Status);
        using var next = new OidcTestClient(Server.Address);
        Assert.Equal([to], Values(Claims(await next.SignInAsync(learner, TestAccounts.Password)), "department"));
    }

    [Fact]
    public async Task links_are_refused_for_unknown_people_and_bad_passwords_and_the_audit_keeps_no_link()
    {
        var department = await Admin.CreateDepartmentAsync();
        var links = await ImportAndLinkAsync(department, ("黄河", ""));
        var learner = links.Keys.Single();
        (await Server.Client.PostAsync(IssueLinks, new { ids = new[] { learner, "nobody-" + learner } })).AssertUserError(ErrorCodes.NotFound);
        (await Server.Client.PostAsync(IssueLinks, new { ids = Array.Empty<string>() })).AssertUserError(ErrorCodes.BadUserInput);

        using var browser = new OidcTestClient(Server.Address);
        var (weak, weakHtml) = await ChoosePasswordAsync(browser, links[learner], "short1");
        Assert.Equal(HttpStatusCode.BadRequest, weak);
        Assert.Equal("BAD_USER_INPUT", OidcTestClient.ErrorCodeOf(weakHtml));
        var (differ, _) = await ChoosePasswordAsync(browser, links[learner], "long-enough-pass-1", "long-enough-pass-2");
        Assert.Equal(HttpStatusCode.BadRequest, differ);
        // Refusals do not use the link up.
        Assert.Equal(HttpStatusCode.OK, (await ChoosePasswordAsync(browser, links[learner], TestAccounts.Password)).Status);

        var audit = await Server.Client.QueryAsync("query($action: String) { auditLog(action: $action, first: 100) { edges { node { details } } } }",
            new { action = "issueSignInLinks" });
        var token = links[learner].Split("token=")[1];
        Assert.Contains(audit["auditLog"]!["edges"]!.AsArray(), e => e!["node"]!["details"]!.GetValue<string>().Contains(learner));
        Assert.DoesNotContain(token, audit.ToJsonString());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class StaffSignInTestsOnSqlite(SqliteServerFixture fixture) : StaffSignInTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class StaffSignInTestsOnPostgres(PostgresServerFixture fixture) : StaffSignInTests(fixture);
