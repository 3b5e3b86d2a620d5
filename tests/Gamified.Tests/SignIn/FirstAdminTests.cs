using System.Net;
using Gamified.Server.Identity;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.SignIn;

/// <summary>A new installation gets its first admin from a one-time set-up link in the log, or from configuration.</summary>
public sealed class FirstAdminTests
{
    [Fact]
    public async Task the_set_up_link_makes_the_first_admin_once_and_then_is_dead()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var link = server.Services.GetRequiredService<FirstAdminSetup>().Link;
        Assert.NotNull(link);
        using var browser = new OidcTestClient(server.Address);

        using (var guessed = await browser.Http.GetAsync("/connect/setup?token=" + new string('A', 43)))
            Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);

        var form = OidcTestClient.HiddenFields(await browser.Http.GetStringAsync(link));
        async Task<HttpResponseMessage> Post(string userName, string password, string confirm) =>
            await browser.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>(form)
            {
                ["username"] = userName, ["password"] = password, ["confirm"] = confirm,
            }));

        using (var weak = await Post("chief", "short1", "short1"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Equal("BAD_USER_INPUT", OidcTestClient.ErrorCodeOf(await weak.Content.ReadAsStringAsync()));
        }
        form = OidcTestClient.HiddenFields(await browser.Http.GetStringAsync(link));
        using (var mismatch = await Post("chief", TestAccounts.Password, TestAccounts.Password + "x"))
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        form = OidcTestClient.HiddenFields(await browser.Http.GetStringAsync(link));
        using (var created = await Post("chief", TestAccounts.Password, TestAccounts.Password))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Contains("SETUP_DONE", await created.Content.ReadAsStringAsync());
        }
        using (var again = await browser.Http.GetAsync(link))
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Null(server.Services.GetRequiredService<FirstAdminSetup>().Link);

        var tokens = await browser.SignInAsync("chief", TestAccounts.Password);
        var admin = server.ClientWithToken(tokens["access_token"]!.GetValue<string>());
        var log = (await admin.QueryAsync("{ auditLog(action: \"createAccount\") { edges { node { actor target outcome } } } }"))["auditLog"]!["edges"]![0]!["node"]!;
        Assert.Equal(("setup", "chief", "OK"), (log["actor"]!.GetValue<string>(), log["target"]!.GetValue<string>(), log["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task an_initial_admin_password_from_configuration_makes_the_admin_account_and_no_link()
    {
        const string password = "lantern-7-harbor";
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Auth:BuiltInProvider:InitialAdminPassword={password}");
        Assert.Null(server.Services.GetRequiredService<FirstAdminSetup>().Link);
        using var browser = new OidcTestClient(server.Address);
        var tokens = await browser.SignInAsync("admin", password);
        (await server.ClientWithToken(tokens["access_token"]!.GetValue<string>()).PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertNoErrors();
    }
}
