using Gamified.Api.Security;
using Gamified.Brainstorms;
using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;

namespace Gamified.Api.Brainstorms;

/// <summary>An idea as the caller may see it: moderators and, once results are final, everyone see authors and votes.</summary>
public sealed record IdeaView(IdeaInfo Idea, bool Mine, bool ShowDetails);

/// <summary>
/// The API's way to brainstorms. Managers of any of a brainstorm's departments (and admins) see it as moderators;
/// hiding an idea and closing early are narrower (see <see cref="Hide"/> and <see cref="Close"/>). Participants are
/// the learners of its departments.
/// </summary>
public sealed class BrainstormService(IGrainFactory grains)
{
    public Task<BrainstormInfo> Create(Caller caller, string id, CreateBrainstorm command)
    {
        var brainstormId = Validate.Id(id, "input.id");
        var outside = (command.DepartmentIds ?? []).Where(d => !caller.Manages(d)).ToList();
        if (outside.Count > 0) throw Caller.Forbidden($"You do not manage department(s) {string.Join(", ", outside)}.");
        return grains.Brainstorm(brainstormId).Create(command);
    }

    public async Task<BrainstormInfo?> Find(string id) => Validate.IsId(id) ? await grains.Brainstorm(id).Get() : null;

    public static bool Moderates(Caller caller, BrainstormInfo brainstorm) => brainstorm.DepartmentIds.Any(caller.Manages);

    /// <summary>Brainstorms the caller moderates or takes part in.</summary>
    public async Task<IReadOnlyList<BrainstormInfo>> Visible(Caller caller)
    {
        var ids = await grains.Directory().List(DirectoryKind.Brainstorm);
        var all = (await Task.WhenAll(ids.Select(id => grains.Brainstorm(id).Get()))).OfType<BrainstormInfo>();
        var department = (await LearnerOrNull(caller))?.DepartmentId;
        return all.Where(b => Moderates(caller, b) || (department is not null && b.DepartmentIds.Contains(department)))
            .OrderBy(b => b.ClosesAt).ThenBy(b => b.Id, StringComparer.Ordinal).ToList();
    }

    public async Task RequireCanSee(Caller caller, BrainstormInfo brainstorm)
    {
        if (Moderates(caller, brainstorm)) return;
        if ((await LearnerOrNull(caller))?.DepartmentId is not { } department || !brainstorm.DepartmentIds.Contains(department))
            throw Caller.Forbidden($"Your department does not take part in brainstorm '{brainstorm.Id}'.");
    }

    public async Task<IReadOnlyList<IdeaView>> Ideas(Caller caller, BrainstormInfo brainstorm, bool includeHidden)
    {
        var moderator = Moderates(caller, brainstorm);
        if (includeHidden && !moderator) throw Caller.Forbidden("Only the brainstorm's moderators see hidden ideas.");
        var ideas = await grains.Brainstorm(brainstorm.Id).Ideas(includeHidden);
        return ideas.Select(i => new IdeaView(i, caller.Is(i.AuthorId), moderator || brainstorm.FinalisedAt is not null)).ToList();
    }

    public async Task<int?> VotesLeft(Caller caller, BrainstormInfo brainstorm) =>
        caller.Subject is { } me && Validate.IsId(me) ? await grains.Brainstorm(brainstorm.Id).VotesLeft(me) : null;

    public async Task<IdeaView> SubmitIdea(Caller caller, string brainstormId, string text)
    {
        var learner = await Learner(caller);
        var idea = await grains.Brainstorm(Validate.Id(brainstormId, "input.brainstormId")).SubmitIdea(learner.Id, learner.DepartmentId, text);
        return new IdeaView(idea, true, true);
    }

    public async Task<VoteReceipt> Vote(Caller caller, string brainstormId, string ideaId)
    {
        var learner = await Learner(caller);
        return await grains.Brainstorm(Validate.Id(brainstormId, "input.brainstormId"))
            .Vote(learner.Id, learner.DepartmentId, Validate.Id(ideaId, "input.ideaId"));
    }

    /// <summary>
    /// Hiding takes an idea out of other departments' contest, so in a shared brainstorm it is for the organiser and
    /// for managers of the idea's own department (admins and organisation-wide managers manage every department).
    /// </summary>
    public async Task<IdeaView> Hide(Caller caller, string brainstormId, string ideaId, string reason)
    {
        var brainstorm = await Find(brainstormId) ?? throw DomainException.NotFound("Brainstorm", brainstormId);
        if (!Organises(caller, brainstorm) && !Moderates(caller, brainstorm))
            throw Caller.Forbidden($"Only brainstorm '{brainstorm.Id}''s organiser and managers of its departments moderate it.");
        var id = Validate.Id(ideaId, "input.ideaId");
        var grain = grains.Brainstorm(brainstorm.Id);
        var target = (await grain.Ideas(includeHidden: true)).FirstOrDefault(i => i.Id == id) ?? throw DomainException.NotFound("Idea", id);
        if (!Organises(caller, brainstorm) && !caller.Manages(target.DepartmentId))
            throw Caller.Forbidden($"Only brainstorm '{brainstorm.Id}''s organiser and managers of department '{target.DepartmentId}' may hide this idea.");
        var idea = await grain.HideIdea(id, reason, caller.Name);
        return new IdeaView(idea, false, true);
    }

    /// <summary>
    /// Closing early ends the contest for every department in it, so it is for the organiser and for whoever manages
    /// all of its departments (admins, organisation-wide managers): not for a manager of only one of them.
    /// </summary>
    public async Task<BrainstormInfo> Close(Caller caller, string brainstormId)
    {
        var brainstorm = await Find(brainstormId) ?? throw DomainException.NotFound("Brainstorm", brainstormId);
        if (!Organises(caller, brainstorm) && !brainstorm.DepartmentIds.All(caller.Manages))
            throw Caller.Forbidden($"Only brainstorm '{brainstorm.Id}''s organiser and managers of all its departments may close it.");
        return await grains.Brainstorm(brainstorm.Id).Close();
    }

    private static bool Organises(Caller caller, BrainstormInfo brainstorm) => caller.Is(brainstorm.CreatedBy);

    private async Task<LearnerProfile?> LearnerOrNull(Caller caller) =>
        caller.Subject is { } id && Validate.IsId(id) ? (await grains.Learner(id).Get())?.Profile : null;

    private async Task<LearnerProfile> Learner(Caller caller) =>
        await LearnerOrNull(caller) ?? throw DomainException.NotFound("Learner", caller.Name);
}
