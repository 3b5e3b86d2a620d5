using Gamified.Api.Learners;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;

namespace Gamified.Api.Challenges;

public sealed class ChallengeService(IGrainFactory grains, TimeProvider clock)
{
    public Task<ChallengeInfo> Create(string id, CreateChallenge command) =>
        grains.Challenge(Validate.Id(id, "input.id")).Create(command);

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
