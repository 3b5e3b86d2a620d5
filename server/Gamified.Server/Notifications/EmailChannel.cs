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
    /// <summary>Sends it, or says why there was no one to send it to.</summary>
    public async Task<string?> Send(OutboxItem item, CancellationToken cancellationToken)
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

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Tls switch
        {
            SmtpTls.Implicit => SecureSocketOptions.SslOnConnect,
            SmtpTls.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        }, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password!, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return null;
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
