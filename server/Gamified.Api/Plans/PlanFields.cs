using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Plans;

public static class PlanFields
{
    public static void AddPlanQueries(this ObjectGraphType query)
    {
        query.Field<TrainingPlanType>("trainingPlan")
            .Description("A plan, for learners it is assigned to and managers of its departments.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var service = c.Service<PlanService>();
                if (await service.Find(c.GetArgument<string>("id")) is not { } plan) return null;
                await service.RequireCanSee(c.Caller(), plan);
                return plan;
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrainingPlanType>>>>("trainingPlans")
            .Description("Plans of the departments you manage, soonest deadline first.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Argument<IdGraphType>("departmentId", "Only plans for this department.")
            .ResolveAsync(async c => await c.Service<PlanService>().Managed(c.Caller(), c.GetArgument<string?>("departmentId")));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanAssignmentType>>>>("myTrainingPlans")
            .Description("The plans assigned to your department, with your progress and session seats.")
            .AuthorizeWithRoles(Roles.Learner)
            .ResolveAsync(async c => await c.Service<PlanService>().MyPlans(c.Caller(), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanProgressType>>>>("overdueAssignments")
            .Description("Learners of the departments you manage who are past a required plan's deadline without completing it.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Argument<IdGraphType>("departmentId", "Only this department.")
            .ResolveAsync(async c => await c.Service<PlanService>().Overdue(c.Caller(), c.GetArgument<string?>("departmentId"), c.CancellationToken));
        query.Field<NonNullGraphType<CheckInCodeType>>("sessionCheckInCode")
            .Description("The code to show at a session now: for its host, managers of the plan's departments and admins.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("planId")
            .Argument<NonNullGraphType<IdGraphType>>("sessionId")
            .ResolveAsync(async c => await c.Service<PlanService>().CurrentCode(c.Caller(),
                c.GetArgument<string>("planId"), c.GetArgument<string>("sessionId")));
    }

    public static void AddPlanMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TrainingPlanType>>("createTrainingPlan")
            .Description("Assigns a training plan to departments you manage: goals, packages, a deadline and offline sessions.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CreateTrainingPlanInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CreateTrainingPlanInput>("input");
                var caller = c.Caller();
                return await c.Service<PlanService>().Create(caller, input.Id, input.ToCommand(caller.Name));
            });
        mutation.Field<NonNullGraphType<SessionSeatType>>("registerForSession")
            .Description("Takes a place at a session of a plan assigned to your department; registering twice keeps one place.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<SessionRefInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SessionRefInput>("input");
                return await c.Service<PlanService>().Register(c.Caller(), input.PlanId, input.SessionId);
            });
        mutation.Field<NonNullGraphType<CheckInResultType>>("checkIn")
            .Description("Records your attendance at a session you registered for, with the code its host shows; counts once.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<CheckInInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CheckInInput>("input");
                return await c.Service<PlanService>().CheckIn(c.Caller(), input.PlanId, input.SessionId, input.Code);
            });
    }
}
