using System.Text.Json;
using Gamified.Accounts;
using Gamified.Audit;
using Microsoft.AspNetCore.Antiforgery;

namespace Gamified.Server.Identity;

/// <summary>
/// <c>/connect/activate?token=…</c>: the page behind a one-time sign-in link. GET shows whose link it is and asks for a
/// password; POST checks the password rules, uses the link up, sets the password and ends the person's other sign-ins (a
/// reset must shut out whoever knew the old password). An unknown, used or expired link gets the same refusal.
/// </summary>
internal static class ActivateEndpoint
{
    public const string SetPasswordAction = "setPassword";

    public static async Task<IResult> Handle(HttpContext http, SignInLinks links, LocalAccounts accounts, ISignInSessions sessions,
        IAntiforgery antiforgery, IAuditStore audit, TimeProvider clock)
    {
        var isGet = HttpMethods.IsGet(http.Request.Method);
        var token = isGet ? http.Request.Query["token"].ToString() : (await http.Request.ReadFormAsync(http.RequestAborted))["token"].ToString();
        var userName = await links.Holder(token, http.RequestAborted);
        if (userName is null) return Refused(http);
        if (isGet) return Form(http, antiforgery, token, userName, null, null);

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Form(http, antiforgery, token, userName, "FORM_EXPIRED", "表单已过期，请重试。 / The form expired: please try again.", StatusCodes.Status400BadRequest);
        }
        var password = http.Request.Form["password"].ToString();
        if (PasswordRules.Check(password, userName) is { } problem)
            return Form(http, antiforgery, token, userName, "BAD_USER_INPUT", problem, StatusCodes.Status400BadRequest);
        if (password != http.Request.Form["confirm"].ToString())
            return Form(http, antiforgery, token, userName, "BAD_USER_INPUT", "两次输入的密码不一致。 / The passwords differ.", StatusCodes.Status400BadRequest);
        if (!await links.Take(token, http.RequestAborted)) return Refused(http);

        await accounts.SetPassword(userName, password, CancellationToken.None);
        await sessions.EndAll([userName], CancellationToken.None);
        await audit.Append(new AuditEntry(0, clock.GetUtcNow(), userName, "", SetPasswordAction, userName, "OK",
            JsonSerializer.Serialize(new { via = "link" }), http.Connection.RemoteIpAddress?.ToString()));
        return ProviderHtml.Result(http, ProviderPages.Message("密码已设置，请返回首页登录。", "Your password is set: go to the home page and sign in.", "PASSWORD_SET"));
    }

    private static IResult Refused(HttpContext http) =>
        ProviderHtml.Result(http, ProviderPages.Message("链接无效、已使用或已过期，请向培训管理员索取新链接。",
            "The link is not valid, was used or has expired: ask your training office for a new one.", "LINK_INVALID"), StatusCodes.Status404NotFound);

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string token, string userName, string? code, string? text, int status = 200)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return ProviderHtml.Result(http, ProviderPages.ChoosePassword(token, userName, tokens.FormFieldName, tokens.RequestToken!, code, text), status);
    }
}
