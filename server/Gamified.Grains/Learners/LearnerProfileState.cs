using Gamified.Common;

namespace Gamified.Learners;

/// <summary>
/// The learner's profile as grain state. XP, badges and completed challenges are not here: they are
/// derived from the ledger, which is the only record of value.
/// </summary>
[GenerateSerializer, Alias("gamified.LearnerProfileState")]
public sealed class LearnerProfileState
{
    [Id(0)] public string DisplayName { get; set; } = "";
    [Id(1)] public string DepartmentId { get; set; } = "";
    [Id(2)] public List<string> TeamIds { get; set; } = [];
    [Id(3)] public PublicVisibility Visibility { get; set; }
    // No longer written (pseudonyms are computed from the server secret, see Pseudonyms); kept so old states still read.
    [Id(4)] public string Pseudonym { get; set; } = "";
    [Id(5)] public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>Off the boards and plans' lists, and unable to score; the ledger stays (reactivation restores).</summary>
    [Id(6)] public bool Deactivated { get; set; }
    // Personal data from HR (the staff import): shown only to admins and the learner's managers, never on boards or in exports.
    [Id(7)] public string? Email { get; set; }
    [Id(8)] public string? Phone { get; set; }
    /// <summary>The roles HR gives the person (the staff import), for the built-in identity provider to issue.</summary>
    [Id(9)] public List<string> Roles { get; set; } = [];
    /// <summary>Whether the learner's row in the learner directory has been written (learners of older versions get it on activation).</summary>
    [Id(10)] public bool Listed { get; set; }

    /// <summary>When the learner's personal data was erased; their name is then <see cref="ErasedName"/>.</summary>
    [Id(11)] public DateTimeOffset? ErasedAt { get; set; }

    public const string ErasedName = "已删除的学员";

    /// <summary>A new learner's profile from a registration, checked field by field (the department's existence is the grain's to check).</summary>
    public static LearnerProfileState Registering(RegisterLearner command, DateTimeOffset now) => new()
    {
        DisplayName = Validate.Name(command.DisplayName, "input.displayName"),
        DepartmentId = Validate.Id(command.DepartmentId, "input.departmentId"),
        Visibility = Enum.IsDefined(command.Visibility)
            ? command.Visibility
            : throw DomainException.BadInput("input.visibility", "input.visibility is not a known choice."),
        RegisteredAt = now,
    };
}
