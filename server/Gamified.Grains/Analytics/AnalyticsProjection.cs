using Gamified.Leaderboards;
using System.Text.Json;
using Gamified.Activity;
using Gamified.Plugins.Grading;

namespace Gamified.Analytics;

/// <summary>
/// Keeps the analytics summary tables a projection of <c>activities</c>: reads the statements recorded after the
/// checkpoint (leaving the newest <see cref="AnalyticsOptions.SettleTime"/> to settle, as PostgreSQL writers commit
/// out of order), folds them into per-learner weeks and per-learner package versions, and applies each batch together
/// with the new checkpoint in one transaction, so a batch counts once even with several nodes projecting.
/// </summary>
public sealed class AnalyticsProjection(IAnalyticsStore store, AnalyticsOptions options, TimeZoneInfo zone, TimeProvider clock)
{
    public const int BatchSize = 500;


    /// <summary>Raised after each applied batch with the time of its newest statement.</summary>
    public event Action<DateTimeOffset>? Applied;

    /// <summary>Applies the next batch; returns how many statements it held (0: caught up).</summary>
    public async Task<int> Step()
    {
        var from = await store.Checkpoint();
        var batch = await store.After(from, BatchSize, clock.GetUtcNow() - options.SettleTime);
        if (batch.Count == 0) return 0;

        var weeks = new Dictionary<(string, long), LearnerWeekDelta>();
        var steps = new List<PackageStep>();
        foreach (var activity in batch)
        {
            var statement = Parse(activity.StatementJson);
            var seconds = (long)(statement?.Result?.DurationSeconds ?? 0);
            var week = BoardNames.Start(BoardWindow.ThisWeek, activity.OccurredAt, zone).ToUnixTimeMilliseconds();
            var key = (activity.LearnerId, week);
            weeks[key] = weeks.TryGetValue(key, out var w)
                ? w with { Statements = w.Statements + 1, Seconds = w.Seconds + seconds, Xp = w.Xp + activity.XpAwarded }
                : new LearnerWeekDelta(activity.LearnerId, week, activity.DepartmentId, 1, seconds, activity.XpAwarded);
            if (statement is not null && StepOf(activity, statement, seconds) is { } step) steps.Add(step);
        }
        var last = batch[^1];
        var to = new AnalyticsCheckpoint(last.RecordedAt.ToUnixTimeMilliseconds(), last.ActivityId);
        if (!await store.Apply(from, to, weeks.Values.ToList(), steps, LearningGain.Normalised)) return 0;
        Applied?.Invoke(last.RecordedAt);
        return batch.Count;
    }

    /// <summary>
    /// What a statement says about a package version: any statement in its context starts it (at the earliest) and adds
    /// its duration; <c>completed</c> on the package completes it; the pre-test's score and the first post-test's give the
    /// normalised gain, with the same formula as the package grain (the best post-test is kept as the post-test score). Completion and scores are taken
    /// only from statements the server issued (the package grain's own, from its grading) or an admin recorded: a
    /// learner's own statement of that shape says nothing about their results.
    /// </summary>
    private static PackageStep? StepOf(FeedActivity activity, ActivityStatement statement, long seconds)
    {
        var packageId = statement.Context?.PackageId ?? (statement.Object.Kind == "package" ? statement.Object.Id : null);
        if (packageId is null) return null;
        var version = statement.Context?.PackageVersion ?? "";
        var score = statement.Result?.Score is { } s ? Math.Clamp(s, 0, 100) : (double?)null;
        var attested = statement.IsWitnessed();
        var isPre = attested && statement is { Verb: "answered", Object.Kind: "quiz" } && statement.Object.Id == $"{packageId}/pre-test";
        var isPost = attested && statement is { Verb: "passed" or "failed", Object.Kind: "quiz" } && statement.Object.Id == $"{packageId}/post-test";
        return new PackageStep(packageId, version, activity.LearnerId, activity.DepartmentId, activity.OccurredAt, seconds,
            attested && statement is { Verb: "completed", Object.Kind: "package" }, isPre ? score : null, isPost ? score : null);
    }

    private static ActivityStatement? Parse(string json)
    {
        try
        {
            return StatementRules.FromJson(json);
        }
        catch (JsonException)
        {
            return null;   // counted as activity, but not as package progress
        }
    }
}

/// <summary>The <c>Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Groups of fewer learners are merged or their figures withheld, so nobody is seen person by person.</summary>
    public int MinGroupSize { get; set; } = 5;

    /// <summary>How long a new statement waits before the projection takes it: a statement's <c>recorded_at</c> is stamped by
    /// the group committer as its batch's transaction begins, and on PostgreSQL several writers commit out of order. Reports
    /// are not live, so the margin is generous.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(2);
}
