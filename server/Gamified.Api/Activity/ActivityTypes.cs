using Gamified.Activity;
using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Ledger;
using Gamified.Api.Security;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Activity;

/// <summary>The statement verbs; values are the short names stored with each statement.</summary>
public sealed class VerbType : EnumerationGraphType
{
    public VerbType()
    {
        Name = "Verb";
        Description = "What the learner did, as in an xAPI statement.";
        foreach (var verb in Verbs.Iris.Keys) Add(verb.Replace('-', '_').ToUpperInvariant(), verb, $"xAPI verb {Verbs.Iris[verb]}");
    }
}

public sealed class AttestationType : EnumerationGraphType<Attestation>
{
    public AttestationType()
    {
        Name = "Attestation";
        Description = "Who vouches for a statement: the server (graded or witnessed), a launch session it issued, a manager, or the learner alone.";
    }
}

public sealed class ObjectKindType : EnumerationGraphType
{
    public ObjectKindType()
    {
        Name = "ObjectKind";
        foreach (var kind in Verbs.ObjectKinds) Add(kind.ToUpperInvariant(), kind);
    }
}

public sealed class ActivityObjectInput
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
}

public sealed class ActivityObjectInputType : InputObjectGraphType<ActivityObjectInput>
{
    public ActivityObjectInputType()
    {
        Name = "ActivityObjectInput";
        Field(x => x.Id).Description("What was acted on, e.g. a lesson id; 1 to 200 characters.");
        Field(x => x.Kind, type: typeof(NonNullGraphType<ObjectKindType>));
    }
}

public sealed class ActivityResultInput
{
    public double? Score { get; set; }
    public bool? Success { get; set; }
    public bool? Completion { get; set; }
    public int? DurationSeconds { get; set; }
}

public sealed class ActivityResultInputType : InputObjectGraphType<ActivityResultInput>
{
    public ActivityResultInputType()
    {
        Name = "ActivityResultInput";
        Field(x => x.Score, nullable: true).Description("Scaled score, 0 to 100.");
        Field(x => x.Success, nullable: true);
        Field(x => x.Completion, nullable: true);
        Field(x => x.DurationSeconds, nullable: true).Description("Time on task, 0 to 86400 seconds.");
    }
}

public sealed class ActivityContextInput
{
    public string? PackageId { get; set; }
    public string? PackageVersion { get; set; }
    public string? ChallengeId { get; set; }
    public string? TeamId { get; set; }
}

public sealed class ActivityContextInputType : InputObjectGraphType<ActivityContextInput>
{
    public ActivityContextInputType()
    {
        Name = "ActivityContextInput";
        Field(x => x.PackageId, nullable: true);
        Field(x => x.PackageVersion, nullable: true);
        Field(x => x.ChallengeId, nullable: true);
        Field(x => x.TeamId, nullable: true);
    }
}

public sealed class RecordActivityInput
{
    public string LearnerId { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string Verb { get; set; } = "";
    public ActivityObjectInput Object { get; set; } = new();
    public ActivityResultInput? Result { get; set; }
    public ActivityContextInput? Context { get; set; }
    public DateTimeOffset? Timestamp { get; set; }

    public ActivityStatement ToStatement() => new(
        IdempotencyKey, Verb, new ActivityObject(Object.Id, Object.Kind),
        Result is null ? null : new ActivityResult(Result.Score, Result.Success, Result.Completion, Result.DurationSeconds),
        Context is null ? null : new ActivityContext(Context.PackageId, Context.PackageVersion, Context.ChallengeId, Context.TeamId),
        Timestamp, Attestation.SelfReported);
}

public sealed class RecordActivityInputType : InputObjectGraphType<RecordActivityInput>
{
    public RecordActivityInputType()
    {
        Name = "RecordActivityInput";
        Description = "An activity statement (xAPI-shaped). The actor is the learner.";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.IdempotencyKey)
            .Description("Chosen by the client, unique per statement: resending the same key records once and returns the first result.");
        Field(x => x.Verb, type: typeof(NonNullGraphType<VerbType>));
        Field(x => x.Object, type: typeof(NonNullGraphType<ActivityObjectInputType>));
        Field(x => x.Result, type: typeof(ActivityResultInputType));
        Field(x => x.Context, type: typeof(ActivityContextInputType));
        Field(x => x.Timestamp, nullable: true)
            .Description("When the client says it happened, kept as reported (within the last 366 days, not in the future); scoring uses the server's receipt time.");
    }
}

