using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;

namespace Gamified.Tests.SignIn;

/// <summary>
/// Tokens of an external issuer count here only through <c>Auth:ClaimMapping</c>: a mapped group gives its role, an unmapped
/// value gives nothing, and what the token says under our own claim names (<c>role: admin</c>) is ignored unless a setting
/// reads that claim. Tokens of another issuer, for another audience or past their expiry are refused, over HTTP and WebSocket.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class ClaimMappingTests(FederationFixture federation)
{
    private const string AdminOnly = "{ auditLog(first: 1) { edges { cursor } } }";
    private const string AnySignedIn = "{ departments { id } }";

    private static string[] Strings(JsonNode? list) => [.. list!.AsArray().Select(v => v!.GetValue<string>())];

    private string GroupsToken(Dictionary<string, object> claims) =>
        federation.Token(new Dictionary<string, object>(claims) { ["sub"] = Guid.NewGuid().ToString() });

    [Fact]
    public async Task a_mapped_group_gives_its_role_and_the_employee_number_is_the_learner_id()
    {
        var token = GroupsToken(new() { ["employee_number"] = "E20417", ["groups"] = new[] { "/gov/staff", "/gov/canteen" }, ["org_unit"] = "tax-bureau" });

        var (status, me) = await FederationFixture.WhoAmI(federation.Groups, token);
        Assert.Equal(200, status);
        Assert.Equal("e20417", me!["subject"]!.GetValue<string>());
        Assert.Equal(["learner"], Strings(me["roles"]));
        Assert.Equal(["tax-bureau"], Strings(me["departments"]));
        (await federation.Groups.ClientWithToken(token).PostAsync(AnySignedIn)).AssertNoErrors();
        Assert.Equal("FORBIDDEN", (await federation.Groups.ClientWithToken(token).PostAsync(AdminOnly)).FirstErrorCode);
    }

    [Fact]
    public async Task a_token_that_names_role_admin_is_not_admin_when_the_mapping_reads_groups()
    {
        var token = GroupsToken(new()
        {
            ["employee_number"] = "e20418",
            ["groups"] = new[] { "/gov/staff" },
            ["role"] = new[] { "admin", "manager" },
            ["department"] = new[] { "*" },
        });

        var (_, me) = await FederationFixture.WhoAmI(federation.Groups, token);
        Assert.Equal(["learner"], Strings(me!["roles"]));
        Assert.Empty(Strings(me["departments"]));
        Assert.Equal("FORBIDDEN", (await federation.Groups.ClientWithToken(token).PostAsync(AdminOnly)).FirstErrorCode);
    }

    [Fact]
    public async Task roles_nested_in_an_object_and_groups_in_a_separated_string_are_read()
    {
        var nested = GroupsToken(new() { ["employee_number"] = "e20419", ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "gamified-admins" } } });
        (await federation.Groups.ClientWithToken(nested).PostAsync(AdminOnly)).AssertNoErrors();

        var separated = GroupsToken(new() { ["employee_number"] = "e20420", ["groups"] = "/gov/staff,/gov/training-office", ["org_unit"] = "tax-bureau data-bureau" });
        var (_, me) = await FederationFixture.WhoAmI(federation.Groups, separated);
        Assert.Equal(["learner", "manager"], Strings(me!["roles"]).Order());
        Assert.Equal(["data-bureau", "tax-bureau"], Strings(me["departments"]).Order());
    }

    [Fact]
    public async Task a_person_with_no_mapped_value_is_not_signed_in_over_http_or_websocket_when_there_is_no_default_role()
    {
        // An array element is one value, spaces and all: "Data gamified-admins" is not the group gamified-admins.
        var token = GroupsToken(new() { ["employee_number"] = "e20421", ["groups"] = new[] { "/gov/canteen", "Data gamified-admins" }, ["role"] = "admin" });

        Assert.Equal(401, (await FederationFixture.WhoAmI(federation.Groups, token)).Status);
        var refused = await federation.Groups.ClientWithToken(token).PostAsync(AnySignedIn);
        Assert.Equal((401, "UNAUTHENTICATED"), (refused.Status, refused.FirstErrorCode));
        await using var socket = await WsClient.ConnectAsync(federation.Groups.Address);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        Assert.Equal(4403, await socket.ClosedWithAsync());
    }

    [Fact]
    public async Task a_mapped_token_opens_a_websocket_as_the_mapped_learner()
    {
        var token = GroupsToken(new() { ["employee_number"] = "e20422", ["groups"] = new[] { "/gov/staff" } });
        await using var socket = await WsClient.ConnectAsync(federation.Groups.Address);
        await socket.InitAsync(token);
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { query = AdminOnly } });
        var answer = await socket.ReceiveAsync();
        Assert.Equal("FORBIDDEN", answer!["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task with_a_default_role_a_person_whose_values_are_unmapped_is_a_learner_and_not_what_the_token_says()
    {
        var token = federation.Token(new() { ["sub"] = "zhou-min", ["role"] = new[] { "admin", "auditor" } });

        var (status, me) = await FederationFixture.WhoAmI(federation.Pages, token);
        Assert.Equal(200, status);
        Assert.Equal("zhou-min", me!["subject"]!.GetValue<string>());
        Assert.Equal(["learner"], Strings(me["roles"]));
        Assert.Equal("FORBIDDEN", (await federation.Pages.ClientWithToken(token).PostAsync(AdminOnly)).FirstErrorCode);
    }

    [Fact]
    public async Task a_token_of_another_issuer_key_or_audience_is_refused()
    {
        var claims = new Dictionary<string, object> { ["sub"] = "zhou-min", ["role"] = new[] { "learner" } };
        (await federation.Pages.ClientWithToken(federation.Token(claims)).PostAsync(AnySignedIn)).AssertNoErrors();

        foreach (var (what, token) in new[]
        {
            ("another issuer", federation.Token(claims, issuer: "http://idp.example/realms/gov/")),
            ("another key", federation.Token(claims, key: federation.ForeignKey())),
            ("another audience", federation.Token(claims, audience: "other-app")),
        })
        {
            var refused = await federation.Pages.ClientWithToken(token).PostAsync(AnySignedIn);
            Assert.True(refused.Status == 401, $"a token of {what} answered {refused.Status}");
            Assert.Equal("UNAUTHENTICATED", refused.FirstErrorCode);
        }
    }

    [Fact]
    public async Task an_expired_token_of_the_issuer_is_refused_over_http_and_websocket()
    {
        // Past its expiry by more than Auth:ClockSkew (a minute).
        var token = federation.Token(new() { ["sub"] = "zhou-min", ["role"] = new[] { "learner" } }, expiresIn: -TimeSpan.FromMinutes(5));

        var refused = await federation.Pages.ClientWithToken(token).PostAsync(AnySignedIn);
        Assert.Equal((401, "UNAUTHENTICATED"), (refused.Status, refused.FirstErrorCode));
        await using var socket = await WsClient.ConnectAsync(federation.Pages.Address);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        Assert.Equal(4403, await socket.ClosedWithAsync());
    }
}
