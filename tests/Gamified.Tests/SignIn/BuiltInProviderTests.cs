using System.Net;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;

namespace Gamified.Tests.SignIn;

/// <summary>
/// The built-in OpenID Connect provider over real HTTP, as the web pages use it: authorization code with PKCE through the
/// login form, tokens the API takes like any other, refresh, sign-out; and against a hostile learner: wrong and guessed
/// passwords, reused codes and refresh tokens, foreign redirect addresses, forged form posts, tokens kept after sign-out.
/// </summary>
public abstract class BuiltInProviderTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private OidcTestClient NewBrowser() => new(Server.Address);

    private static GraphQLClient ApiClient(GamifiedServer server, string accessToken) => server.ClientWithToken(accessToken);

    private async Task<List<JsonNode>> AuditOf(string actor, string action) =>
        (await Server.Client.QueryAsync("query($actor: String, $action: String) { auditLog(actor: $actor, action: $action, first: 50) { edges { node { action outcome clientAddress } } } }",
            new { actor, action }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();

    [Fact]
    public async Task discovery_names_the_endpoints_and_offers_code_with_pkce_only()
    {
        using var browser = NewBrowser();
        var configuration = JsonNode.Parse(await browser.Http.GetStringAsync("/.well-known/openid-configuration"))!;

        Assert.Equal(new Uri(Server.Address, "/").AbsoluteUri, configuration["issuer"]!.GetValue<string>());
        Assert.EndsWith("/connect/authorize", configuration["authorization_endpoint"]!.GetValue<string>());
        Assert.EndsWith("/connect/token", configuration["token_endpoint"]!.GetValue<string>());
        Assert.EndsWith("/connect/endsession", configuration["end_session_endpoint"]!.GetValue<string>());
        Assert.Equal(["S256"], configuration["code_challenge_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["code"], configuration["response_types_supported"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task a_learner_signs_in_with_a_password_and_the_api_takes_the_token_with_their_subject_roles_and_departments()
    {
        var department = await new Scenario(Server.Client).CreateDepartmentAsync();
        var other = await new Scenario(Server.Client).CreateDepartmentAsync();
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner], [department]);
        using var browser = NewBrowser();

        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);
        var api = ApiClient(Server, tokens["access_token"]!.GetValue<string>());

        // The token's department lets the learner register themselves there and nowhere else; their role is not admin's.
        const string register = "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id departmentId } userErrors { code } } }";
        (await api.PostAsync(register, new { input = new { id = learner, displayName = "李娜", departmentId = other } })).AssertError(ErrorCodes.Forbidden);
        var registered = (await api.PostAsync(register, new { input = new { id = learner, displayName = "李娜", departmentId = department } })).AssertNoErrors();
        Assert.Equal(department, registered.Data!["registerLearner"]!["learner"]!["departmentId"]!.GetValue<string>());
        (await api.PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertError(ErrorCodes.Forbidden);

        var signIns = await AuditOf(learner, "signIn");
        Assert.Equal("OK", Assert.Single(signIns)["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_admin_account_gets_an_admin_token()
    {
        var admin = await TestAccounts.CreateAsync(Server, [Roles.Admin]);
        using var browser = NewBrowser();
        var tokens = await browser.SignInAsync(admin, TestAccounts.Password);
        (await ApiClient(Server, tokens["access_token"]!.GetValue<string>()).PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertNoErrors();
    }

    [Fact]
    public async Task an_admin_creates_an_account_that_then_signs_in_and_the_audit_keeps_no_password()
    {
        var department = await new Scenario(Server.Client).CreateDepartmentAsync();
        var manager = Scenario.NewId("manager");
        var created = (await Server.Client.PostAsync(TestAccounts.Create,
            new { input = new { userName = manager, password = TestAccounts.Password, roles = new[] { "manager" }, departments = new[] { department } } })).AssertNoErrors();
        Assert.Equal([department], created.Data!["createAccount"]!["account"]!["departments"]!.AsArray().Select(d => d!.GetValue<string>()));

        using var browser = NewBrowser();
        var tokens = await browser.SignInAsync(manager, TestAccounts.Password);
        (await ApiClient(Server, tokens["access_token"]!.GetValue<string>()).PostAsync("{ departments { id } }")).AssertNoErrors();

        var audit = Assert.Single((await Server.Client.QueryAsync("query($action: String) { auditLog(action: $action, first: 100) { edges { node { target outcome details } } } }",
            new { action = "createAccount" }))["auditLog"]!["edges"]!.AsArray(), e => e!["node"]!["target"]!.GetValue<string>() == manager)!["node"]!;
        Assert.Equal("OK", audit["outcome"]!.GetValue<string>());
        Assert.DoesNotContain(TestAccounts.Password, audit["details"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ok-name", "short1", "learner", "password")]
    [InlineData("ok-name", "onlyletterslong", "learner", "password")]
    [InlineData("ok-name", "contains-ok-name-1", "learner", "password")]
    [InlineData("Bad Name", "correct-horse-42", "learner", "userName")]
    [InlineData("ok-name", "correct-horse-42", "emperor", "roles")]
    public async Task an_account_with_a_bad_name_role_or_password_is_refused_with_the_field(string userName, string password, string role, string field)
    {
        userName = userName == "ok-name" ? Scenario.NewId("ok") : userName;
        password = password.Replace("ok-name", userName);
        var refused = await Server.Client.PostAsync(TestAccounts.Create, new { input = new { userName, password, roles = new[] { role } } });
        refused.AssertUserError(ErrorCodes.BadUserInput);
        Assert.Equal(["input", field], refused.FirstUserError!["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.DoesNotContain(password, refused.RawText());
    }

    [Fact]
    public async Task a_taken_user_name_is_a_conflict()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        (await Server.Client.PostAsync(TestAccounts.Create, new { input = new { userName = learner, password = "another-pass-77", roles = new[] { "admin" } } }))
            .AssertUserError(ErrorCodes.Conflict);
        // The first account keeps its password and roles.
        using var browser = NewBrowser();
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);
        (await ApiClient(Server, tokens["access_token"]!.GetValue<string>()).PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertError(ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task a_wrong_password_or_an_unknown_name_shows_the_form_again_with_one_error_and_is_audited()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();

        foreach (var (name, password) in new[] { (learner, "wrong-password-1"), (Scenario.NewId("nobody"), TestAccounts.Password), (learner, "") })
        {
            using var refused = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), name, password);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Equal("INVALID_CREDENTIALS", OidcTestClient.ErrorCodeOf(html));
            Assert.DoesNotContain("Exception", html);
        }
        Assert.Equal(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS"], (await AuditOf(learner, "signIn")).Select(e => e["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();
        var codes = new List<string>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var refused = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), learner, $"guess-number-{attempt}");
            codes.Add(OidcTestClient.ErrorCodeOf(await refused.Content.ReadAsStringAsync()));
        }
        Assert.Equal([.. Enumerable.Repeat("INVALID_CREDENTIALS", 4), "ACCOUNT_LOCKED", "ACCOUNT_LOCKED"], codes);

        using var right = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), learner, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
        Assert.Null(right.Headers.Location);
        Assert.Contains("ACCOUNT_LOCKED", (await AuditOf(learner, "signIn")).Select(e => e["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_code_is_redeemed_only_with_its_verifier_and_only_once_and_reusing_it_ends_what_it_gave()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();
        using (var posted = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), learner, TestAccounts.Password))
        {
            var stolen = browser.CodeFrom(posted);
            var (status, body) = await browser.RedeemAsync(stolen, verifier: new OidcTestClient(Server.Address).Verifier);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        }

        using var again = await browser.PostLoginAsync(await browser.OpenLoginPageAsync(), learner, TestAccounts.Password);
        var code = browser.CodeFrom(again);
        var (first, tokens) = await browser.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, first);
        var (second, refusal) = await browser.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Equal("invalid_grant", refusal["error"]!.GetValue<string>());
        // A replayed code means it leaked: the tokens it gave are revoked.
        var replayed = await ApiClient(Server, tokens["access_token"]!.GetValue<string>()).PostAsync("{ departments { id } }");
        Assert.Equal(401, replayed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.RefreshAsync(tokens["refresh_token"]!.GetValue<string>())).Status);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("https://evil.example/?next=/")]
    [InlineData("{server}/../elsewhere")]
    [InlineData("{server}/graphql")]
    public async Task a_redirect_address_other_than_the_pages_is_refused_without_sending_the_browser_there(string redirect)
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync(browser.AuthorizeQuery(redirect.Replace("{server}", Server.Address.AbsoluteUri.TrimEnd('/'))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("<form", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task an_authorization_request_without_pkce_gets_no_login_form()
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync(browser.AuthorizeQuery(pkce: false));
        Assert.DoesNotContain("<form", await response.Content.ReadAsStringAsync());
        if (response.Headers.Location is { } location) Assert.Contains("error=invalid_request", location.Query);
        else Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task a_login_post_without_the_forms_antiforgery_token_is_refused()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();
        var hidden = await browser.OpenLoginPageAsync();
        var forged = hidden.Where(p => !p.Key.Contains("antiforgery", StringComparison.OrdinalIgnoreCase) && !p.Key.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary();
        Assert.True(forged.Count < hidden.Count, "the form carries an antiforgery field");

        using var other = new OidcTestClient(Server.Address);   // another site's post: no cookie, no token
        using var response = await other.PostLoginAsync(forged, learner, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("FORM_EXPIRED", OidcTestClient.ErrorCodeOf(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task refresh_gives_fresh_tokens_once_and_a_used_refresh_token_is_refused()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var (status, renewed) = await browser.RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(refresh, renewed["refresh_token"]!.GetValue<string>());
        (await ApiClient(Server, renewed["access_token"]!.GetValue<string>()).PostAsync("{ departments { id } }")).AssertNoErrors();

        var (reused, refusal) = await browser.RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.BadRequest, reused);
        Assert.Equal("invalid_grant", refusal["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task after_sign_out_its_access_and_refresh_tokens_are_refused_over_http_and_websocket()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);
        var access = tokens["access_token"]!.GetValue<string>();
        var api = ApiClient(Server, access);
        (await api.PostAsync("{ departments { id } }")).AssertNoErrors();
        await using (var before = await WsClient.ConnectAsync(Server.Address)) await before.InitAsync(access);

        var back = await browser.SignOutAsync(tokens["id_token"]!.GetValue<string>());
        Assert.True(back?.AbsoluteUri == browser.RedirectUri, $"sign-out sent the browser to {back}: {browser.LastRefusal}");

        var refused = await api.PostAsync("{ departments { id } }");
        Assert.Equal(401, refused.Status);
        Assert.Equal("UNAUTHENTICATED", refused.FirstErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.RefreshAsync(tokens["refresh_token"]!.GetValue<string>())).Status);
        await using var after = await WsClient.ConnectAsync(Server.Address);
        await after.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + access } });
        Assert.Equal(4403, await after.ClosedWithAsync());
        Assert.Contains("signOut", (await AuditOf(learner, "signOut")).Select(e => e["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task sign_out_sends_the_browser_only_to_the_pages()
    {
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = NewBrowser();
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);
        var target = await browser.SignOutAsync(tokens["id_token"]!.GetValue<string>(), "https://evil.example/");
        Assert.True(target is null || target.Host != "evil.example", $"sent to {target}");
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class BuiltInProviderTestsOnSqlite(SqliteServerFixture fixture) : BuiltInProviderTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class BuiltInProviderTestsOnPostgres(PostgresServerFixture fixture) : BuiltInProviderTests(fixture);
