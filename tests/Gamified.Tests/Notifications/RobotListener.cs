using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gamified.Tests.Notifications;

/// <summary>An HTTP listener on loopback standing in for the WeCom and DingTalk robots: it keeps what each was sent and answers errcode 0.</summary>
public sealed class RobotListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public RobotListener()
    {
        Port = Infrastructure.FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    public ConcurrentQueue<(Uri Url, JsonNode Body)> Received { get; } = new();

    /// <summary>The messages posted to <paramref name="path"/> whose text contains <paramref name="containing"/>.</summary>
    public IReadOnlyList<(Uri Url, JsonNode Body)> At(string path, string containing) =>
        Received.Where(r => (path == "*" || r.Url.AbsolutePath == path)
                            && r.Body["text"]?["content"]?.GetValue<string>().Contains(containing, StringComparison.Ordinal) == true).ToList();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            Received.Enqueue((context.Request.Url!, JsonNode.Parse(await reader.ReadToEndAsync())!));
            var answer = Encoding.UTF8.GetBytes("""{"errcode":0,"errmsg":"ok"}""");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}
