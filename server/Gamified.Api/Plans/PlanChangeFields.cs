using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Plans;

/// <summary>Plans that change and attendance. Every change a manager or host makes is audited (who, what, when, the reason in the input).</summary>
public static class PlanChangeFields
{
    public static void AddPlanChangeQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<SessionRosterType>>("sessionRoster")
            .Description("Registered, waiting, attended (and how), late, absent and cancelled learners of a session: for its host, " +
                         "managers of the plan's departments (a manager of some sees their departments' learners) and admins.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("planId")
            .Argument<NonNullGraphType<IdGraphType>>("sessionId")
            .ResolveAsync(async c => await c.Service<PlanService>().Roster(c.Caller(), c.GetArgument<string>("planId"), c.GetArgument<string>("sessionId")));
    }

    public static void AddPlanChangeMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TrainingPlanUpdateType>>("updateTrainingPlan")
            .Description("Edits a plan (managers of all its departments, admins). dryRun answers what it would do, storing nothing.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<UpdateTrainingPlanInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<UpdateTrainingPlanInput>("input");
                return await c.Service<PlanService>().Update(c.Caller(), input.Id, input.ToCommand(), input.DryRun, c.CancellationToken);
            });
        mutation.Field<NonNullGraphType<TrainingPlanType>>("archiveTrainingPlan")
            .Description("Archives (finished) or cancels a plan with a reason; nothing is deleted, and it takes no new registrations.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<EndTrainingPlanInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<EndTrainingPlanInput>("input");
                return await c.Service<PlanService>().SetStatus(c.Caller(), input.Id, input.Status, input.Reason);
            });
        mutation.Field<NonNullGraphType<TrainingPlanType>>("addSession")
            .Description("Adds an offline session to an active plan.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<AddSessionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<AddSessionInput>("input");
                return await c.Service<PlanService>().AddSession(c.Caller(), input.PlanId, input.Session.ToSpec());
            });
        mutation.Field<NonNullGraphType<TrainingPlanType>>("moveSession")
            .Description("Moves a session (new times, optionally a new place); its places and waiting list stay and are told.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<MoveSessionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<MoveSessionInput>("input");
                return await c.Service<PlanService>().MoveSession(c.Caller(), input.PlanId, input.SessionId, input.StartsAt, input.EndsAt, input.Location);
            });
        mutation.Field<NonNullGraphType<TrainingPlanType>>("setSessionCapacity")
            .Description("Changes a session's capacity; places it frees go to the waiting list in order.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<SessionCapacityInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SessionCapacityInput>("input");
                return await c.Service<PlanService>().SetCapacity(c.Caller(), input.PlanId, input.SessionId, input.Capacity);
            });
        mutation.Field<NonNullGraphType<TrainingPlanType>>("cancelSession")
            .Description("Cancels a session with a reason: no more registrations or check-ins; attendance recorded stays.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CancelSessionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CancelSessionInput>("input");
                return await c.Service<PlanService>().CancelSession(c.Caller(), input.PlanId, input.SessionId, input.Reason);
            });
        mutation.Field<NonNullGraphType<SessionSeatType>>("cancelRegistration")
            .Description("Gives up your place (until the session's cut-off; the first waiting learner gets it) or leaves its waiting list.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<SessionRefInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SessionRefInput>("input");
                return await c.Service<PlanService>().CancelRegistration(c.Caller(), input.PlanId, input.SessionId);
            });
        mutation.Field<NonNullGraphType<CheckInResultType>>("checkInByHost")
            .Description("The session's host (or a manager of the learner's department) checks a registered learner in by hand, with a reason. " +
                         "It is the host's word, not a witnessed code: it counts as attendance and scores XP only under a rule for MANAGER statements.")
            .Authorize()
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CheckInByHostInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CheckInByHostInput>("input");
                return await c.Service<PlanService>().CheckInByHost(c.Caller(), input.PlanId, input.SessionId, input.LearnerId, input.Reason);
            });
    }
}
