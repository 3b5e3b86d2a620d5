namespace Gamified.Notifications;

public enum SmtpTls
{
    /// <summary>Plain SMTP, then STARTTLS (required): port 587.</summary>
    StartTls,
    /// <summary>TLS from the first byte: port 465.</summary>
    Implicit,
    /// <summary>No TLS: only for a relay on the same host or a private network.</summary>
    None,
}

/// <summary>E-mail through an SMTP server; off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpTls Tls { get; set; } = SmtpTls.StartTls;
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender's address, e.g. <c>training@example.gov.cn</c>.</summary>
    public string? From { get; set; }
    public string FromName { get; set; } = "培训办公室";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>A group robot's webhook (WeCom or DingTalk); off while <see cref="Webhook"/> is empty. Both are secrets.</summary>
public sealed class RobotOptions
{
    public string? Webhook { get; set; }
    /// <summary>DingTalk's signing secret (<c>SEC…</c>), when the robot's security setting is "加签".</summary>
    public string? Secret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Webhook);
}

/// <summary>How the outbox is drained: how often, how many at once, and the back-off between attempts.</summary>
public sealed class DeliveryOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public int BatchSize { get; set; } = 50;
    /// <summary>The wait after a first failure; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Attempts before a delivery is given up (it stays in the outbox with its last error).</summary>
    public int MaxAttempts { get; set; } = 10;
    /// <summary>How long a claimed delivery is its node's: one that dies holding it frees it after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>The <c>Notifications</c> section: the outside channels (each off unless configured) and their delivery.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();
    public RobotOptions WeCom { get; set; } = new();
    public RobotOptions DingTalk { get; set; } = new();
    public DeliveryOptions Delivery { get; set; } = new();
    /// <summary>The web app's address (<c>https://training.example.gov.cn</c>), put before a notification's link in e-mails and robot messages.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>What a send queues besides the inbox.</summary>
    public DeliveryPlan Deliveries => new(Smtp.Enabled,
        [.. WeCom.Enabled ? [DeliveryChannel.WeCom] : Array.Empty<DeliveryChannel>(), .. DingTalk.Enabled ? [DeliveryChannel.DingTalk] : Array.Empty<DeliveryChannel>()]);

    /// <summary>What is wrong with the section, naming the setting (never its value: several are secrets), or null.</summary>
    public string? Problem()
    {
        if (Smtp.Enabled)
        {
            if (Smtp.Port is < 1 or > 65535) return "Smtp:Port is between 1 and 65535.";
            if (string.IsNullOrWhiteSpace(Smtp.From) || !IsMailbox(Smtp.From)) return "Smtp:From is an e-mail address when Smtp:Host is set.";
            if (!string.IsNullOrEmpty(Smtp.User) && string.IsNullOrEmpty(Smtp.Password)) return "Smtp:Password is required with Smtp:User.";
        }
        if ((WebhookProblem(WeCom, "WeCom") ?? WebhookProblem(DingTalk, "DingTalk")) is { } robot) return robot;
        if (!string.IsNullOrEmpty(WeCom.Secret)) return "WeCom:Secret is not used: WeCom robots are not signed (leave it empty).";
        if (PublicUrl is { Length: > 0 } && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var site) && site.Scheme is "https" or "http"))
            return "PublicUrl is an absolute http(s) address.";
        var d = Delivery;
        if (d.PollInterval <= TimeSpan.Zero || d.RetryDelay <= TimeSpan.Zero || d.Lease <= TimeSpan.Zero || d.MaxRetryDelay < d.RetryDelay)
            return "Delivery: PollInterval, RetryDelay and Lease are positive, MaxRetryDelay at least RetryDelay.";
        // One send may take its full 30 s timeout, and no send starts that could outlast the lease.
        if (d.Lease < TimeSpan.FromMinutes(1)) return "Delivery: Lease is at least a minute (one delivery may take 30 s).";
        if (d.BatchSize is < 1 or > 1000) return "Delivery:BatchSize is between 1 and 1000.";
        if (d.MaxAttempts is < 1 or > 100) return "Delivery:MaxAttempts is between 1 and 100.";
        return null;
    }

    // HTTPS, except to this machine (a relay or a test's listener): the URL carries the robot's key.
    private static string? WebhookProblem(RobotOptions robot, string name) =>
        !robot.Enabled ? null
        : Uri.TryCreate(robot.Webhook, UriKind.Absolute, out var url) && (url.Scheme == "https" || url.Scheme == "http" && url.IsLoopback)
            ? null
            : $"{name}:Webhook is an https address (http only to this machine).";

    private static bool IsMailbox(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value.Trim();
}
