using System.Collections.Immutable;
using System.Security.Claims;
using Gamified.Api.Security;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;
using Microsoft.AspNetCore;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gamified.Server.Identity;

/// <summary>
/// <c>/connect/authorize</c>, after OpenIddict validated the request (client, registered redirect address, PKCE): GET shows
/// the sign-in form, POST checks the password (with the lock-out) and answers with a code for the client. The form carries
/// an antiforgery token (its cookie is SameSite=Strict), so another site cannot post it.
/// </summary>
internal static class AuthorizeEndpoint
{
    /// <summary>Names the form uses itself; every other field is an OpenID Connect parameter to send back.</summary>
    private static readonly HashSet<string> OwnFields = new(StringComparer.Ordinal) { "username", "password" };

    private static readonly string[] AllowedScopes = [Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess];

    public static async Task<IResult> Handle(HttpContext http, IAntiforgery antiforgery, LocalAccounts accounts, StaffSignInProfile profiles,
        AuthOptions auth)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request is null) return Results.BadRequest();
        if (HttpMethods.IsGet(http.Request.Method)) return Form(http, antiforgery, null, null, null);

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Form(http, antiforgery, null, "FORM_EXPIRED", "表单已过期，请重新登录。 / The form expired: please sign in again.", StatusCodes.Status400BadRequest);
        }
        var userName = form["username"].ToString().Trim().ToLowerInvariant();
        var password = form["password"].ToString();
        if (userName.Length > 64 || password.Length > PasswordRules.MaxLength)
            return Form(http, antiforgery, null, LocalAccounts.OutcomeCode(SignInOutcome.InvalidCredentials), InvalidText, StatusCodes.Status401Unauthorized);

        var (outcome, account) = await accounts.SignIn(userName, password, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        if (account is null)
            return outcome == SignInOutcome.Locked
                ? Form(http, antiforgery, userName, LocalAccounts.OutcomeCode(outcome), LockedText, StatusCodes.Status423Locked)
                : Form(http, antiforgery, userName, LocalAccounts.OutcomeCode(outcome), InvalidText, StatusCodes.Status401Unauthorized);

        var profile = await profiles.Of(account);
        if (profile.Deactivated)
            return Form(http, antiforgery, userName, "ACCOUNT_DEACTIVATED", DeactivatedText, StatusCodes.Status403Forbidden);
        return Results.SignIn(Principal(account.UserName, profile, request.GetScopes(), auth.Audience),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private const string InvalidText = "用户名或密码不正确。 / The user name or password is wrong.";
    private const string DeactivatedText = "该账号已停用，请联系培训管理员。 / This account is deactivated: ask your training office.";
    private const string LockedText = "登录失败次数过多，账号已暂时锁定，请稍后再试。 / Too many wrong passwords: the account is locked for a while; try again later.";

    /// <summary>The same claims the <c>token</c> command puts in its tokens: sub, role, department (from <see cref="StaffSignInProfile"/>); for the API as audience.</summary>
    public static ClaimsPrincipal Principal(string userName, StaffSignInProfile.Profile profile, ImmutableArray<string> requestedScopes, string audience)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Caller.RoleClaim);
        identity.SetClaim(Caller.SubjectClaim, userName);
        identity.SetClaim(Claims.Name, userName);
        identity.SetClaims(Caller.RoleClaim, [.. profile.Roles]);
        identity.SetClaims(Caller.DepartmentClaim, [.. profile.Departments]);
        identity.SetScopes(requestedScopes.Intersect(AllowedScopes));
        identity.SetResources(audience);
        identity.SetDestinations(claim => claim.Type switch
        {
            Caller.SubjectClaim => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Name => [Destinations.IdentityToken],
            Caller.RoleClaim or Caller.DepartmentClaim when identity.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string? userName, string? errorCode, string? errorText, int status = StatusCodes.Status200OK)
    {
        IEnumerable<KeyValuePair<string, string>> fields = HttpMethods.IsGet(http.Request.Method)
            ? http.Request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()))
            : http.Request.Form.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()));
        var tokens = antiforgery.GetAndStoreTokens(http);
        var hidden = fields.Where(p => !OwnFields.Contains(p.Key) && p.Key != tokens.FormFieldName).ToList();
        return ProviderHtml.Result(http, ProviderPages.SignIn(hidden, tokens.FormFieldName, tokens.RequestToken!, userName, errorCode, errorText), status);
    }
}

internal static class ProviderHtml
{
    public static IResult Result(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ProviderPages.PolicyFor(http.RequestServices.GetRequiredService<BuiltInProviderOptions>());
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
