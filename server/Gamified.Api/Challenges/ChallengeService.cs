using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;

namespace Gamified.Api.Challenges;

public sealed class ChallengeService(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>
    /// A manager sets challenges only for departments they manage; one for the whole organisation (no departments)
    /// is for admins and organisation-wide managers.
    /// </summary>
    public Task<ChallengeInfo> Create(Caller caller, string id, CreateChallenge command)
    {
        var challengeId = Validate.Id(id, "input.id");
        var departments = command.DepartmentIds ?? [];
        if (departments.Count == 0 && !caller.SeesEveryDepartment)
            throw Caller.Forbidden("Only admins and organisation-wide managers set challenges for the whole organisation; name your departments in input.departmentIds.");
        var outside = departments.Where(d => !caller.Manages(d)).Distinct().ToList();
        if (outside.Count > 0) throw Caller.Forbidden($"You do not manage department(s) {string.Join(", ", outside)}.");
        return grains.Challenge(challengeId).Create(command);
    }

    public async Task<ChallengeInfo?> Find(string id) =>
        Validate.IsId(id) ? await grains.Challenge(id).Get() : null;

    public async Task<IReadOnlyList<ChallengeInfo>> List(bool openOnly)
    {
        var ids = await grains.Directory().List(DirectoryKind.Challenge);
        var all = (await Task.WhenAll(ids.Select(id => grains.Challenge(id).Get()))).OfType<ChallengeInfo>();
        var now = clock.GetUtcNow();
        return all.Where(c => !openOnly || c.IsOpenAt(now)).OrderBy(c => c.OpensAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<CompletedChallenge> Complete(string challengeId, string learnerId)
    {
        var learner = Validate.Id(learnerId, "input.learnerId");
        var challenge = grains.Challenge(Validate.Id(challengeId, "input.challengeId"));
        if (await grains.Learner(learner).Get() is null) throw DomainException.NotFound("Learner", learner);
        return await challenge.Complete(learner);
    }
}
