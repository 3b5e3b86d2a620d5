using Gamified.Api.Security;
using Gamified.Learners;

namespace Gamified.Api.Learners;

/// <summary>
/// Another learner as the caller may see them. The learner, managers of their department and admins see the id and
/// department; everyone else sees only the name the learner chose, and the department unless they chose to be hidden.
/// </summary>
public sealed record LearnerAsSeen(string? LearnerId, string? DepartmentId, string PublicName);

/// <summary>How a learner is named to people other than themselves and their managers.</summary>
public static class LearnerPublicName
{
    public const string Hidden = "匿名学员";

    public static string PublicName(this LearnerSnapshot learner) => learner.Profile.Visibility switch
    {
        PublicVisibility.RealName => learner.Profile.DisplayName,
        PublicVisibility.Pseudonym => learner.Profile.Pseudonym,
        _ => Hidden,
    };

    /// <param name="departmentId">The department to show when it may be shown, if not the learner's current one
    /// (e.g. a team member's department when they joined).</param>
    /// <summary>How <paramref name="caller"/> sees a learner (null: not registered).</summary>
    public static LearnerAsSeen Sees(this Caller caller, LearnerSnapshot? learner, string learnerId, string? departmentId = null)
    {
        var name = learner?.PublicName() ?? Hidden;
        if (caller.Is(learnerId) || caller.IsAdmin || (learner is not null && caller.Manages(learner.Profile.DepartmentId)))
            return new LearnerAsSeen(learnerId, departmentId ?? learner?.Profile.DepartmentId, name);
        var hidden = learner is null || learner.Profile.Visibility == PublicVisibility.Hidden;
        return new LearnerAsSeen(null, hidden ? null : departmentId ?? learner!.Profile.DepartmentId, name);
    }
}
