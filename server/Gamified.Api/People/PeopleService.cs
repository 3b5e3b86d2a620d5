using Gamified.Accounts;
using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Leaderboards;
using Gamified.Learners;

namespace Gamified.Api.People;

public sealed record LearnerEdge(string Cursor, LearnerSnapshot Node);

public sealed record LearnerConnection(IReadOnlyList<LearnerEdge> Edges, PageInfo PageInfo);

/// <summary>
/// Managing people: the paged learner list (managers see their departments, admins all), moves between departments and
/// (de)activation. A manager acts only on learners of departments they manage, moves them only into departments they also
/// manage, and never acts on themselves; (de)activation is for admins (as the HR import is), since a manager who could switch
/// off their department's idle learners would raise its points per active head. A move or deactivation ends the learner's
/// sign-ins, so the department and access in their tokens change at once.
/// </summary>
public sealed class PeopleService(IGrainFactory grains, ILearnerDirectory directory, LearnerService learners, ILeaderboardRebuild boards,
    ISignInSessions sessions)
{
    public const int MaxSearchLength = 100;
    private const string CursorKind = "learner";

    public async Task<LearnerConnection> Page(Caller caller, string? search, string? departmentId, int? first, string? after,
        CancellationToken cancellationToken)
    {
        var size = Paging.CheckFirst(first);
        var afterId = after is null ? null : Paging.Key(CursorKind, after, Validate.IsId);
        search = search?.Trim();
        if (search is { Length: > MaxSearchLength }) throw DomainException.BadInput("search", $"search must be at most {MaxSearchLength} characters.");

        IReadOnlyCollection<string>? departments;
        if (departmentId is not null)
        {
            caller.RequireManages(Validate.Id(departmentId, "departmentId"));
            departments = [departmentId];
        }
        else departments = caller.SeesEveryDepartment ? null : caller.Departments.Where(Validate.IsId).ToList();

        var ids = await directory.Page(string.IsNullOrEmpty(search) ? null : search, departments, afterId, size + 1, cancellationToken);
        var found = await learners.FindMany(ids.Take(size).ToList(), cancellationToken);
        var edges = ids.Take(size).Where(found.ContainsKey).Select(id => new LearnerEdge(Paging.Cursor(CursorKind, id), found[id])).ToList();
        return new LearnerConnection(edges, PageInfo.Forward(edges.Select(e => e.Cursor).ToList(), ids.Count > size, after));
    }

    public async Task<LearnerSnapshot> Move(Caller caller, string learnerId, string departmentId)
    {
        var learner = await Managed(caller, learnerId, "move");
        var target = Validate.Id(departmentId, "input.departmentId");
        caller.RequireManages(target);
        var moved = await grains.Learner(learner.Profile.Id).Move(target);
        // Their tokens name the old department: they sign in again and get the new one.
        if (moved.Profile.DepartmentId != learner.Profile.DepartmentId) await sessions.EndAll([learner.Profile.Id]);
        return moved;
    }

    public async Task<LearnerSnapshot> SetActive(Caller caller, string learnerId, bool active)
    {
        var learner = await Managed(caller, learnerId, active ? "reactivate" : "deactivate");
        var grain = grains.Learner(learner.Profile.Id);
        var after = active ? await grain.Reactivate() : await grain.Deactivate();
        // The boards are a projection: projected again, they leave a deactivated learner off and take a reactivated one back.
        if (after.Profile.Active != learner.Profile.Active) await boards.Rebuild();
        if (!after.Profile.Active) await sessions.EndAll([learner.Profile.Id]);
        return after;
    }

    private async Task<LearnerSnapshot> Managed(Caller caller, string learnerId, string what)
    {
        var id = Validate.Id(learnerId, "input.learnerId");
        var learner = await learners.Find(id) ?? throw DomainException.NotFound("Learner", id);
        if (!caller.Manages(learner.Profile.DepartmentId))
            throw Caller.Forbidden($"Only managers of the learner's department and admins may {what} learner '{id}'.");
        if (caller.Is(id) && !caller.IsAdmin) throw Caller.Forbidden($"Nobody may {what} themselves.");
        return learner;
    }
}
