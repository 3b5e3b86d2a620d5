using Gamified.Api.Common;
using Gamified.Plans;
using GraphQL.Types;

namespace Gamified.Api.Plans;

public sealed class UpdateTrainingPlanInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput? Titles { get; set; }
    public List<LocalizedTextInput>? Goals { get; set; }
    public List<string>? DepartmentIds { get; set; }
    public List<string>? PackageIds { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public bool? Required { get; set; }
    public bool DryRun { get; set; }

    public UpdateTrainingPlan ToCommand() => new(Titles?.ToText(), Goals?.Select(g => g.ToText()).ToList(), DepartmentIds, PackageIds, Deadline, Required);
}

public sealed class UpdateTrainingPlanInputType : InputObjectGraphType<UpdateTrainingPlanInput>
{
    public UpdateTrainingPlanInputType()
    {
        Name = "UpdateTrainingPlanInput";
        Description = "Only the parts given change.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Titles, type: typeof(LocalizedTextInputType));
        Field(x => x.Goals, type: typeof(ListGraphType<NonNullGraphType<LocalizedTextInputType>>)).Description("1 to 20 goals.");
        Field(x => x.DepartmentIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("The departments it is assigned to (1 to 50); you must manage every one, old and new.");
        Field(x => x.PackageIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>)).Description("1 to 50 packages.");
        Field(x => x.Deadline, nullable: true).Description("In the future. Extending is always allowed; bringing it forward answers who would be overdue.");
        Field(x => x.Required, nullable: true);
        Field(x => x.DryRun).DefaultValue(false).Description("Only check the edit and answer what it would do (who would be overdue); store nothing.");
    }
}

public sealed class EndTrainingPlanInput
{
    public string Id { get; set; } = "";
    public PlanStatus Status { get; set; } = PlanStatus.Archived;
    public string Reason { get; set; } = "";
}

public sealed class EndTrainingPlanInputType : InputObjectGraphType<EndTrainingPlanInput>
{
    public EndTrainingPlanInputType()
    {
        Name = "ArchiveTrainingPlanInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(PlanStatusType)).DefaultValue(PlanStatus.Archived)
            .Description("ARCHIVED (finished, kept for records) or CANCELLED.");
        Field(x => x.Reason).Description("Why, 1 to 500 characters; shown to the plan's learners.");
    }
}

public sealed class AddSessionInput
{
    public string PlanId { get; set; } = "";
    public SessionInput Session { get; set; } = new();
}

public sealed class AddSessionInputType : InputObjectGraphType<AddSessionInput>
{
    public AddSessionInputType()
    {
        Name = "AddSessionInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Session, type: typeof(NonNullGraphType<SessionInputType>)).Description("Starts in the future.");
    }
}

public sealed class MoveSessionInput
{
    public string PlanId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Location { get; set; }
}

public sealed class MoveSessionInputType : InputObjectGraphType<MoveSessionInput>
{
    public MoveSessionInputType()
    {
        Name = "MoveSessionInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.StartsAt).Description("In the future.");
        Field(x => x.EndsAt).Description("After startsAt, at most seven days later.");
        Field(x => x.Location, nullable: true).Description("A new place; the old one stays when omitted.");
    }
}

public sealed class SessionCapacityInput
{
    public string PlanId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public int Capacity { get; set; }
}

public sealed class SessionCapacityInputType : InputObjectGraphType<SessionCapacityInput>
{
    public SessionCapacityInputType()
    {
        Name = "SessionCapacityInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Capacity).Description("1 to 10000, and not below the places held.");
    }
}

public sealed class CancelSessionInput
{
    public string PlanId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class CancelSessionInputType : InputObjectGraphType<CancelSessionInput>
{
    public CancelSessionInputType()
    {
        Name = "CancelSessionInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason).Description("Why, 1 to 500 characters; sent to its registered and waiting learners.");
    }
}

public sealed class CheckInByHostInput
{
    public string PlanId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string LearnerId { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class CheckInByHostInputType : InputObjectGraphType<CheckInByHostInput>
{
    public CheckInByHostInputType()
    {
        Name = "CheckInByHostInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>)).Description("A learner with a place at the session.");
        Field(x => x.Reason).Description("Why by hand (e.g. 手机没电), 1 to 500 characters; audited.");
    }
}
