using Gamified.Learners;

namespace Gamified.Api.Learners;

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
}
