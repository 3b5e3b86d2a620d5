using System.Net;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.SignIn;

/// <summary>The built-in provider is the sign-in of the installations named in <c>Auth:BuiltInProvider:WebOrigins</c>, and of
/// no one else: codes and sign-out go only to their pages' root, and only their pages may read discovery and tokens.</summary>
[Collection(FederationCollection.Name)]
public sealed class ProviderWebOriginsTests(FederationFixture federation)
{
    private string PagesRoot => new Uri(federation.Pages.Address, "/").AbsoluteUri;

    [Fact]
    public async Task the_provider_sends_codes_to_a_listed_installations_pages_and_to_no_other_address()
    {
        using var browser = new OidcTestClient(federation.Issuer.Address);
        using var listed = await browser.Http.GetAsync(browser.AuthorizeQuery(PagesRoot));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains($"form-action 'self' {PagesRoot.TrimEnd('/')}", string.Join(";", listed.Headers.GetValues("Content-Security-Policy")));

        foreach (var other in new[] { PagesRoot + "evil", $"http://127.0.0.1:{FreePort.Next()}/", PagesRoot.Replace("127.0.0.1", "localhost") })
        {
            using var refused = await browser.Http.GetAsync(browser.AuthorizeQuery(other));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{other} answered {refused.StatusCode}");
            Assert.Null(refused.Headers.Location);
        }
    }

    [Fact]
    public async Task only_a_listed_installations_pages_may_read_discovery_and_the_token_endpoint()
    {
        using var http = new HttpClient { BaseAddress = federation.Issuer.Address };
        foreach (var path in new[] { "/.well-known/openid-configuration", "/connect/token" })
        {
            var (origin, allowed) = await CorsAsync(http, path, PagesRoot.TrimEnd('/'));
            Assert.Equal(origin, allowed);
            Assert.Null((await CorsAsync(http, path, "http://evil.example")).Allowed);
        }
        // The API is not the provider's to share.
        Assert.Null((await CorsAsync(http, "/graphql", PagesRoot.TrimEnd('/'))).Allowed);
    }

    private static async Task<(string Origin, string? Allowed)> CorsAsync(HttpClient http, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await http.SendAsync(request);
        return (origin, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
    }
}
