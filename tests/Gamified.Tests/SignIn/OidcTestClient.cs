using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gamified.Server.Identity;
using Gamified.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Tests.SignIn;

/// <summary>What the web pages' OIDC library does, over plain HTTP: authorization code with PKCE through the login form,
/// the token endpoint, refresh and sign-out. A browser's cookies, no automatic redirects.</summary>
public sealed partial class OidcTestClient : IDisposable
{
    private readonly HttpClient _http;

    public OidcTestClient(Uri server)
    {
        Server = server;
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    private const string PagesClientId = WebPagesClient.ClientId;

    public Uri Server { get; }

    public HttpClient Http => _http;

    public string RedirectUri => new Uri(Server, "/").AbsoluteUri;

    public string Verifier { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string State { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public string AuthorizeQuery(string? redirectUri = null, bool pkce = true) =>
        "/connect/authorize?" + string.Join('&', new Dictionary<string, string?>
        {
            ["client_id"] = WebPagesClient.ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile roles offline_access",
            ["state"] = State,
            ["code_challenge"] = pkce ? Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))) : null,
            ["code_challenge_method"] = pkce ? "S256" : null,
        }.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>Opens the login page and returns its form's hidden fields.</summary>
    public async Task<Dictionary<string, string>> OpenLoginPageAsync()
    {
        using var page = await _http.GetAsync(AuthorizeQuery());
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"the login page answered {page.StatusCode}: {html}");
        return HiddenFields(html);
    }

    /// <summary>Posts the login form; returns the response (a redirect with the code, or the page again with an error).</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(Dictionary<string, string> hidden, string userName, string password)
    {
        var fields = new Dictionary<string, string>(hidden) { ["username"] = userName, ["password"] = password };
        return await _http.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
    }

    /// <summary>The code of a redirect to the client, after checking it goes to the registered address with our state.</summary>
    public string CodeFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.AbsoluteUri);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(State, query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> RedeemAsync(string code, string? verifier = null) =>
        await TokenRequestAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = WebPagesClient.ClientId,
            ["code_verifier"] = verifier ?? Verifier,
        });

    public async Task<(HttpStatusCode Status, JsonNode Body)> RefreshAsync(string refreshToken) =>
        await TokenRequestAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = WebPagesClient.ClientId,
        });

    /// <summary>Signs in all the way: the tokens (access_token, refresh_token, id_token).</summary>
    public async Task<JsonNode> SignInAsync(string userName, string password)
    {
        using var posted = await PostLoginAsync(await OpenLoginPageAsync(), userName, password);
        var (status, body) = await RedeemAsync(CodeFrom(posted));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    /// <summary>The end-session request the pages send on sign-out; returns where the browser is sent.</summary>
    public async Task<Uri?> SignOutAsync(string idToken, string? postLogoutRedirectUri = null)
    {
        using var response = await _http.GetAsync("/connect/endsession?client_id=" + PagesClientId + "&id_token_hint=" + Uri.EscapeDataString(idToken) +
            "&post_logout_redirect_uri=" + Uri.EscapeDataString(postLogoutRedirectUri ?? RedirectUri));
        if (response.StatusCode == HttpStatusCode.Redirect) return response.Headers.Location;
        LastRefusal = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
        return null;
    }

    /// <summary>What the last sign-out answered instead of a redirect, for failure messages.</summary>
    public string? LastRefusal { get; private set; }

    public static string ErrorCodeOf(string html) => ErrorCode().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

    private async Task<(HttpStatusCode, JsonNode)> TokenRequestAsync(Dictionary<string, string> fields)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(fields));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static Dictionary<string, string> HiddenFields(string html) =>
        Hidden().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("""<input type="hidden" name="([^"]*)" value="([^"]*)">""")]
    private static partial Regex Hidden();

    [GeneratedRegex("""id="error" data-code="([^"]*)""")]
    private static partial Regex ErrorCode();

    public void Dispose() => _http.Dispose();
}

/// <summary>Accounts for tests, made the way an admin makes them: with the createAccount mutation.</summary>
public static class TestAccounts
{
    public const string Password = "correct-horse-42";

    public const string Create = """
        mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { userName roles departments } userErrors { code message field } } }
        """;

    public static async Task<string> CreateAsync(GamifiedServer server, string[] roles, string[]? departments = null, string? userName = null)
    {
        userName ??= Scenario.NewId("user");
        (await server.Client.PostAsync(Create, new { input = new { userName, password = Password, roles, departments } })).AssertNoErrors();
        return userName;
    }
}
