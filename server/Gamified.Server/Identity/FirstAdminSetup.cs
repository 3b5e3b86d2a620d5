using System.Security.Cryptography;
using System.Text;
using Gamified.Api.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gamified.Server.Identity;

/// <summary>
/// The first admin account. On start, when no admin account exists: with <c>Auth:BuiltInProvider:InitialAdminPassword</c>
/// set, the account <c>admin</c> is created with it; otherwise a one-time set-up link (a random secret, good until it is
/// used or the server restarts) is written to the log, and <c>/connect/setup</c> lets whoever holds it choose the first
/// admin's name and password. Once an admin exists the page answers only that set-up is done.
/// </summary>
public sealed class FirstAdminSetup
{
    private readonly Lock _gate = new();
    private byte[]? _secret;

    /// <summary>The path with the secret, while set-up is open; for the log and for tests.</summary>
    public string? Link { get; private set; }

    public string Open()
    {
        lock (_gate)
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            _secret = secret;
            Link = "/connect/setup?token=" + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(secret);
            return Link;
        }
    }

    public bool Accepts(string? token)
    {
        lock (_gate)
        {
            if (_secret is null || string.IsNullOrEmpty(token)) return false;
            byte[] given;
            try
            {
                given = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token);
            }
            catch (FormatException)
            {
                return false;
            }
            return CryptographicOperations.FixedTimeEquals(given, _secret);
        }
    }

    /// <summary>Opens set-up again with the secret a <see cref="Consume"/> took, when creating the admin then failed.</summary>
    public void Restore(string token)
    {
        lock (_gate)
        {
            if (_secret is not null) return;
            _secret = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token);
            Link = "/connect/setup?token=" + token;
        }
    }

    /// <summary>Closes set-up; true for the one caller that held the secret when it closed.</summary>
    public bool Consume(string token)
    {
        lock (_gate)
        {
            if (!Accepts(token)) return false;
            _secret = null;
            Link = null;
            return true;
        }
    }

    public static async Task<IResult> Handle(HttpContext http, FirstAdminSetup setup, LocalAccounts accounts, IAntiforgery antiforgery)
    {
        if (await accounts.AnyAdmin(http.RequestAborted))
            return ProviderHtml.Result(http, ProviderPages.Message("管理员账号已设置", "The admin account is set up", "SETUP_DONE"), StatusCodes.Status410Gone);
        var token = http.Request.Query["token"].ToString();
        if (!HttpMethods.IsGet(http.Request.Method)) await http.Request.ReadFormAsync(http.RequestAborted);
        if (HttpMethods.IsGet(http.Request.Method))
            return setup.Accepts(token) ? Form(http, antiforgery, token, null, null, null) : Refused(http);

        var form = http.Request.Form;
        token = form["setup"].ToString();
        if (!setup.Accepts(token)) return Refused(http);
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Form(http, antiforgery, token, null, "FORM_EXPIRED", "表单已过期，请重试。 / The form expired: please try again.", StatusCodes.Status400BadRequest);
        }
        var userName = form["username"].ToString().Trim().ToLowerInvariant();
        var password = form["password"].ToString();
        if (!PasswordRules.IsValidUserName(userName))
            return Form(http, antiforgery, token, userName, "BAD_USER_INPUT",
                "用户名为 2 到 64 个小写字母、数字、'.'、'_' 或 '-'。 / The user name has 2 to 64 lower-case letters, digits, '.', '_' or '-'.", StatusCodes.Status400BadRequest);
        if (PasswordRules.Check(password, userName) is { } problem)
            return Form(http, antiforgery, token, userName, "BAD_USER_INPUT", problem, StatusCodes.Status400BadRequest);
        if (password != form["confirm"].ToString())
            return Form(http, antiforgery, token, userName, "BAD_USER_INPUT", "两次输入的密码不一致。 / The passwords differ.", StatusCodes.Status400BadRequest);
        if (!setup.Consume(token)) return Refused(http);
        bool created;
        try
        {
            created = await accounts.Create(userName, password, [Roles.Admin], []);
        }
        catch
        {
            setup.Restore(token);   // no admin yet: the link must still work
            throw;
        }
        if (!created)
        {
            setup.Restore(token);
            return Form(http, antiforgery, token, userName, "CONFLICT", "该用户名已存在。 / The user name is taken.", StatusCodes.Status409Conflict);
        }
        await accounts.AuditCreation("setup", "", userName, "OK", http.Connection.RemoteIpAddress?.ToString());
        return ProviderHtml.Result(http, ProviderPages.Message("管理员账号已创建，请返回首页登录。", "The admin account is created: go to the home page and sign in.", "SETUP_DONE"));
    }

    private static IResult Refused(HttpContext http) =>
        ProviderHtml.Result(http, ProviderPages.Message("设置链接无效或已使用", "The set-up link is not valid or was used", "SETUP_LINK_INVALID"), StatusCodes.Status404NotFound);

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string token, string? userName, string? code, string? text, int status = 200)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return ProviderHtml.Result(http, ProviderPages.Setup(token, tokens.FormFieldName, tokens.RequestToken!, userName, code, text), status);
    }
}

/// <summary>Creates the first admin (from configuration) or opens set-up and logs its link, once the server listens.</summary>
internal sealed class FirstAdminStartup(IServiceProvider services, FirstAdminSetup setup, BuiltInProviderOptions options, IServer server,
    IHostApplicationLifetime lifetime, ILogger<FirstAdminStartup> logger) : IHostedService
{
    /// <summary>
    /// Nodes started together (a cluster's first start, a Kubernetes rollout) all bring the web client's registration up
    /// to date at once, and OpenIddict's optimistic check fails all but one: the others try again in a fresh scope (the
    /// old one's context keeps the row as it was before the winner's update), so no node fails its start over it.
    /// </summary>
    private async Task EnsureWebClientAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<WebClientRegistration>().EnsureAsync(cancellationToken);
                return;
            }
            catch (OpenIddict.Abstractions.OpenIddictExceptions.ConcurrencyException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<LocalAccounts>();
        await EnsureWebClientAsync(cancellationToken);
        if (await accounts.AnyAdmin(cancellationToken)) return;
        if (!string.IsNullOrEmpty(options.InitialAdminPassword))
        {
            if (await accounts.Create("admin", options.InitialAdminPassword, [Roles.Admin], [], cancellationToken))
            {
                await accounts.AuditCreation("configuration", "", "admin", "OK", null);
                logger.LogWarning("Created the admin account 'admin' with Auth:BuiltInProvider:InitialAdminPassword; remove the password from the configuration");
            }
            return;
        }
        var link = setup.Open();
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
            logger.LogWarning("No admin account yet. Set one up, once, at {SetupLink} (the link works until it is used or the server restarts)",
                address.TrimEnd('/') + link);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
