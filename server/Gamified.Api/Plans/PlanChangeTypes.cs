using Gamified.Plans;
using GraphQL.Types;

namespace Gamified.Api.Plans;

public sealed class PlanStatusType : EnumerationGraphType<PlanStatus>
{
    public PlanStatusType()
    {
        Name = "PlanStatus";
        Description = "ACTIVE; ARCHIVED (finished, kept for records); CANCELLED. Neither of the last two deletes anything.";
    }
}

public sealed class RosterStatusType : EnumerationGraphType<RosterStatus>
{
    public RosterStatusType()
    {
        Name = "RosterStatus";
        Description = "REGISTERED (has a place, not yet checked in), WAITING, ATTENDED, LATE (checked in more than 10 minutes after the start), " +
                      "ABSENT (the session ended without a check-in), CANCELLED (gave up the place or left the waiting list).";
    }
}

public sealed class CheckInMethodType : EnumerationGraphType<CheckInMethod>
{
    public CheckInMethodType()
    {
        Name = "CheckInMethod";
        Description = "CODE: the learner gave the code the host showed (witnessed by the server); HOST: checked in by hand, on the host's word.";
    }
}

public sealed class RosterEntryType : ObjectGraphType<RosterEntry>
{
    public RosterEntryType()
    {
        Name = "RosterEntry";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>)).Description("Their department when they registered.");
        Field(x => x.Status, type: typeof(NonNullGraphType<RosterStatusType>));
        Field(x => x.RegisteredAt).Description("When they took the place, or joined the waiting list.");
        Field(x => x.WaitingPosition, nullable: true);
        Field(x => x.CheckedInAt, nullable: true);
        Field(x => x.Method, type: typeof(CheckInMethodType));
        Field(x => x.CheckedInBy, nullable: true).Description("Who checked them in by hand.");
        Field(x => x.Reason, nullable: true).Description("Why by hand.");
        Field(x => x.CancelledAt, nullable: true);
    }
}

public sealed class SessionRosterType : ObjectGraphType<SessionRoster>
{
    public SessionRosterType()
    {
        Name = "SessionRoster";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<TrainingSessionType>>("session").Resolve(c => c.Source.Session);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RosterEntryType>>>>("entries").Resolve(c => c.Source.Entries);
    }
}

public sealed class TrainingPlanUpdateType : ObjectGraphType<PlanUpdate>
{
    public TrainingPlanUpdateType()
    {
        Name = "TrainingPlanUpdate";
        Description = "A plan after an edit (or as it would be, for a dry run).";
        Field<NonNullGraphType<TrainingPlanType>>("trainingPlan").Resolve(c => c.Source.Plan);
        Field(x => x.PreviousDeadline);
        Field(x => x.Stored).Description("False for a dry run.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanProgressType>>>>("overdueAtNewDeadline")
            .Description("When the deadline comes forward: learners who have not finished the plan (or finished after the new deadline), " +
                         "measured against the new deadline. Empty otherwise.")
            .Resolve(c => c.Source.OverdueAtNewDeadline);
    }
}
