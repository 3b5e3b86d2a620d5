using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Api.Departments;
using Gamified.Api.Learners;
using Gamified.Teams;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Teams;

/// <summary>A member as the caller may see them (see <see cref="LearnerAsSeen"/>).</summary>
public sealed record TeamMemberView(TeamMember Member, LearnerAsSeen Seen);

public sealed class TeamMemberType : ObjectGraphType<TeamMemberView>
{
    public TeamMemberType()
    {
        Name = "TeamMember";
        Field<IdGraphType>("learnerId").Description("Only for the member themselves, managers of their department and admins.")
            .Resolve(c => c.Source.Seen.LearnerId);
        Field<IdGraphType>("departmentId")
            .Description("The member's department when they joined; not shown to others for members who chose to be hidden.")
            .Resolve(c => c.Source.Seen.DepartmentId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("joinedAt").Resolve(c => c.Source.Member.JoinedAt);
        Field<NonNullGraphType<StringGraphType>>("publicName")
            .Description("The member as they chose to appear to others: real name, pseudonym, or hidden.")
            .Resolve(c => c.Source.Seen.PublicName);
    }
}

public sealed class TeamType : ObjectGraphType<TeamInfo>
{
    public TeamType()
    {
        Name = "Team";
        Description = "A team whose members may come from several departments.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field(x => x.MaxMembers);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeamMemberType>>>>("members")
            .Resolve(c =>
            {
                // Every team's members in the response load in one batch, each learner once.
                var caller = c.Caller();
                var members = c.Source.Members;
                return c.LearnerLoader().LoadMany(members.Select(m => m.LearnerId))
                    .Then(found => members.Select((m, i) => new TeamMemberView(m, caller.Sees(found[i], m.LearnerId, m.DepartmentId))).ToList());
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("departmentIds").Resolve(c => c.Source.DepartmentIds);
        Field<NonNullGraphType<BooleanGraphType>>("isCrossDepartment").Resolve(c => c.Source.IsCrossDepartment);
        Field(x => x.CreatedAt);
        Field<IdGraphType>("challengeId").Description("The challenge the team was formed for; it closes when the challenge ends.")
            .Resolve(c => c.Source.ChallengeId);
        Field<DateTimeOffsetGraphType>("endsAt").Description("When the team closes (its challenge's end); null: it does not end.")
            .Resolve(c => c.Source.EndsAt);
        Field<NonNullGraphType<BooleanGraphType>>("closed")
            .Description("True once its challenge ended: nobody joins or leaves, and its boards count nothing earned after the end.")
            .Resolve(c => c.Source.IsClosedAt(c.Service<TimeProvider>().GetUtcNow()));
    }
}

public sealed class CreateTeamInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Names { get; set; } = new();
    public int MaxMembers { get; set; } = 10;
    public string? ChallengeId { get; set; }
}

public sealed class CreateTeamInputType : InputObjectGraphType<CreateTeamInput>
{
    public CreateTeamInputType()
    {
        Name = "CreateTeamInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.MaxMembers, type: typeof(IntGraphType)).DefaultValue(10).Description("2 to 100.");
        Field(x => x.ChallengeId, type: typeof(IdGraphType)).Description("The challenge the team is formed for: the team closes when it ends.");
    }
}

public sealed class JoinTeamInput
{
    public string TeamId { get; set; } = "";
    public string LearnerId { get; set; } = "";
}

/// <summary>A team and a learner: what joining and leaving name.</summary>
public abstract class TeamMemberInputType : InputObjectGraphType<JoinTeamInput>
{
    protected TeamMemberInputType(string name)
    {
        Name = name;
        Field(x => x.TeamId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public sealed class JoinTeamInputType() : TeamMemberInputType("JoinTeamInput");

public sealed class LeaveTeamInputType() : TeamMemberInputType("LeaveTeamInput");

public static class TeamFields
{
    public static void AddTeamQueries(this ObjectGraphType query)
    {
        query.Field<TeamType>("team")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<TeamService>().Find(c.GetArgument<string>("id")));
    }

    public static void AddTeamMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TeamType>>("createTeam")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CreateTeamInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CreateTeamInput>("input");
                return await c.Service<TeamService>().Create(input.Id, new CreateTeam(input.Names.ToText(), input.MaxMembers, input.ChallengeId));
            });
        mutation.Field<NonNullGraphType<TeamType>>("joinTeam")
            .Description("A learner joins a team themselves; admins may add anyone.")
            .AuthorizeWithRoles(Roles.Learner, Roles.Admin)
            .WithMetadata(AuditMiddleware.AuditedOnBehalf, true)
            .Argument<NonNullGraphType<JoinTeamInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<JoinTeamInput>("input");
                c.Caller().RequireSelfOrAdmin(input.LearnerId, "add this learner to a team");
                return await c.Service<TeamService>().Join(input.TeamId, input.LearnerId);
            });
        mutation.Field<NonNullGraphType<TeamType>>("leaveTeam")
            .Description("A member leaves a team themselves; admins may take anyone out. The XP they earned while a member stays on the " +
                "team's boards; what they earn afterwards counts for them alone. Refused (TEAM_CLOSED) once the team's challenge ended.")
            .AuthorizeWithRoles(Roles.Learner, Roles.Admin)
            .WithMetadata(AuditMiddleware.AuditedOnBehalf, true)
            .Argument<NonNullGraphType<LeaveTeamInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<JoinTeamInput>("input");
                c.Caller().RequireSelfOrAdmin(input.LearnerId, "take this learner out of a team");
                return await c.Service<TeamService>().Leave(input.TeamId, input.LearnerId);
            });
    }
}
