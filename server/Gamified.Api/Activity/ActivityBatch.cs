using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Api.Transport;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;
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
        Field(x => x.Recorded, type: typeof(ActivityRecordedType));
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

    public static void AddActivityBatchMutation(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityBatchItemType>>>>("recordActivities")
            .Description($"Records up to {MaxStatements} statements, each as recordActivity would (same attestation rules, exactly once per " +
                         "idempotency key), for the organisation's imports and integrations: admins, and managers for the learners of their " +
                         "departments. Answers one item per statement, in order; a refused statement does not stop the others.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .PayloadResult("results")
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)Summarise)
            .Argument<NonNullGraphType<RecordActivitiesInputType>>("input")
            .ResolveAsync(async c => await RecordAll(c, c.GetArgument<RecordActivitiesInput>("input").Statements));
    }

    private static async Task<IReadOnlyList<ActivityBatchItem>> RecordAll(IResolveFieldContext c, List<RecordActivityInput> statements)
    {
        if (statements.Count is 0 or > MaxStatements)
            throw DomainException.BadInput("input.statements", $"input.statements takes 1 to {MaxStatements} statements.");
        var results = new ActivityBatchItem[statements.Count];
        // Grouped by learner in the order given: a learner's statements go one after another, learners side by side.
        var byLearner = statements.Select((input, index) => (input, index)).GroupBy(s => s.input.LearnerId, StringComparer.Ordinal);
        await Task.WhenAll(byLearner.Select(async group =>
        {
            foreach (var (input, index) in group) results[index] = await RecordOne(c, input, index);
        }));
        return results;
    }

    private static async Task<ActivityBatchItem> RecordOne(IResolveFieldContext c, RecordActivityInput input, int index)
    {
        var at = $"input.statements[{index}]";
        try
        {
            return new ActivityBatchItem(index, input.LearnerId, await ActivityFields.Record(c, input, at), null);
        }
        catch (Exception failure)
        {
            var services = c.RequestServices!;
            var error = ErrorMapping.ToError(failure, services.GetService<IStoreFailures>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActivityBatch)), "recordActivities");
            // The rules name the single mutation's input ("input.verb"); in a batch the statement's own path says which.
            var field = (error.Data["field"] as string) switch
            {
                { } path when path.StartsWith(at, StringComparison.Ordinal) => path,
                { } path when path.StartsWith("input.", StringComparison.Ordinal) => at + path["input".Length..],
                _ => at,
            };
            return new ActivityBatchItem(index, input.LearnerId, null, new Refusal(error.Code ?? ErrorCodes.InternalServerError, error.Message, Refusal.FieldPath(field)));
        }
    }

    /// <summary>The audit entry of a batch: how many statements for how many learners, and how each ended (not the
    /// statements themselves: they are in the ledger, with their submitter).</summary>
    private static object Summarise(IResolveFieldContext context, object? result)
    {
        var items = (result as MutationPayload)?.Result as IReadOnlyList<ActivityBatchItem> ?? result as IReadOnlyList<ActivityBatchItem> ?? [];
        return new
        {
            statements = items.Count,
            learners = items.Select(i => i.LearnerId).Distinct(StringComparer.Ordinal).Count(),
            recorded = items.Count(i => i.Recorded is { Outcome.Replayed: false }),
            replayed = items.Count(i => i.Recorded is { Outcome.Replayed: true }),
            refused = items.Where(i => i.Error is not null).GroupBy(i => i.Error!.Code).ToDictionary(g => g.Key, g => g.Count()),
        };
    }
}
