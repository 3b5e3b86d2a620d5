using Gamified.Activity;
using Gamified.Api.Records;
using Gamified.Common;
using Gamified.Records;

namespace Gamified.Tests.Records;

/// <summary>The training year as a pure function of statements: no server, so each rule is checked on its own.</summary>
public sealed class TrainingYearTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static YearStatement Row(string verb, string kind, string objectId, Attestation attestation, int? seconds = null,
        string? package = null, bool imported = false) =>
        new("li", Guid.NewGuid().ToString("n"), StatementRules.ToJson(new ActivityStatement(Guid.NewGuid().ToString("n"), verb,
            new ActivityObject(objectId, kind), new ActivityResult(null, true, true, seconds), package is null ? null : new ActivityContext(package, "1.0.0", null, null),
            null, attestation, imported)), March);

    [Fact]
    public void witnessed_statements_count_by_category_and_claims_count_nothing()
    {
        var lecture = new SessionFacts(TrainingCategory.ExpertLecture, new LocalizedText("计划", "Plan"), new LocalizedText("讲座", "Lecture"));
        var statements = new[]
        {
            Row("completed", "lesson", "pkg/l1", Attestation.Server, 1_800, "pkg"),
            Row("completed", "lesson", "pkg/l2", Attestation.Server, 1_800, "pkg"),
            Row("completed", "package", "pkg", Attestation.Server, package: "pkg"),
            Row("attended", "session", "plan-1/talk", Attestation.Server, 5_400),
            Row("attended", "session", "plan-1/gone", Attestation.Server, 3_600),        // a session no longer in its plan: a workshop
            Row("submitted-idea", "idea", "bs-1/i1", Attestation.Server),
            Row("won-idea", "idea", "bs-1/i1", Attestation.Server),
            Row("voted-idea", "idea", "bs-2/i9", Attestation.Server),
            Row("completed", "lesson", "old/l1", Attestation.Manager, 7_200, "old", imported: true),   // an audited import counts
            Row("completed", "lesson", "book", Attestation.SelfReported, 36_000),
            Row("attended", "session", "plan-1/talk", Attestation.Manager, 36_000),
        };
        var requirement = new TrainingRequirement("parent", 2026, new Dictionary<TrainingCategory, double> { [TrainingCategory.Online] = 4 }, "m", March);

        var record = TrainingYear.Build("li", "dept", 2026, statements, new Dictionary<string, SessionFacts> { ["plan-1/talk"] = lecture },
            _ => null, brainstormHours: 0.5, requirement);

        var hours = record.Hours.ToDictionary(h => h.Category, h => h.Hours);
        Assert.Equal(3.0, hours[TrainingCategory.Online]);           // 1 h of timed lessons + 2 h imported
        Assert.Equal(1.5, hours[TrainingCategory.ExpertLecture]);
        Assert.Equal(1.0, hours[TrainingCategory.Workshop]);
        Assert.Equal(1.0, hours[TrainingCategory.Brainstorm]);       // two brainstorms, half an hour each
        Assert.Equal(2, record.Unwitnessed.Count);
        Assert.Equal(3_600, record.Packages.Single().TimeOnTaskSeconds);
        var first = record.Brainstorms.Single(b => b.BrainstormId == "bs-1");
        Assert.Equal((1, 1), (first.Ideas, first.Won));
        Assert.Equal(1.0, record.Hours.Single(h => h.Category == TrainingCategory.Online).Short);
        Assert.False(record.MeetsRequirement);
        Assert.Equal("parent", record.RequirementFrom);
    }

    [Fact]
    public void a_lesson_left_open_overnight_adds_no_more_than_the_cap_to_online_hours()
    {
        var statements = new[]
        {
            Row("completed", "lesson", "pkg/l1", Attestation.Server, 86_400, "pkg"),   // opened yesterday, finished today
            Row("completed", "lesson", "pkg/l2", Attestation.Server, 1_800, "pkg"),
        };
        var record = TrainingYear.Build("li", "dept", 2026, statements, new Dictionary<string, SessionFacts>(), _ => null, brainstormHours: 1, null);
        Assert.Equal(2.5, record.Hours.Single(h => h.Category == TrainingCategory.Online).Hours);
    }

    [Fact]
    public void the_nearest_department_with_a_requirement_applies_and_the_year_is_the_organisations()
    {
        TrainingRequirement Of(string department) => new(department, 2026, new Dictionary<TrainingCategory, double>(), "m", March);
        Assert.Equal("bureau", TrainingYear.Applying(["office", "division", "bureau", "city"], [Of("city"), Of("bureau")])!.DepartmentId);
        Assert.Null(TrainingYear.Applying(["office"], [Of("city")]));

        var (from, to) = TrainingYear.Bounds(2026, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero), from.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), to.ToUniversalTime());
    }
}
