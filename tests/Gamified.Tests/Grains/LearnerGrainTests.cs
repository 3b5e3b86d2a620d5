using Gamified.Activity;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Learners;
using Gamified.Ledger;

namespace Gamified.Tests.Grains;

/// <summary>The learner grain's award path, called as other grains and the API call it.</summary>
public sealed class LearnerGrainTests(GrainClusterFixture cluster) : IClassFixture<GrainClusterFixture>
{
    private async Task<ILearnerGrain> NewLearner()
    {
        var department = "dept-" + Guid.NewGuid().ToString("n")[..8];
        await cluster.Grains.Department(department).Create(new CreateDepartment(new LocalizedText("测试处", "Test office"), null));
        var learner = cluster.Grains.Learner("learner-" + Guid.NewGuid().ToString("n")[..8]);
        await learner.Register(new RegisterLearner("测试学员", department, PublicVisibility.Pseudonym));
        return learner;
    }

    private static ActivityStatement LessonCompleted(string key, Attestation attestation = Attestation.Server) =>
        new(key, "completed", new ActivityObject("lesson-1", "lesson"), null, null, null, attestation);

    [Fact]
    public async Task a_statement_recorded_twice_under_one_key_awards_once_and_replays_the_first_outcome()
    {
        var learner = await NewLearner();

        var first = await learner.RecordActivity(LessonCompleted("lesson-1-done"));
        var again = await learner.RecordActivity(LessonCompleted("lesson-1-done"));

        Assert.True(first.XpAwarded > 0);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal((first.ActivityId, first.XpTotal), (again.ActivityId, again.XpTotal));
        Assert.Equal(first.XpTotal, (await learner.Get())!.Xp);
    }

    [Fact]
    public async Task the_same_key_from_another_witness_is_refused_not_replayed()
    {
        var learner = await NewLearner();
        await learner.RecordActivity(LessonCompleted("claimed", Attestation.SelfReported));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => learner.RecordActivity(LessonCompleted("claimed", Attestation.Manager)));
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, refusal.Code);
    }

    [Fact]
    public async Task revoking_an_award_twice_writes_one_revocation_and_takes_the_xp_once()
    {
        var learner = await NewLearner();
        var awarded = await learner.RecordActivity(LessonCompleted("to-revoke"));
        var award = awarded.Entries.First(e => e.Kind == LedgerEntryKind.Xp && e.Amount > 0);

        var revoked = await learner.RevokeAward(new AwardRevocation(award.Seq, "测验作弊", "manager-1"));
        var again = await learner.RevokeAward(new AwardRevocation(award.Seq, "测验作弊", "manager-1"));

        Assert.Equal(revoked.Seq, again.Seq);
        Assert.Equal(-award.Amount, revoked.Amount);
        Assert.Equal(awarded.XpTotal - award.Amount, (await learner.Get())!.Xp);
    }
}
