using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gamified.Common;

namespace Gamified.Learners;

/// <summary>What a staff record may hold, checked the same way by the import (per line) and the learner grain (again).</summary>
public static partial class StaffRules
{
    public const int MaxEmailLength = 254;

    /// <summary>Roles HR may give. Admin is not among them: it is granted by hand, never by a file.</summary>
    public static readonly IReadOnlyList<string> ImportableRoles = ["learner", "author", "manager"];

    [GeneratedRegex(@"^[^@\s""'<>(),;:\\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    // Digits with an optional leading + (international form) and spaces or hyphens between groups: 5 to 20 characters.
    [GeneratedRegex(@"^\+?[0-9](?:[0-9 -]{3,18})[0-9]$")]
    private static partial Regex PhonePattern();

    public static bool IsEmail(string value) => value.Length <= MaxEmailLength && EmailPattern().IsMatch(value);

    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    /// <summary>The record with every field checked (BAD_USER_INPUT naming the field otherwise); roles sorted, without duplicates.</summary>
    public static StaffRecord Checked(StaffRecord record)
    {
        var roles = (record.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (roles.FirstOrDefault(r => !ImportableRoles.Contains(r)) is { } unknown)
            throw DomainException.BadInput("record.roles", $"'{unknown}' is not a role HR may give ({string.Join(", ", ImportableRoles)}).");
        var email = Optional(record.Email);
        if (email is not null && !IsEmail(email)) throw DomainException.BadInput("record.email", "record.email is not an e-mail address.");
        var phone = Optional(record.Phone);
        if (phone is not null && !IsPhone(phone)) throw DomainException.BadInput("record.phone", "record.phone is not a phone number.");
        return new StaffRecord(Validate.Name(record.DisplayName, "record.displayName"), Validate.Id(record.DepartmentId, "record.departmentId"),
            roles.Count == 0 ? ["learner"] : roles, email, phone);
    }

    /// <summary>
    /// A digest of what the import compares besides department and name (which the directory holds in the clear): roles and
    /// contacts, so a second import of the same file finds nothing to do without reading each learner's profile.
    /// </summary>
    public static string Hash(string learnerId, string displayName, IReadOnlyList<string> roles, string? email, string? phone)
    {
        var text = string.Join('\u001f', [learnerId, displayName, string.Join(',', roles), email ?? "", phone ?? ""]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