public sealed record ActivityRecorded(string LearnerId, ActivityOutcome Outcome);

public sealed class ActivityRecordedType : ObjectGraphType<ActivityRecorded>
{
    public ActivityRecordedType()
    {
        Name = "ActivityRecorded";
        Field<NonNullGraphType<IdGraphType>>("activityId").Resolve(c => c.Source.Outcome.ActivityId);
        Field<NonNullGraphType<BooleanGraphType>>("replayed")
            .Description("True when this idempotency key was recorded before: nothing new was written.")
            .Resolve(c => c.Source.Outcome.Replayed);
        Field<NonNullGraphType<AttestationType>>("attestation")
            .Description("Who vouches for the statement; SELF_REPORTED statements score only under rules that allow them.")
            .Resolve(c => c.Source.Outcome.Attestation);
        Field<NonNullGraphType<IntGraphType>>("xpAwarded").Resolve(c => c.Source.Outcome.XpAwarded);
        Field<NonNullGraphType<IntGraphType>>("xpTotal").Description("The learner's XP right after this statement.")
            .Resolve(c => checked((int)c.Source.Outcome.XpTotal));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LedgerEntryType>>>>("entries").Resolve(c => c.Source.Outcome.Entries);
        Field<LearnerType>("learner").ResolveAsync(async c => await c.Service<LearnerService>().Find(c.Source.LearnerId));
    }
}

public static class ActivityFields
{
    public static void AddActivityMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ActivityRecordedType>>("recordActivity")
            .Description("Records a statement about a learner, exactly once per idempotency key. A learner's statement about themselves is " +
                         "SELF_REPORTED and scores only under a rule that allows it; a manager of the learner's department records MANAGER " +
                         "statements; an admin's statement for someone else is an import. The server's receipt time, not `timestamp`, decides " +
                         "the day for caps, streaks and campaigns (except for an admin's import).")
            .AuthorizeWithRoles(Roles.Learner, Roles.Manager, Roles.Admin)
            .WithMetadata(Gamified.Api.Audit.AuditMiddleware.AuditedOnBehalf, true)
            .Argument<NonNullGraphType<RecordActivityInputType>>("input")
            .ResolveAsync(async c => await Record(c, c.GetArgument<RecordActivityInput>("input"), "input"));
        mutation.AddActivityBatchMutation();
    }

    /// <summary>
    /// One statement from outside, as <c>recordActivity</c> and each item of <c>recordActivities</c> take it: the intake
    /// policy decides its attestation from who sends it, then the learner's grain records it. <paramref name="at"/> is
    /// the input's path, for the refusals' <c>field</c>.
    /// </summary>
    internal static async Task<ActivityRecorded> Record(IResolveFieldContext c, RecordActivityInput input, string at)
    {
        var learners = c.Service<LearnerService>();
        var caller = c.Caller();
        var learnerId = Gamified.Common.Validate.Id(input.LearnerId, at + ".learnerId");
        var managesLearner = !caller.Is(learnerId) && !caller.IsAdmin && caller.IsIn(Roles.Manager)
                             && await learners.Find(learnerId) is { } learner && caller.Manages(learner.Profile.DepartmentId);
        var statement = StatementIntake.Admit(input.ToStatement(), learnerId,
            new Submitter(caller.Subject, caller.IsAdmin, managesLearner), c.Service<TimeProvider>().GetUtcNow());
        var outcome = await learners.RecordActivity(learnerId, statement);
        return new ActivityRecorded(learnerId, outcome);
    }
}
