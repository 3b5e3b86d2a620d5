using System.Text.RegularExpressions;

namespace Gamified.Server.Identity;

/// <summary>What a password and a user name must be. Messages are in Chinese, then English: the login and set-up pages show them.</summary>
public static partial class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="password"/> is acceptable for <paramref name="userName"/>, else why not.</summary>
    public static string? Check(string? password, string userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            return $"密码至少 {MinLength} 个字符 / The password has at least {MinLength} characters.";
        if (password.Length > MaxLength) return $"密码最多 {MaxLength} 个字符 / The password has at most {MaxLength} characters.";
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
            return "密码须包含字母和数字 / The password contains letters and digits.";
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            return "密码不能包含用户名 / The password does not contain the user name.";
        if (password.Distinct().Count() < 5) return "密码过于简单 / The password is too simple.";
        return null;
    }

    /// <summary>User names are the tokens' subjects: lower-case letters, digits, '.', '_' and '-', 2 to 64 characters.</summary>
    public static bool IsValidUserName(string? userName) => userName is not null && UserNamePattern().IsMatch(userName);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex UserNamePattern();
}
