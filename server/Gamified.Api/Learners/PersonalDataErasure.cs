using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Content;
using Gamified.Directory;
using Gamified.Learners;

namespace Gamified.Api.Learners;

/// <summary>
/// Erases a person's personal data on request (PIPL): their name, the text of their ledger entries' reasons, their
/// package comments and their brainstorm ideas' text. What they earned stays, pseudonymous: XP, badges, ratings, statements and the hash chain, which
/// still verifies because it covers salted commitments to the reasons, not their text. Admins only; audited.
/// </summary>
public sealed class PersonalDataErasure(IGrainFactory grains, IPackageStore packages)
{
    public async Task<LearnerSnapshot> Erase(Caller caller, string learnerId)
    {
        if (!caller.IsAdmin) throw Caller.Forbidden("Only admins erase a person's data.");
        var learner = grains.Learner(Validate.Id(learnerId, "learnerId"));
        // Claim: a learner the staff import listed whose grain has not run yet is erased too.
        if ((await learner.Get() ?? await learner.Claim()) is null) throw DomainException.NotFound("Learner", learnerId);
        // Comments first, then the grain: each step is safe to repeat, so a retry after a failure finishes the job.
        await packages.EraseComments(learnerId);
        var brainstorms = await grains.Directory().List(DirectoryKind.Brainstorm);
        await Task.WhenAll(brainstorms.Select(id => grains.Brainstorm(id).EraseAuthor(learnerId)));
        return await learner.ErasePersonalData();
    }
}
