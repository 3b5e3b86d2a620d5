using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Plans;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;

namespace Gamified.Api.Plans;

public sealed class SessionKindType : EnumerationGraphType<SessionKind>
{
    public SessionKindType()
    {
        Name = "SessionKind";
        Description = "WORKSHOP: a hands-on workshop; EXPERT_LECTURE: a lecture by an outside expert.";
    }
}

public sealed class TrainingSessionType : ObjectGraphType<SessionInfo>
{
    public TrainingSessionType()
    {
        Name = "TrainingSession";
        Description = "An offline session of a training plan. Attendance is recorded by checking in with the code its host shows.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Spec.Id);
        Field<NonNullGraphType<SessionKindType>>("kind").Resolve(c => c.Source.Spec.Kind);
        Field<NonNullGraphType<LocalizedTextType>>("titles").Resolve(c => c.Source.Spec.Titles);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startsAt").Resolve(c => c.Source.Spec.StartsAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("endsAt").Resolve(c => c.Source.Spec.EndsAt);
        Field<NonNullGraphType<StringGraphType>>("location").Resolve(c => c.Source.Spec.Location);
        Field<NonNullGraphType<IntGraphType>>("capacity").Resolve(c => c.Source.Spec.Capacity);
        Field<IdGraphType>("hostId").Description("Who runs it and shows the check-in code.").Resolve(c => c.Source.Spec.HostId);
        Field<StringGraphType>("expertName").Resolve(c => c.Source.Spec.ExpertName);
        Field(x => x.RegisteredCount);
        Field(x => x.AttendedCount);
        Field<NonNullGraphType<IntGraphType>>("placesLeft").Resolve(c => Math.Max(0, c.Source.Spec.Capacity - c.Source.RegisteredCount));
        Field<NonNullGraphType<BooleanGraphType>>("isCheckInOpen")
            .Description("Check-in is open from 30 minutes before the start until the end (never for a cancelled session).")
            .Resolve(c => c.Source.CancelledAt is null && c.Source.Spec.IsCheckInOpenAt(c.Service<TimeProvider>().GetUtcNow()));
        Field<NonNullGraphType<BooleanGraphType>>("required").Description("Attending it is part of completing the plan.").Resolve(c => c.Source.Spec.Required);
        Field<NonNullGraphType<IntGraphType>>("cancellationCutOffHours").Resolve(c => (int)c.Source.Spec.CutOff.TotalHours);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("cancellableUntil")
            .Description("Learners may give up their place until then; leaving the waiting list is allowed any time.")
            .Resolve(c => c.Source.Spec.StartsAt - c.Source.Spec.CutOff);
        Field(x => x.WaitingCount);
        Field(x => x.CancelledAt, nullable: true);
        Field(x => x.CancelReason, nullable: true);
    }
}

public sealed class SessionSeatType : ObjectGraphType<SessionSeat>
{
    public SessionSeatType()
    {
        Name = "SessionSeat";
        Description = "A learner's registration for a session, and their check-in once attendance is recorded.";
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.RegisteredAt);
        Field(x => x.CheckedInAt, nullable: true);
        Field<NonNullGraphType<BooleanGraphType>>("attended").Resolve(c => c.Source.CheckedInAt is not null);
        Field(x => x.WaitingPosition, nullable: true).Description("On the waiting list at this position (from 1); null with a place.");
        Field(x => x.CheckedInBy, nullable: true).Description("Who checked the learner in by hand; null when they gave the code.");
    }
}

public sealed class CheckInCodeType : ObjectGraphType<CheckInCode>
{
    public CheckInCodeType()
    {
        Name = "CheckInCode";
        Description = "The six-digit code a host shows. It rotates at rotatesAt and is accepted until expiresAt.";
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Code);
        Field(x => x.ShownFrom);
        Field(x => x.RotatesAt);
        Field(x => x.ExpiresAt);
        Field<NonNullGraphType<StringGraphType>>("checkInLink")
            .Description("The learner's check-in page with plan and session filled in; the learner still enters the code.")
            .Resolve(c => CheckInQr.Link(c.Service<IHttpContextAccessor>().HttpContext?.Request, c.Source.PlanId, c.Source.SessionId));
        Field<NonNullGraphType<StringGraphType>>("qrSvg")
            .Description("checkInLink as a QR code (SVG). It holds no code: a photo of it alone checks nobody in.")
            .Resolve(c => CheckInQr.Svg(CheckInQr.Link(c.Service<IHttpContextAccessor>().HttpContext?.Request, c.Source.PlanId, c.Source.SessionId)));
    }
}

