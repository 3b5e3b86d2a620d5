using Gamified.Api.Common;
using Gamified.Common;
using Gamified.Plans;
using GraphQL.Types;

namespace Gamified.Api.Plans;

public sealed class SessionInput
{
    public string Id { get; set; } = "";
    public SessionKind Kind { get; set; } = SessionKind.Workshop;
    public LocalizedTextInput Titles { get; set; } = new();
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string Location { get; set; } = "";
    public int Capacity { get; set; }
    public string? HostId { get; set; }
    public string? ExpertName { get; set; }
    public bool Required { get; set; }
    public int? CancellationCutOffHours { get; set; }

    public SessionSpec ToSpec() => new(Id, Kind, Titles.ToText(), StartsAt, EndsAt, Location, Capacity, HostId, ExpertName, Required,
        CancellationCutOffHours is { } hours ? TimeSpan.FromHours(Validate.Range(hours, 0, 720, "input.sessions.cancellationCutOffHours")) : null);
}

public sealed class SessionInputType : InputObjectGraphType<SessionInput>
{
    public SessionInputType()
    {
        Name = "TrainingSessionInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind, type: typeof(SessionKindType)).DefaultValue(SessionKind.Workshop);
        Field(x => x.Titles, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.StartsAt);
        Field(x => x.EndsAt).Description("After startsAt, at most seven days later.");
        Field(x => x.Location).Description("Where it takes place, 1 to 200 characters.");
        Field(x => x.Capacity).Description("Places, 1 to 10000.");
        Field(x => x.HostId, type: typeof(IdGraphType)).Description("The user who runs it and may show its check-in code.");
        Field(x => x.ExpertName, nullable: true).Description("Required for an EXPERT_LECTURE.");
        Field(x => x.Required).DefaultValue(false)
            .Description("Attending it is part of completing the plan (unless it is cancelled).");
        Field(x => x.CancellationCutOffHours, nullable: true)
            .Description("Learners may give up their place until this many hours before the start (0 to 720; default 24).");
    }
}

public sealed class CreateTrainingPlanInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Titles { get; set; } = new();
    public List<LocalizedTextInput> Goals { get; set; } = [];
    public List<string> DepartmentIds { get; set; } = [];
    public List<string> PackageIds { get; set; } = [];
    public DateTimeOffset Deadline { get; set; }
    public bool Required { get; set; } = true;
    public List<SessionInput>? Sessions { get; set; }

    public CreateTrainingPlan ToCommand(string createdBy) => new(Titles.ToText(), Goals.Select(g => g.ToText()).ToList(),
        DepartmentIds, PackageIds, Deadline, Required, (Sessions ?? []).Select(s => s.ToSpec()).ToList(), createdBy);
}

public sealed class CreateTrainingPlanInputType : InputObjectGraphType<CreateTrainingPlanInput>
{
    public CreateTrainingPlanInputType()
    {
        Name = "CreateTrainingPlanInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Titles, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.Goals, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LocalizedTextInputType>>>))
            .Description("1 to 20 goals, each up to 500 characters in both languages.");
        Field(x => x.DepartmentIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>))
            .Description("The departments it is assigned to (1 to 50); you must manage every one.");
        Field(x => x.PackageIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>))
            .Description("The packages to take (1 to 50), by id.");
        Field(x => x.Deadline).Description("In the future.");
        Field(x => x.Required).DefaultValue(true);
        Field(x => x.Sessions, type: typeof(ListGraphType<NonNullGraphType<SessionInputType>>)).Description("Offline sessions, at most 20.");
    }
}

public sealed class SessionRefInput
{
    public string PlanId { get; set; } = "";
    public string SessionId { get; set; } = "";
}

public sealed class SessionRefInputType : InputObjectGraphType<SessionRefInput>
{
    public SessionRefInputType()
    {
        Name = "SessionRefInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public sealed class CheckInInput
{
    public string PlanId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string Code { get; set; } = "";
}

public sealed class CheckInInputType : InputObjectGraphType<CheckInInput>
{
    public CheckInInputType()
    {
        Name = "CheckInInput";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Code).Description("The six digits the host shows.");
    }
}
