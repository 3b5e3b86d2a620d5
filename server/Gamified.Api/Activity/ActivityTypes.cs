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
        Timestamp);
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
        Field(x => x.Timestamp, nullable: true).Description("When it happened; defaults to now; not in the future.");
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
            .Description("Records what a learner did and awards XP by the active rules, exactly once per idempotency key. Learners record their own activity.")
            .AuthorizeWithRoles(Roles.Learner, Roles.Admin)
            .Argument<NonNullGraphType<RecordActivityInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RecordActivityInput>("input");
                var caller = c.Caller();
                caller.RequireSelfOrAdmin(input.LearnerId, "record activity for this learner");
                if (Verbs.ServerAttested.Contains(input.Verb) && !caller.IsAdmin)
                    throw Caller.Forbidden($"'{input.Verb}' is recorded by the server from a check-in or a brainstorm, not by learners.");
                if (ServerKeys.IsServers(input.IdempotencyKey ?? "") && !caller.IsAdmin)
                    throw Gamified.Common.DomainException.BadInput("input.idempotencyKey", $"Keys starting with {string.Join(", ", ServerKeys.Prefixes)} are the server's own.");
                if (ImpersonatesPackageFlow(input) && !caller.IsAdmin)
                    throw Caller.Forbidden("A package's pre-test, post-test and completion are graded and recorded by the server (submitTest), not by learners.");
                var statement = input.ToStatement() with { IssuedBy = caller.IsAdmin ? ActivityStatement.Admin : null };
                var outcome = await c.Service<LearnerService>().RecordActivity(input.LearnerId, statement);
                return new ActivityRecorded(input.LearnerId, outcome);
            });
    }

    /// <summary>A statement shaped like what <c>LearnerPackageGrain</c> records from its own grading: anything on a package's
    /// pre-test or post-test quiz, or <c>completed</c> on a package.</summary>
    private static bool ImpersonatesPackageFlow(RecordActivityInput input) =>
        (input.Object.Kind == "quiz" && (input.Object.Id.Trim().EndsWith("/pre-test", StringComparison.OrdinalIgnoreCase)
                                         || input.Object.Id.Trim().EndsWith("/post-test", StringComparison.OrdinalIgnoreCase)))
        || (input.Verb == "completed" && input.Object.Kind == "package");
}