public sealed class CheckInResultType : ObjectGraphType<CheckInReceipt>
{
    public CheckInResultType()
    {
        Name = "CheckInResult";
        Field<NonNullGraphType<SessionSeatType>>("seat").Resolve(c => c.Source.Seat);
        Field(x => x.XpAwarded).Description("XP the attended statement earned by the schemes in force.");
    }
}

public sealed class PlanProgressType : ObjectGraphType<PlanProgress>
{
    public PlanProgressType()
    {
        Name = "PlanProgress";
        Description = "A learner's progress on a plan's packages, read from their package results.";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("completedPackageIds").Resolve(c => c.Source.CompletedPackageIds);
        Field<NonNullGraphType<IntGraphType>>("completedPackages").Resolve(c => c.Source.CompletedPackageIds.Count);
        Field(x => x.TotalPackages);
        Field(x => x.Deadline);
        Field(x => x.IsComplete);
        Field(x => x.CompletedAt, nullable: true).Description("When the last of the plan's packages was completed.");
        Field<NonNullGraphType<BooleanGraphType>>("completedLate").Resolve(c => c.Source.CompletedAt > c.Source.Deadline);
        Field(x => x.IsOverdue).Description("A required plan past its deadline and not complete (never for a cancelled plan).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("attendedSessionIds")
            .Description("Sessions of the plan the learner attended, required or not.").Resolve(c => c.Source.AttendedSessionIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("requiredSessionIds")
            .Description("Sessions (not cancelled) the plan requires the learner to attend; complete needs all of them attended.")
            .Resolve(c => c.Source.RequiredSessionIds);
    }
}

public sealed class TrainingPlanType : ObjectGraphType<TrainingPlanInfo>
{
    public TrainingPlanType()
    {
        Name = "TrainingPlan";
        Description = "A department's training plan: goals, packages to take by a deadline, and offline sessions.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("titles").Resolve(c => c.Source.Titles);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LocalizedTextType>>>>("goals").Resolve(c => c.Source.Goals);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("departmentIds").Resolve(c => c.Source.DepartmentIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("packageIds").Resolve(c => c.Source.PackageIds);
        Field(x => x.Deadline);
        Field(x => x.Required).Description("Required plans become overdue after the deadline; optional ones never do.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrainingSessionType>>>>("sessions").Resolve(c => c.Source.Sessions);
        Field(x => x.CreatedBy);
        Field(x => x.CreatedAt);
        Field(x => x.Status, type: typeof(NonNullGraphType<PlanStatusType>));
        Field(x => x.StatusReason, nullable: true).Description("Why it was archived or cancelled.");
        Field(x => x.StatusChangedAt, nullable: true);
        Field(x => x.Revision).Description("Counts the plan's stored changes.");
        Field<PlanProgressType>("myProgress")
            .Description("The signed-in learner's progress; null when the plan is not assigned to them.")
            .ResolveAsync(async c => c.Caller().Subject is { } me ? await c.Service<PlanService>().ProgressOf(c.Source, me, c.CancellationToken) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SessionSeatType>>>>("mySeats")
            .Description("The signed-in learner's registrations for this plan's sessions.")
            .ResolveAsync(async c => c.Caller().Subject is { } me && Gamified.Common.Validate.IsId(me)
                ? await c.Service<PlanService>().SeatsOf(c.Source.Id, me) : []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanProgressType>>>>("learnerProgress")
            .Description("Each learner of the plan's departments that the caller manages (managers, admins).")
            .Argument<BooleanGraphType>("overdueOnly", "Only overdue assignments (default false).")
            .ResolveAsync(async c => await c.Service<PlanService>().LearnerProgress(c.Caller(), c.Source, c.GetArgument("overdueOnly", false), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Analytics.DepartmentReportType>>>>("analytics")
            .Description("Participation, on-time completion, gain and XP per active learner for the plan's packages since it was created, " +
                         "per department the caller manages (managers, admins); small departments are grouped, as in departmentAnalytics.")
            .ResolveAsync(async c => await c.Service<Analytics.AnalyticsService>().PlanReport(c.Caller(), c.Source, c.CancellationToken));
    }
}

public sealed class PlanAssignmentType : ObjectGraphType<PlanAssignment>
{
    public PlanAssignmentType()
    {
        Name = "PlanAssignment";
        Description = "A plan assigned to the signed-in learner, with their progress and session seats.";
        Field<NonNullGraphType<TrainingPlanType>>("plan").Resolve(c => c.Source.Plan);
        Field<NonNullGraphType<PlanProgressType>>("progress").Resolve(c => c.Source.Progress);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SessionSeatType>>>>("seats").Resolve(c => c.Source.Seats);
    }
}
