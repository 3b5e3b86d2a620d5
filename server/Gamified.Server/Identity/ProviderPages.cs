using System.Net;
using System.Text;

namespace Gamified.Server.Identity;

/// <summary>
/// The provider's own pages (sign-in, first-admin set-up, choosing a password): plain server-rendered HTML forms, Chinese first and English
/// second, no script, one style sheet from this server, under a policy that allows nothing else.
/// </summary>
internal static class ProviderPages
{
    public const string StylePath = "/connect/style.css";

    public const string Policy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The policy, with the other installations whose pages sign in here allowed as targets of the sign-in form:
    /// the form posts here, and the answer redirects to their pages with the code (browsers apply form-action to that too).</summary>
    public static string PolicyFor(BuiltInProviderOptions options) =>
        options.WebOrigins.Count == 0 ? Policy : Policy.Replace("form-action 'self'", $"form-action 'self' {string.Join(' ', options.WebOriginNames)}");

    public const string Style = """
        body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; background: #f4f6f9; margin: 0; color: #1d2733; }
        main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
        h1 { font-size: 1.4rem; margin-top: 0; }
        h1 small { display: block; font-size: .9rem; color: #5a6675; font-weight: normal; }
        label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
        label span { font-weight: normal; color: #5a6675; }
        input { width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem; border: 1px solid #8a96a3; border-radius: 4px; }
        button { margin-top: 1.5rem; width: 100%; padding: .65rem; font-size: 1rem; background: #1f5fbf; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
        .error { background: #fdecea; color: #8a1c12; padding: .75rem; border-radius: 4px; }
        .notice { background: #e8f3ea; color: #1d5b2a; padding: .75rem; border-radius: 4px; }
        """;

    /// <summary>The sign-in form. It posts back to the same address with every OpenID Connect parameter it came with.</summary>
    public static string SignIn(IEnumerable<KeyValuePair<string, string>> hidden, string antiforgeryField, string antiforgeryToken,
        string? userName, string? errorCode, string? errorText) =>
        Page("登录", "Sign in", errorCode, errorText, form =>
        {
            foreach (var (name, value) in hidden) form.Append(Hidden(name, value));
            form.Append(Hidden(antiforgeryField, antiforgeryToken));
            form.Append(Field("username", "用户名", "User name", "text", "username", userName, autofocus: userName is null));
            form.Append(Field("password", "密码", "Password", "password", "current-password", null, autofocus: userName is not null));
            form.Append("""<button type="submit">登录 <span lang="en">Sign in</span></button>""");
        });

    /// <summary>The first admin's set-up form.</summary>
    public static string Setup(string setupToken, string antiforgeryField, string antiforgeryToken, string? userName, string? errorCode, string? errorText) =>
        Page("设置管理员账号", "Set up the first admin account", errorCode, errorText, form =>
        {
            form.Append(Hidden("setup", setupToken));
            form.Append(Hidden(antiforgeryField, antiforgeryToken));
            form.Append(Field("username", "用户名", "User name", "text", "username", userName ?? "admin", autofocus: false));
            form.Append(Field("password", "密码", "Password", "password", "new-password", null, autofocus: true));
            form.Append(Field("confirm", "确认密码", "Confirm password", "password", "new-password", null, autofocus: false));
            form.Append(PasswordHint);
            form.Append("""<button type="submit">创建 <span lang="en">Create</span></button>""");
        });

    /// <summary>The form behind a one-time sign-in link: the person sees their user name and chooses a password.</summary>
    public static string ChoosePassword(string linkToken, string userName, string antiforgeryField, string antiforgeryToken, string? errorCode, string? errorText) =>
        Page("设置登录密码", "Choose your password", errorCode, errorText, form =>
        {
            form.Append(Hidden("token", linkToken));
            form.Append(Hidden(antiforgeryField, antiforgeryToken));
            form.Append($"""<p>用户名 <span lang="en">User name</span>: <strong id="username">{Encode(userName)}</strong></p>""");
            form.Append(Field("password", "新密码", "New password", "password", "new-password", null, autofocus: true));
            form.Append(Field("confirm", "确认密码", "Confirm password", "password", "new-password", null, autofocus: false));
            form.Append(PasswordHint);
            form.Append("""<button type="submit">保存 <span lang="en">Save</span></button>""");
        });

    private static readonly string PasswordHint =
        $"""<p>密码至少 {PasswordRules.MinLength} 个字符，包含字母和数字，不含用户名。<br><span lang="en">At least {PasswordRules.MinLength} characters, with letters and digits, without the user name.</span></p>""";

    public static string Message(string zh, string en, string? code) =>
        Page(zh, en, null, null, _ => { }, code is null ? null : $"""<p class="notice" data-code="{Encode(code)}">{Encode(zh)}<br><span lang="en">{Encode(en)}</span></p>""");

    private static string Page(string titleZh, string titleEn, string? errorCode, string? errorText, Action<StringBuilder> form, string? body = null)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(titleZh)} · {Encode(titleEn)} · Gamified</title><link rel="stylesheet" href="{StylePath}"></head>
            <body><main>
            <h1>{Encode(titleZh)}<small lang="en">{Encode(titleEn)}</small></h1>
            """);
        if (errorCode is not null)
            html.Append($"""<p class="error" role="alert" id="error" data-code="{Encode(errorCode)}">{Encode(errorText ?? errorCode)}</p>""");
        if (body is not null) html.Append(body);
        else
        {
            html.Append("""<form method="post" novalidate>""");
            form(html);
            html.Append("</form>");
        }
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static string Hidden(string name, string value) =>
        $"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""";

    private static string Field(string id, string zh, string en, string type, string autocomplete, string? value, bool autofocus) =>
        $"""<label for="{id}">{Encode(zh)} <span lang="en">{Encode(en)}</span></label>""" +
        $"""<input id="{id}" name="{id}" type="{type}" autocomplete="{autocomplete}" required maxlength="128"{(value is null ? "" : $" value=\"{Encode(value)}\"")}{(autofocus ? " autofocus" : "")}>""";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
