using System.Collections;
using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Cost;
using Gamified.Api.Security;
using Gamified.Api.Transport;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamified.Api.Activity;

public sealed class RecordActivitiesInput
{
    public List<RecordActivityInput> Statements { get; set; } = [];
}

public sealed class RecordActivitiesInputType : InputObjectGraphType<RecordActivitiesInput>
{
    public RecordActivitiesInputType()
    {
        Name = "RecordActivitiesInput";
        Field(x => x.Statements, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RecordActivityInputType>>>))
            .Description($"1 to {ActivityBatch.MaxStatements} statements, each exactly as recordActivity takes it.");
    }
}

/// <summary>A batch's items in order; audited with the first refusal's code when not one statement was recorded.</summary>
public sealed class ActivityBatchResults(IList<ActivityBatchItem> items) : System.Collections.ObjectModel.ReadOnlyCollection<ActivityBatchItem>(items), IAuditedOutcome
{
    public string? Outcome => this.All(i => i.Error is not null) ? this.FirstOrDefault()?.Error?.Code : null;
}

/// <summary>What recordActivity answers, less what would be read per statement (the learner, the entries).</summary>
public sealed class BatchStatementRecordedType : ObjectGraphType<ActivityRecorded>
{
    public BatchStatementRecordedType()
    {
        Name = "BatchStatementRecorded";
        Description = "A statement of recordActivities recorded (or replayed): as recordActivity's answer, without the learner and the entries.";
        Field<NonNullGraphType<IdGraphType>>("activityId").Resolve(c => c.Source.Outcome.ActivityId);
        Field<NonNullGraphType<BooleanGraphType>>("replayed").Description("True when this idempotency key was recorded before: nothing new was written.")
            .Resolve(c => c.Source.Outcome.Replayed);
        Field<NonNullGraphType<AttestationType>>("attestation").Resolve(c => c.Source.Outcome.Attestation);
        Field<NonNullGraphType<IntGraphType>>("xpAwarded").Resolve(c => c.Source.Outcome.XpAwarded);
        Field<NonNullGraphType<IntGraphType>>("xpTotal").Description("The learner's XP right after this statement.")
            .Resolve(c => checked((int)c.Source.Outcome.XpTotal));
    }
}

/// <summary>One statement of a batch: what it recorded, or why it was refused (then nothing of it was written).</summary>
public sealed record ActivityBatchItem(int Index, string LearnerId, ActivityRecorded? Recorded, Refusal? Error);

public sealed class ActivityBatchItemType : ObjectGraphType<ActivityBatchItem>
{
    public ActivityBatchItemType()
    {
        Name = "ActivityBatchItem";
        Description = "What one statement of recordActivities did: `recorded`, or `error` (then nothing of that statement was written).";
        Field(x => x.Index).Description("The statement's place in `input.statements`, from 0.");
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Recorded, type: typeof(BatchStatementRecordedType));
        Field(x => x.Error, type: typeof(RefusalType))
            .Description("Why this statement was not recorded. UNAVAILABLE and INTERNAL_SERVER_ERROR are worth sending again with the same idempotency key.");
    }
}

/// <summary>
/// <c>recordActivities</c>: an integration's or an import's many statements in one request. Each is taken exactly as
/// <c>recordActivity</c> takes it (the same intake policy, attestation, idempotency and caps), so the batch changes what a
/// request costs, never what a statement earns. The HTTP request, the token check, the GraphQL parse and the audit entry
/// are paid once for up to <see cref="MaxStatements"/> statements instead of once each; on two cores those are about a
/// third of a single statement's server time (docs/PERFORMANCE.md).
/// <para>Statements are independent: one refused does not stop the others, and each answers on its own. A learner's
/// statements are recorded one after another in the order given (caps, streaks and first-N badges see them in that order);
/// different learners' are recorded at the same time.</para>
/// </summary>
public static class ActivityBatch
{
    /// <summary>The same bound as an xAPI statement batch (<c>POST /xapi/statements</c>).</summary>
    public const int MaxStatements = 500;

    /// <summary>At most this many statements are recorded at once per request; the rest wait their turn.</summary>
    private const int InFlight = 32;

