using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;

namespace Gamified.Tests.SignIn;

/// <summary>An access token of the built-in provider past its lifetime is refused over HTTP and WebSocket, like any other.</summary>
public sealed class ExpiredSessionTests
{
    /// <summary>Real time plus an offset the test sets: here, a sign-in a day ago.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }

    [Fact]
    public async Task an_access_token_issued_a_day_ago_is_refused_over_http_and_websocket()
    {
        var clock = new ShiftedClock();
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), clock);
        var learner = await TestAccounts.CreateAsync(server, ["learner"]);
        using var browser = new OidcTestClient(server.Address);

        clock.Offset = -TimeSpan.FromDays(1);
        var tokens = await browser.SignInAsync(learner, TestAccounts.Password);   // issued, and valid for 15 minutes, a day ago
        clock.Offset = TimeSpan.Zero;

        var refused = await server.ClientWithToken(tokens["access_token"]!.GetValue<string>()).PostAsync("{ departments { id } }");
        Assert.Equal(401, refused.Status);
        Assert.Equal("UNAUTHENTICATED", refused.FirstErrorCode);
        await using var socket = await WsClient.ConnectAsync(server.Address);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + tokens["access_token"]!.GetValue<string>() } });
        Assert.Equal(4403, await socket.ClosedWithAsync());
    }

    [Fact]
    public async Task a_socket_opened_before_sign_out_is_closed_once_the_sign_in_ends_and_other_sign_ins_stay_open()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--WebSockets:SessionRecheckInterval=00:00:01");
        var (leaving, staying) = (await TestAccounts.CreateAsync(server, ["learner"]), await TestAccounts.CreateAsync(server, ["learner"]));
        using var browser = new OidcTestClient(server.Address);
        using var other = new OidcTestClient(server.Address);
        var tokens = await browser.SignInAsync(leaving, TestAccounts.Password);
        await using var socket = await WsClient.ConnectAsync(server.Address);
        await socket.InitAsync(tokens["access_token"]!.GetValue<string>());
        await using var bystander = await WsClient.ConnectAsync(server.Address);
        await bystander.InitAsync((await other.SignInAsync(staying, TestAccounts.Password))["access_token"]!.GetValue<string>());

        await browser.SignOutAsync(tokens["id_token"]!.GetValue<string>());

        Assert.Equal(4403, await socket.ClosedWithAsync());
        // The recheck that closed the first ran over the second too, and left it open.
        await bystander.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await bystander.ReceiveAsync())?["type"]?.GetValue<string>());
    }
}
