using System.Net;
using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gamified.Tests.SignIn;

/// <summary>Sign-in settings are checked at start, with a message naming the setting; the built-in provider can be off.</summary>
public sealed class FederationSettingsTests
{
    [Theory]
    [InlineData("--Auth:ClaimMapping:RoleClaims:0=groups", "Roles is required with RoleClaims")]
    [InlineData("--Auth:ClaimMapping:Roles:superuser:0=gamified-admins", "Roles:superuser is not one of our roles")]
    [InlineData("--Auth:ClaimMapping:DefaultRole=admin", "DefaultRole is learner or author")]
    [InlineData("--Auth:BuiltInProvider:WebOrigins:0=https://training.example.gov.cn/callback", "WebOrigins: 'https://training.example.gov.cn/callback' is not an origin")]
    [InlineData("--Auth:BuiltInProvider:WebOrigins:0=https://*.example.gov.cn", "is not an origin")]
    public async Task a_wrong_sign_in_setting_stops_the_server_at_start_naming_it(string setting, string message)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => GamifiedServer.StartAsync(ServerStorage.NewSqlite(), setting));
        Assert.Contains(message, refused.Message);
        Assert.Contains(setting.Contains("ClaimMapping") ? "Auth:ClaimMapping" : "Auth:BuiltInProvider", refused.Message);
    }

    [Fact]
    public async Task with_the_built_in_provider_off_and_no_authority_a_development_server_serves_local_tokens_only()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Auth:BuiltInProvider:Enabled=false");
        using var http = new HttpClient { BaseAddress = server.Address };

        var config = JsonNode.Parse(await http.GetStringAsync("/auth/config"))!;
        Assert.Null(config["authority"]);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/connect/authorize?client_id=gamified-web")).StatusCode);
        (await server.ClientAs("zhang-wei", ["learner"]).PostAsync("{ departments { id } }")).AssertNoErrors();
        var me = JsonNode.Parse(await server.ClientAs("zhang-wei", ["learner"], ["tax-bureau"]).Http.GetStringAsync("/auth/me"))!;
        Assert.Equal(("zhang-wei", "learner", "tax-bureau"),
            (me["subject"]!.GetValue<string>(), me["roles"]![0]!.GetValue<string>(), me["departments"]![0]!.GetValue<string>()));
    }
}
