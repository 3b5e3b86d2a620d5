using Gamified.Activity;
using Gamified.Common;
using Gamified.Learners;

namespace Gamified.Api.Learners;

/// <summary>The API's way to the learner grains: checks the key, then calls the grain.</summary>
public sealed class LearnerService(IGrainFactory grains)
{
    public Task<LearnerSnapshot> Register(string id, RegisterLearner command) =>
        Grain(id, "input.id").Register(command);

    public async Task<LearnerSnapshot?> Find(string id) =>
        Validate.IsId(id) ? await grains.Learner(id).Get() : null;

    public Task<ActivityOutcome> RecordActivity(string learnerId, ActivityStatement statement) =>
        Grain(learnerId, "input.learnerId").RecordActivity(statement);

    public Task<EarnedBadge> AwardBadge(string learnerId, BadgeAward award) =>
        Grain(learnerId, "input.learnerId").AwardBadge(award);

    private ILearnerGrain Grain(string id, string field) => grains.Learner(Validate.Id(id, field));
}
