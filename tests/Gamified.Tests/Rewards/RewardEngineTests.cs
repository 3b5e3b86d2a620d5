using Gamified.Activity;
using Gamified.Common;
using Gamified.Rewards;

namespace Gamified.Tests.Rewards;

/// <summary>The engine every award goes through: conditions, awards, caps, campaigns and how schemes combine.</summary>
[Trait("Category", "Unit")]
public sealed class RewardEngineTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    // A Wednesday, 10:00 in Shanghai.
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private static PointRule Rule(string id, int points = 10, string? verb = "completed", string? kind = null, double? minScore = null,
        bool? success = null, int? minDuration = null, bool? firstAttempt = null, int[]? days = null, double? multiplier = null,
        int? perGain = null, string? package = null, string? tag = null, Attestation[]? attestations = null, int? dailyCap = null) =>
        new(id, verb, kind, package, tag, minScore, success, minDuration, firstAttempt, days ?? [], points, multiplier, perGain, attestations, dailyCap);

    private static SchemeVersion Scheme(string id, PointRule[] rules, string[]? departments = null, SchemeCaps? caps = null,
        Campaign[]? campaigns = null, DateTimeOffset? from = null, LevelDefinition[]? levels = null) =>
        new(id, 1, new SchemeDefinition(new LocalizedText("方案", "Scheme"), departments ?? [], rules, levels ?? [], caps ?? SchemeCaps.None, campaigns ?? [], []),
            SchemeStatus.Active, from ?? Wednesday.AddDays(-30), null, Wednesday.AddDays(-30), "test");

    private static ActivityStatement Statement(string verb = "completed", string kind = "lesson", double? score = null, bool? success = null,
        int? duration = null, double? gain = null, string? package = null, Attestation attestation = Attestation.Server) =>
        new("k", verb, new ActivityObject("x", kind), new ActivityResult(score, success, true, duration, gain),
            package is null ? null : new ActivityContext(package, "1.0.0", null, null), Wednesday, attestation);

    private static AwardContext Context(int xpToday = 0, Dictionary<string, int>? byRule = null, int lastMinute = 0, bool first = true,
        string department = "d1", string[]? tags = null, Dictionary<Attestation, int>? byAttestation = null) =>
        new(department, xpToday, byRule ?? [], lastMinute, first, (tags ?? []).ToHashSet(), byAttestation ?? []);

    private static int Total(SchemeVersion[] schemes, ActivityStatement statement, AwardContext? context = null, DateTimeOffset? at = null)
    {
        var when = at ?? Wednesday;
        var applicable = RewardEngine.Applicable(schemes, (context ?? Context()).DepartmentId, when);
        return RewardEngine.Evaluate(applicable, context ?? Context(), statement, when, Shanghai).Sum(a => a.Amount);
    }

    [Fact]
    public void a_rule_that_names_no_attestations_scores_witnessed_statements_and_imports_but_not_managers_or_learners_claims()
    {
        var scheme = Scheme("s", [Rule("any")]);
        Assert.Equal(10, Total([scheme], Statement(attestation: Attestation.Server)));
        Assert.Equal(10, Total([scheme], Statement(attestation: Attestation.LaunchSession)));
        Assert.Equal(10, Total([scheme], Statement(attestation: Attestation.Manager) with { Imported = true }));
        Assert.Equal(0, Total([scheme], Statement(attestation: Attestation.Manager)));
        Assert.Equal(0, Total([scheme], Statement(attestation: Attestation.SelfReported)));
    }

    [Fact]
    public void managers_statements_earn_a_learner_at_most_a_hundred_a_day_however_many_rules_name_them()
    {
        var a = Scheme("a", [Rule("seen", points: 80, attestations: [Attestation.Manager], dailyCap: 100)]);
        var b = Scheme("b", [Rule("seen-too", points: 80, attestations: [Attestation.Manager], dailyCap: 100)]);
        Assert.Equal(100, Total([a, b], Statement(attestation: Attestation.Manager)));
        Assert.Equal(20, Total([a, b], Statement(attestation: Attestation.Manager), Context(byRule: new() { ["a/seen"] = 80 }, byAttestation: new() { [Attestation.Manager] = 80 })));
    }

    [Fact]
    public void what_managers_statements_earned_today_counts_whichever_rule_earned_it()
    {
        // Earned under a rule no scheme in force has any more (renamed, or its scheme archived): the cap still holds.
        var renamed = Scheme("a", [Rule("seen-renamed", points: 80, attestations: [Attestation.Manager], dailyCap: 100)]);
        Assert.Equal(20, Total([renamed], Statement(attestation: Attestation.Manager), Context(byAttestation: new() { [Attestation.Manager] = 80 })));
    }

    [Fact]
    public void a_self_reported_rule_scores_only_self_reported_statements_and_stops_at_its_own_daily_cap()
    {
        var scheme = Scheme("s", [Rule("claims", points: 4, attestations: [Attestation.SelfReported], dailyCap: 10)]);
        var self = Statement(attestation: Attestation.SelfReported);
        Assert.Equal(0, Total([scheme], Statement(attestation: Attestation.Server)));
        Assert.Equal(4, Total([scheme], self));
        Assert.Equal(2, Total([scheme], self, Context(byRule: new() { ["s/claims"] = 8 })));
        Assert.Equal(0, Total([scheme], self, Context(byRule: new() { ["s/claims"] = 10 })));
    }

    [Fact]
    public void self_reported_awards_stop_at_fifty_a_day_across_every_scheme_and_rule()
    {
        var a = Scheme("a", [Rule("claims", points: 40, attestations: [Attestation.SelfReported], dailyCap: 50)]);
        var b = Scheme("b", [Rule("more-claims", points: 40, attestations: [Attestation.SelfReported], dailyCap: 50)]);
        var self = Statement(attestation: Attestation.SelfReported);
        Assert.Equal(50, Total([a, b], self));
        Assert.Equal(5, Total([a, b], self, Context(byRule: new() { ["a/claims"] = 30, ["b/more-claims"] = 15 },
            byAttestation: new() { [Attestation.SelfReported] = 45 })));
    }

    [Fact]
    public void challenge_points_are_cut_to_what_the_strictest_daily_cap_leaves()
    {
        var loose = Scheme("a", [Rule("r")], caps: new SchemeCaps(500, null, null, null));
        var strict = Scheme("b", [Rule("r")], caps: new SchemeCaps(100, null, null, null));
        Assert.Equal(30, RewardEngine.WithinDailyCap([loose, strict], 70, 1000));
        Assert.Equal(0, RewardEngine.WithinDailyCap([loose, strict], 150, 1000));
        Assert.Equal(1000, RewardEngine.WithinDailyCap([Scheme("c", [Rule("r")])], 5000, 1000));
    }

    [Fact]
    public void a_rule_matches_by_verb_and_object_kind()
    {
        var scheme = Scheme("s", [Rule("lessons", kind: "lesson")]);
        Assert.Equal(10, Total([scheme], Statement()));
        Assert.Equal(0, Total([scheme], Statement(kind: "quiz")));
        Assert.Equal(0, Total([scheme], Statement(verb: "passed")));
    }

    [Fact]
    public void conditions_on_score_success_duration_first_attempt_and_day_of_week_must_all_hold()
    {
        Assert.Equal(10, Total([Scheme("s", [Rule("r", minScore: 80)])], Statement(score: 85)));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", minScore: 80)])], Statement(score: 79.9)));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", success: true)])], Statement(success: false)));
        Assert.Equal(10, Total([Scheme("s", [Rule("r", minDuration: 300)])], Statement(duration: 300)));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", minDuration: 300)])], Statement(duration: 299)));
        Assert.Equal(10, Total([Scheme("s", [Rule("r", firstAttempt: true)])], Statement(), Context(first: true)));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", firstAttempt: true)])], Statement(), Context(first: false)));
        Assert.Equal(10, Total([Scheme("s", [Rule("r", days: [3])])], Statement()));          // Wednesday
        Assert.Equal(0, Total([Scheme("s", [Rule("r", days: [6, 7])])], Statement()));       // weekends only
        // 23:30 UTC on Wednesday is already Thursday (4) in Shanghai.
        Assert.Equal(10, Total([Scheme("s", [Rule("r", days: [4])])], Statement(), at: Wednesday.Date.AddHours(23.5)));
    }

    [Fact]
    public void rules_can_match_a_package_or_a_tag_of_it()
    {
        Assert.Equal(10, Total([Scheme("s", [Rule("r", package: "gov.x")])], Statement(package: "gov.x")));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", package: "gov.x")])], Statement(package: "gov.y")));
        Assert.Equal(10, Total([Scheme("s", [Rule("r", tag: "ai")])], Statement(package: "gov.x"), Context(tags: ["ai"])));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", tag: "ai")])], Statement(package: "gov.x"), Context(tags: ["data"])));
    }

    [Fact]
    public void a_multiplier_multiplies_the_schemes_other_points_and_gain_earns_pro_rata()
    {
        var scheme = Scheme("s", [Rule("base", 10), Rule("double", 0, multiplier: 2, days: [3])]);
        Assert.Equal(20, Total([scheme], Statement()));
        var gain = Scheme("s", [Rule("gain", 0, verb: "passed", perGain: 50)]);
        Assert.Equal(30, Total([gain], Statement(verb: "passed", gain: 0.6)));
        Assert.Equal(0, Total([gain], Statement(verb: "passed", gain: -0.2)));
        Assert.Equal(0, Total([gain], Statement(verb: "passed")));
    }

    [Fact]
    public void a_campaign_multiplies_inside_its_window_and_departments_only()
    {
        var campaign = new Campaign("week", new LocalizedText("学习周", "Study week"), Wednesday.AddDays(-1), Wednesday.AddDays(1), ["d1"], 1.5);
        var scheme = Scheme("s", [Rule("r", 10)], campaigns: [campaign]);
        Assert.Equal(15, Total([scheme], Statement()));
        Assert.Equal(10, Total([scheme], Statement(), at: Wednesday.AddDays(2)));
        Assert.Equal(10, Total([scheme], Statement(), Context(department: "d2")));
    }

    [Fact]
    public void caps_limit_xp_per_day_per_rule_per_minute_and_short_lessons()
    {
        Assert.Equal(5, Total([Scheme("s", [Rule("r", 10)], caps: new SchemeCaps(100, null, null, null))], Statement(), Context(xpToday: 95)));
        Assert.Equal(3, Total([Scheme("s", [Rule("r", 10)], caps: new SchemeCaps(null, 50, null, null))], Statement(),
            Context(byRule: new() { ["s/r"] = 47 })));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", 10)], caps: new SchemeCaps(null, null, null, 5))], Statement(), Context(lastMinute: 5)));
        Assert.Equal(10, Total([Scheme("s", [Rule("r", 10)], caps: new SchemeCaps(null, null, null, 5))], Statement(), Context(lastMinute: 4)));
        Assert.Equal(0, Total([Scheme("s", [Rule("r", 10)], caps: new SchemeCaps(null, null, 120, null))], Statement(duration: 60)));
        Assert.Equal(10, Total([Scheme("s", [Rule("r", 10)], caps: new SchemeCaps(null, null, 120, null))], Statement(kind: "quiz", duration: 60)));
    }

    [Fact]
    public void an_organisation_scheme_and_a_department_scheme_both_award_and_the_strictest_cap_applies_to_the_sum()
    {
        var organisation = Scheme("org", [Rule("r", 30)], caps: new SchemeCaps(100, null, null, null));
        var department = Scheme("dept", [Rule("r", 40)], departments: ["d1"], caps: new SchemeCaps(50, null, null, null));

        Assert.Equal(50, Total([organisation, department], Statement()));                              // 70 capped at 50
        Assert.Equal(30, Total([organisation, department], Statement(), Context(department: "d2")));   // not in d1's scheme
        var awards = RewardEngine.Evaluate(RewardEngine.Applicable([organisation, department], "d1", Wednesday), Context(), Statement(), Wednesday, Shanghai);
        Assert.Equal(["dept", "org"], awards.Select(a => a.SchemeId));
        Assert.Equal([40, 10], awards.Select(a => a.Amount));
    }

    [Fact]
    public void a_scheme_applies_from_its_effective_time_and_only_its_latest_version_counts()
    {
        var later = Scheme("s", [Rule("r", 10)], from: Wednesday.AddHours(1));
        Assert.Equal(0, Total([later], Statement()));
        Assert.Equal(10, Total([later], Statement(), at: Wednesday.AddHours(1)));

        var v1 = Scheme("s", [Rule("r", 10)]);
        var v2 = v1 with { Version = 2, EffectiveFrom = Wednesday.AddDays(-1), Definition = v1.Definition with { Rules = [Rule("r", 25)] } };
        Assert.Equal(25, Total([v1, v2], Statement()));
        Assert.Equal(10, Total([v1, v2], Statement(), at: Wednesday.AddDays(-2)));
        Assert.Equal(0, Total([v2 with { ArchivedAt = Wednesday.AddMinutes(-1) }, v1 with { ArchivedAt = Wednesday.AddMinutes(-1) }], Statement()));

        // v1 was scheduled for tomorrow, then v2 was activated today: v2, the newer version, wins on both days.
        var v1Tomorrow = v1 with { EffectiveFrom = Wednesday.AddDays(1) };
        Assert.Equal(25, Total([v1Tomorrow, v2], Statement()));
        Assert.Equal(25, Total([v1Tomorrow, v2], Statement(), at: Wednesday.AddDays(2)));
    }

    [Fact]
    public void a_departments_levels_win_over_the_organisations()
    {
        var organisation = Scheme("org", [Rule("r")], levels: [new(0, new("一级", "One")), new(100, new("二级", "Two"))]);
        var department = Scheme("dept", [Rule("r")], departments: ["d1"], levels: [new(0, new("甲", "A")), new(50, new("乙", "B"))]);
        Assert.Equal("乙", RewardEngine.Levels([organisation, department]).For(60).Name.ZhCn);
        Assert.Equal("一级", RewardEngine.Levels([organisation]).For(60).Name.ZhCn);
    }
}
