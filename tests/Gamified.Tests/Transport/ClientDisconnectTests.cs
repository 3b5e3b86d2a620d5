using System.Net.Sockets;
using System.Text;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gamified.Tests.Transport;

/// <summary>A client that goes away mid-request is not a server failure: the server notes it at debug level and logs no error.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class ClientDisconnectTests(SqliteServerFixture fixture)
{
    [Theory]
    [InlineData(true)]    // the connection reset (RST)
    [InlineData(false)]   // the connection closed (FIN) before the body was whole
    public async Task a_client_that_leaves_half_way_through_its_request_body_leaves_no_error_in_the_server_log(bool reset)
    {
        var server = fixture.Server;
        var mark = server.Log.Mark;

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(server.Address.Host, server.Address.Port);
            var body = """{"query":"{ departments { id } }"}""";
            // Promises more body than it sends, and waits for the server's 100 Continue (sent when the endpoint starts reading
            // the body), so the server is mid-request when the client goes.
            await socket.SendAsync(Encoding.ASCII.GetBytes($"POST /graphql HTTP/1.1\r\nHost: {server.Address.Authority}\r\n" +
                $"Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {body.Length + 4000}\r\n\r\n"));
            var answer = new byte[256];
            var read = await socket.ReceiveAsync(answer);
            Assert.StartsWith("HTTP/1.1 100", Encoding.ASCII.GetString(answer, 0, read));
            await socket.SendAsync(Encoding.ASCII.GetBytes(body));
            if (reset) socket.LingerState = new LingerOption(true, 0);
            else socket.Shutdown(SocketShutdown.Send);
        }

        static bool Noted(LoggedLine line) => line.Category.EndsWith(".ClientDisconnects", StringComparison.Ordinal);
        await Poll.Until(() => Task.FromResult(server.Log.Since(mark).Any(l => Noted(l) || l.Level >= LogLevel.Error)),
            "the server logged something about the client that went away");
        var lines = server.Log.Since(mark);
        Assert.DoesNotContain(lines, l => l.Level >= LogLevel.Warning && (l.Exception is not null || l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)));
        var noted = Assert.Single(lines, Noted);
        Assert.Equal(LogLevel.Debug, noted.Level);
        Assert.Null(noted.Exception);   // no stack trace
        Assert.Contains("POST /graphql", noted.Message);
    }
}
