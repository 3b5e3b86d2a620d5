using Gamified.Activity;
using Gamified.Common;
using Gamified.Records;

namespace Gamified.Api.Records;

/// <summary>What the record needs to know about a session besides the attended statement: its kind and titles.</summary>
public sealed record SessionFacts(TrainingCategory Kind, LocalizedText PlanTitles, LocalizedText SessionTitles);

/// <summary>
/// Builds a learner's training year from their statements (a pure function, so it is tested without a server). Only what
/// the server witnessed counts toward hours: lesson time it measured, check-ins (at the session's length, carried by the
/// attended statement), brainstorm results. Self-reported and manager-recorded statements are listed, counting nothing.
/// </summary>
public static class TrainingYear
{
    /// <summary>
    /// The most one lesson adds to a year's online hours. A lesson's time is measured by the server from its opening to its
    /// completion, so a lesson opened today and finished tomorrow measured a day: left uncapped, opening every lesson and
    /// completing them all a day later made hundreds of "hours" for a certificate. Two hours is more than any of our
    /// lessons takes to work through.
    /// </summary>
    public const int MaxLessonSeconds = 2 * 3600;

    public static TrainingRecord Build(string learnerId, string departmentId, int year, IEnumerable<YearStatement> statements,
        IReadOnlyDictionary<string, SessionFacts> sessions, Func<string, LocalizedText?> packageTitles, double brainstormHours,
        TrainingRequirement? requirement)
    {
        var lessonSeconds = new Dictionary<string, int>(StringComparer.Ordinal);
        var completed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var attended = new List<AttendedSession>();
        var brainstorms = new Dictionary<string, BrainstormTaken>(StringComparer.Ordinal);
        var unwitnessed = new List<UnwitnessedStatement>();
        foreach (var row in statements)
        {
            var statement = StatementRules.FromJson(row.StatementJson);
            if (!statement.IsWitnessed())
            {
                unwitnessed.Add(new UnwitnessedStatement(row.ActivityId, statement.Verb, statement.Object.Id, statement.Object.Kind,
                    statement.Attestation, row.OccurredAt, statement.Result?.DurationSeconds));
                continue;
            }
            var (verb, kind) = (statement.Verb, statement.Object.Kind);
            if (verb == "completed" && kind == "lesson" && statement.Context?.PackageId is { } lessonPackage)
                lessonSeconds[lessonPackage] = lessonSeconds.GetValueOrDefault(lessonPackage) + Math.Clamp(statement.Result?.DurationSeconds ?? 0, 0, MaxLessonSeconds);
            else if (verb == "completed" && kind == "package")
                completed.TryAdd(statement.Object.Id, row.OccurredAt);
            else if (verb == "attended" && kind == "session" && statement.Object.Id.Split('/') is [var plan, var session])
            {
                var facts = sessions.GetValueOrDefault(statement.Object.Id);
                attended.Add(new AttendedSession(plan, session, facts?.Kind ?? TrainingCategory.Workshop, facts?.PlanTitles, facts?.SessionTitles,
                    row.OccurredAt, Math.Max(0, statement.Result?.DurationSeconds ?? 0)));
            }
            else if (verb is "submitted-idea" or "voted-idea" or "won-idea" && statement.Object.Id.Split('/') is [var brainstorm, _])
            {
                var taken = brainstorms.GetValueOrDefault(brainstorm) ?? new BrainstormTaken(brainstorm, 0, 0, 0, row.OccurredAt);
                brainstorms[brainstorm] = taken with
                {
                    Ideas = taken.Ideas + (verb == "submitted-idea" ? 1 : 0),
                    Votes = taken.Votes + (verb == "voted-idea" ? 1 : 0),
                    Won = taken.Won + (verb == "won-idea" ? 1 : 0),
                    LastAt = row.OccurredAt > taken.LastAt ? row.OccurredAt : taken.LastAt,
                };
            }
        }

        var seconds = new Dictionary<TrainingCategory, double>
        {
            [TrainingCategory.Online] = lessonSeconds.Values.Sum(),
            [TrainingCategory.Workshop] = attended.Where(a => a.Kind == TrainingCategory.Workshop).Sum(a => a.Seconds),
            [TrainingCategory.ExpertLecture] = attended.Where(a => a.Kind == TrainingCategory.ExpertLecture).Sum(a => a.Seconds),
            [TrainingCategory.Brainstorm] = brainstorms.Count * brainstormHours * 3600,
        };
        var hours = Enum.GetValues<TrainingCategory>().Select(c => new CategoryHours(c, Math.Round(seconds[c] / 3600, 2),
            requirement?.Hours.GetValueOrDefault(c) ?? 0)).ToList();
        var packages = completed.Select(p => new CompletedPackage(p.Key, packageTitles(p.Key), p.Value, lessonSeconds.GetValueOrDefault(p.Key))).ToList();
        return new TrainingRecord(learnerId, year, departmentId, packages, attended, brainstorms.Values.ToList(), unwitnessed, hours,
            requirement?.DepartmentId);
    }

    /// <summary>The organisation's calendar year <paramref name="year"/> in <paramref name="zone"/>, as [start, end).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Bounds(int year, TimeZoneInfo zone)
    {
        DateTimeOffset Start(int y)
        {
            var local = new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
        return (Start(year), Start(year + 1));
    }

    /// <summary>The nearest of <paramref name="chain"/> (a department, then its ancestors) with a requirement of its own.</summary>
    public static TrainingRequirement? Applying(IReadOnlyList<string> chain, IReadOnlyList<TrainingRequirement> own) =>
        chain.Select(d => own.FirstOrDefault(r => r.DepartmentId == d)).FirstOrDefault(r => r is not null);
}