    public static void AddActivityBatchMutation(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityBatchItemType>>>>("recordActivities")
            .Description($"Records up to {MaxStatements} statements, each as recordActivity would (same attestation rules, exactly once per " +
                         "idempotency key), for the organisation's imports: admins, and managers for the learners of their departments. " +
                         "Answers one item per statement, in order; a refused statement does not stop the others. Each statement is audited.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .PayloadResult("results")
            // Priced per statement: two full batches fit in a request's budget (and at most MaxExpensiveFields batches of any
            // size). A result holds scalars only, so nothing read per statement can be selected under it.
            .Expensive(c => 20.0 * StatementCount(c))
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)Summarise)
            .Argument<NonNullGraphType<RecordActivitiesInputType>>("input")
            .ResolveAsync(async c => await RecordAll(c, c.GetArgument<RecordActivitiesInput>("input").Statements));
    }

    private static async Task<ActivityBatchResults> RecordAll(IResolveFieldContext c, List<RecordActivityInput> statements)
    {
        if (statements.Count is 0 or > MaxStatements)
            throw DomainException.BadInput("input.statements", $"input.statements takes 1 to {MaxStatements} statements.");
        var results = new ActivityBatchItem[statements.Count];
        var failures = new Exception?[statements.Count];
        // Grouped by learner (as the id will be read: trimmed) in the order given: a learner's statements go one after
        // another, so caps and first-N badges see them in that order; learners side by side, a bounded number at once.
        var byLearner = statements.Select((input, index) => (input, index)).GroupBy(s => s.input.LearnerId?.Trim() ?? "", StringComparer.Ordinal);
        await Parallel.ForEachAsync(byLearner, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = c.CancellationToken },
            async (group, _) =>
            {
                foreach (var (input, index) in group) (results[index], failures[index]) = await RecordOne(c, input, index);
            });
        LogFailures(c, results, failures);
        return new ActivityBatchResults(results);
    }

    private static async Task<(ActivityBatchItem, Exception?)> RecordOne(IResolveFieldContext c, RecordActivityInput input, int index)
    {
        var at = $"input.statements[{index}]";
        var learnerId = input.LearnerId?.Trim() ?? "";
        try
        {
            return (new ActivityBatchItem(index, learnerId, await ActivityFields.Record(c, input, at), null), null);
        }
        catch (Exception failure)
        {
            // Logged once for the whole batch below, not once per statement.
            var error = ErrorMapping.ToError(failure, c.RequestServices!.GetService<IStoreFailures>(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null);
            // The rules name the single mutation's input ("input.verb"); in a batch the statement's own path says which.
            var field = (error.Data["field"] as string) switch
            {
                { } path when path.StartsWith(at, StringComparison.Ordinal) => path,
                { } path when path.StartsWith("input.", StringComparison.Ordinal) => at + path["input".Length..],
                _ => at,
            };
            var refusal = new Refusal(error.Code ?? ErrorCodes.InternalServerError, error.Message, Refusal.FieldPath(field));
            return (new ActivityBatchItem(index, learnerId, null, refusal), failure is DomainException ? null : failure);
        }
    }

    /// <summary>Failures that are not refusals (a store away, a node leaving, a bug): one log line for the batch, with the first.</summary>
    private static void LogFailures(IResolveFieldContext c, ActivityBatchItem[] results, Exception?[] failures)
    {
        var first = Array.FindIndex(failures, f => f is not null);
        if (first < 0) return;
        var counts = string.Join(", ", results.Where((_, i) => failures[i] is not null).GroupBy(r => r.Error!.Code).Select(g => $"{g.Key} × {g.Count()}"));
        c.RequestServices!.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActivityBatch))
            .LogWarning(failures[first], "recordActivities: {Failed} of {Total} statements failed ({Counts}); the first is shown",
                failures.Count(f => f is not null), results.Length, counts);
    }

    /// <summary>The number of statements a document sends, for pricing: counted where it is written (a literal list, or the
    /// variable holding it); the most a batch may hold when it cannot be told.</summary>
    private static int StatementCount(FieldImpactContext context)
    {
        int Count(object? list) => list is ICollection items ? Math.Min(items.Count, MaxStatements) : MaxStatements;
        return context.Argument("input") switch
        {
            IDictionary<string, object?> given => given.TryGetValue("statements", out var list) ? Count(list) : 1,
            GraphQLObjectValue literal => literal.Fields?.FirstOrDefault(f => f.Name.StringValue == "statements")?.Value switch
            {
                GraphQLListValue written => Math.Min(written.Values?.Count ?? 0, MaxStatements),
                GraphQLVariable variable => Count(context.ValidationContext.Variables.TryGetValue(variable.Name.StringValue, out var given) ? given : null),
                _ => MaxStatements,
            },
            _ => MaxStatements,
        };
    }

    /// <summary>
    /// The audit entry of a batch: how many statements for how many learners, and each statement as recordActivity's own
    /// entry would name it (learner, key, verb, object, reported time) with how it ended, so an import in a batch is no
    /// less on the record than one sent alone. The outcome is the first refusal's code when nothing was recorded.
    /// </summary>
    private static object Summarise(IResolveFieldContext context, object? result)
    {
        var items = (result as MutationPayload)?.Result as IReadOnlyList<ActivityBatchItem> ?? result as IReadOnlyList<ActivityBatchItem> ?? [];
        var sent = context.GetArgument<RecordActivitiesInput?>("input")?.Statements ?? [];
        return new
        {
            statements = sent.Count,
            learners = items.Select(i => i.LearnerId).Distinct(StringComparer.Ordinal).Count(),
            recorded = items.Count(i => i.Recorded is { Outcome.Replayed: false }),
            replayed = items.Count(i => i.Recorded is { Outcome.Replayed: true }),
            refused = items.Where(i => i.Error is not null).GroupBy(i => i.Error!.Code).ToDictionary(g => g.Key, g => g.Count()),
            items = items.Select(i => new
            {
                i.Index, i.LearnerId, sent[i.Index].IdempotencyKey, sent[i.Index].Verb, objectId = sent[i.Index].Object.Id, sent[i.Index].Timestamp,
                outcome = i.Error?.Code ?? (i.Recorded!.Outcome.Replayed ? "REPLAYED" : "OK"),
            }),
        };
    }
}
