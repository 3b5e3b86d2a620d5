using System.Net;
using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.SignIn;

/// <summary>The pages learn where to sign in from /auth/config: the built-in provider, or the external one configured.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class SignInConfigTests(SqliteServerFixture fixture)
{
    [Fact]
    public async Task with_no_authority_the_pages_sign_in_at_the_built_in_provider()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };
        var config = JsonNode.Parse(await http.GetStringAsync("/auth/config"))!;
        Assert.Equal(new Uri(fixture.Server.Address, "/").AbsoluteUri, config["authority"]!.GetValue<string>());
        Assert.Equal("gamified-web", config["clientId"]!.GetValue<string>());
        Assert.Contains("offline_access", config["scope"]!.GetValue<string>());
        Assert.True(config["builtIn"]!.GetValue<bool>());
    }

    [Fact]
    public async Task with_an_external_authority_the_built_in_provider_is_off_and_the_pages_sign_in_there()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            "--Auth:Authority=https://idp.example/realms/gov", "--Auth:WebClientId=gamified-pages");
        using var http = new HttpClient { BaseAddress = server.Address };

        var config = JsonNode.Parse(await http.GetStringAsync("/auth/config"))!;
        Assert.Equal(("https://idp.example/realms/gov", "gamified-pages", false),
            (config["authority"]!.GetValue<string>(), config["clientId"]!.GetValue<string>(), config["builtIn"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/connect/authorize?client_id=gamified-web")).StatusCode);

        using var index = await http.GetAsync("/");
        Assert.Contains("connect-src 'self' https://idp.example;", string.Join(";", index.Headers.GetValues("Content-Security-Policy")));
    }
}
