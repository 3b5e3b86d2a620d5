using System.Net;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.SignIn;

/// <summary>Outside Development the built-in provider is the identity provider: the server starts with it, insists on
/// HTTPS for sign-in, and no longer takes tokens signed with the command line's local key.</summary>
public sealed class ProductionProviderTests
{
    [Fact]
    public async Task in_production_the_built_in_provider_serves_over_https_only_and_the_token_commands_key_is_not_trusted()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--environment=Production");

        var local = await server.Client.PostAsync("{ departments { id } }");   // signed with the local key
        Assert.Equal(401, local.Status);

        using var browser = new OidcTestClient(server.Address);
        using var plain = await browser.Http.GetAsync(browser.AuthorizeQuery());
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.DoesNotContain("<form", await plain.Content.ReadAsStringAsync());
    }
}
