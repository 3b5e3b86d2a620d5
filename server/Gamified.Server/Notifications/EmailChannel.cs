using Gamified.Common;
using Gamified.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gamified.Server.Notifications;

/// <summary>
/// Sends a notification by e-mail through the configured SMTP server (MailKit) to the address on the learner's profile (from
/// the staff import). The subject is the Chinese title; the text has the Chinese, then the English.
/// </summary>
public sealed class EmailChannel(NotificationOptions options, IGrainFactory grains)
{
    /// <summary>The longest one SMTP command may take; the outbox stops sending a batch while this still fits in its lease.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One connection for the e-mails of one drain: a plan change for 500 learners is one connection per batch, not 500.</summary>
    public EmailSession Session() => new();

    /// <summary>Sends it on the session's connection, or says why there was no one to send it to.</summary>
    public async Task<string?> Send(EmailSession session, OutboxItem item, CancellationToken cancellationToken)
    {
        if (await grains.Learner(item.Target).Get() is not { Profile: { Active: true, Email: { Length: > 0 } email } profile })
            return "No active learner with an e-mail address.";
        var smtp = options.Smtp;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From!));
        message.To.Add(new MailboxAddress(profile.DisplayName, email));
        message.Subject = item.Title.ZhCn;
        // The same id on every attempt: a mail system that got a message whose acknowledgement was lost can tell the repeat.
        message.MessageId = $"notification-{item.Id}@{smtp.From!.Split('@')[^1]}";
        message.Body = new TextPart("plain") { Text = Text(item) };

        var client = await Connected(session, cancellationToken);
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            // The connection's state is unknown after a failure: the next message starts on a fresh one.
            session.Drop();
            throw;
        }
        return null;
    }

    /// <summary>The session's connection, opened (and signed in) on its first message.</summary>
    private async Task<SmtpClient> Connected(EmailSession session, CancellationToken cancellationToken)
    {
        if (session.Client is { IsConnected: true } open) return open;
        session.Drop();
        var smtp = options.Smtp;
        var client = new SmtpClient { Timeout = (int)SendTimeout.TotalMilliseconds };
        session.Client = client;
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Tls switch
        {
            SmtpTls.Implicit => SecureSocketOptions.SslOnConnect,
            SmtpTls.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        }, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password!, cancellationToken);
        return client;
    }

    private string Text(OutboxItem item)
    {
        var link = RobotMessages.Link(item.Link, options.PublicUrl);
        var lines = new List<string> { item.Body.ZhCn };
        if (link is not null) lines.Add(link);
        lines.AddRange(["", "——", item.Title.En, item.Body.En]);
        if (link is not null) lines.Add(link);
        return string.Join("\r\n", lines);
    }
}

/// <summary>An SMTP connection kept across the messages of one drain, closed (QUIT) when the drain ends.</summary>
public sealed class EmailSession : IAsyncDisposable
{
    internal SmtpClient? Client { get; set; }

    internal void Drop()
    {
        Client?.Dispose();
        Client = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is { IsConnected: true } client)
        {
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception problem) when (problem is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException)
            {
                // Everything was sent (or marked failed) already; a QUIT that fails loses nothing.
            }
        }
        Drop();
    }
}
