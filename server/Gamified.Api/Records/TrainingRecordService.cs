using System.Security.Cryptography;
using System.Text.Json;
using Gamified.Activity;
using Gamified.Api.Content;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Content;
using Gamified.Learners;
using Gamified.Records;
using Gamified.Rewards;

namespace Gamified.Api.Records;

/// <summary>One learner's standing against their requirement, for a department's list.</summary>
public sealed record LearnerYear(DirectoryLearner Learner, TrainingRecord Record);

/// <summary>
/// Training records: read from the learners' statements when asked (nothing of a record is stored), requirements per
/// department and year (a department without its own takes its nearest ancestor's), and certificates, which store a
/// snapshot under an unguessable code.
/// </summary>
public sealed class TrainingRecordService(IGrainFactory grains, ITrainingRecordStore store, PackageCatalog catalog, RewardSettings calendar,
    TrainingRecordOptions options, TimeProvider clock)
{
    public const double MaxHours = 2_000;
    public const int FirstYear = 2000;
    private const int MaxDepth = 32;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The year now in the organisation's calendar.</summary>
    public int CurrentYear => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), calendar.Zone).Year;

    public int CheckYear(int year, string field = "year") =>
        year < FirstYear || year > CurrentYear + 1
            ? throw DomainException.BadInput(field, $"{field} is a calendar year from {FirstYear} to {CurrentYear + 1}.")
            : year;

    public async Task<TrainingRecord> Record(Caller caller, string learnerId, int year)
    {
        var learner = await grains.Learner(Validate.Id(learnerId, "learnerId")).Get() ?? throw DomainException.NotFound("Learner", learnerId);
        caller.RequireCanSee(learner);
        return (await Build([new DirectoryLearner(learner.Profile.Id, learner.Profile.DisplayName, learner.Profile.DepartmentId)],
            learner.Profile.DepartmentId, CheckYear(year))).Single().Record;
    }

    /// <summary>Every active learner of the department with their year, those furthest short first.</summary>
    public async Task<IReadOnlyList<LearnerYear>> Department(Caller caller, string departmentId, int year, bool onlyShort)
    {
        caller.RequireManages(Validate.Id(departmentId, "departmentId"));
        _ = await grains.Department(departmentId).Get() ?? throw DomainException.NotFound("Department", departmentId);
        var years = await Build(await store.LearnersOf(departmentId), departmentId, CheckYear(year));
        return years.Where(y => !onlyShort || !y.Record.MeetsRequirement)
            .OrderByDescending(y => y.Record.Hours.Sum(h => h.Short)).ThenBy(y => y.Learner.DisplayName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The requirement that applies to a department: its own, or its nearest ancestor's.</summary>
    public async Task<TrainingRequirement?> Requirement(Caller caller, string departmentId, int year)
    {
        caller.RequireManages(Validate.Id(departmentId, "departmentId"));
        return await Applying(departmentId, CheckYear(year));
    }

    public async Task<TrainingRequirement?> SetRequirement(Caller caller, string departmentId, int year, IReadOnlyList<(TrainingCategory Category, double Hours)> hours)
    {
        caller.RequireManages(Validate.Id(departmentId, "input.departmentId"));
        _ = await grains.Department(departmentId).Get() ?? throw DomainException.NotFound("Department", departmentId);
        CheckYear(year, "input.year");
        if (hours.Select(h => h.Category).Distinct().Count() != hours.Count)
            throw DomainException.BadInput("input.hours", "input.hours names a category more than once.");
        foreach (var (category, value) in hours)
        {
            if (!Enum.IsDefined(category)) throw DomainException.BadInput("input.hours.category", "Not a known category.");
            if (!double.IsFinite(value) || value < 0 || value > MaxHours)
                throw DomainException.BadInput("input.hours.hours", $"Hours are 0 to {MaxHours}.");
        }
        await store.SetRequirement(new TrainingRequirement(departmentId, year, hours.ToDictionary(h => h.Category, h => Math.Round(h.Hours, 2)),
            caller.Name, clock.GetUtcNow()));
        return await Applying(departmentId, year);
    }

    private async Task<TrainingRequirement?> Applying(string departmentId, int year)
    {
        var chain = await Chain(departmentId);
        return TrainingYear.Applying(chain, await store.Requirements(chain, year));
    }

    /// <summary>
    /// Issues the signed-in learner's certificate of a year. Issuing again while the figures are unchanged returns the
    /// certificate issued before, so repeated downloads do not pile up codes.
    /// </summary>
    public async Task<CertificateSnapshot> Issue(Caller caller, int year)
    {
        var learnerId = caller.Subject is { } subject && !caller.IsService ? subject : throw Caller.Forbidden("Sign in as a learner.");
        var learner = await grains.Learner(learnerId).Get() ?? throw DomainException.NotFound("Learner", learnerId);
        CheckYear(year);
        var record = (await Build([new DirectoryLearner(learnerId, learner.Profile.DisplayName, learner.Profile.DepartmentId)],
            learner.Profile.DepartmentId, year)).Single().Record;
        var department = await grains.Department(learner.Profile.DepartmentId).Get();
        var issuer = new LocalizedText(options.IssuerZhCN, options.IssuerEn);
        if (await store.LatestCertificate(learnerId, year) is { } latestJson && Read(latestJson) is { } latest &&
            latest.Hours.SequenceEqual(record.Hours) && latest.LearnerName == learner.Profile.DisplayName && latest.Issuer == issuer &&
            latest.DepartmentId == learner.Profile.DepartmentId)
            return latest;
        var certificate = new CertificateSnapshot(NewCode(), learnerId, learner.Profile.DisplayName, learner.Profile.DepartmentId,
            department?.Names ?? new LocalizedText(learner.Profile.DepartmentId, learner.Profile.DepartmentId), year, record.Hours,
            record.TotalHours, issuer, clock.GetUtcNow());
        await store.SaveCertificate(certificate, JsonSerializer.Serialize(certificate, Json));
        return certificate;
    }

    /// <summary>The certificate stored under a code; null for anything that is not one (no hint which part was wrong).</summary>
    public async Task<CertificateSnapshot?> Verify(string? code) =>
        IsCode(code) && await store.Certificate(code!) is { } json ? Read(json) : null;

    /// <summary>128 random bits as unpadded base64url: 22 characters.</summary>
    public static string NewCode() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsCode(string? code) =>
        code is { Length: 22 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static CertificateSnapshot? Read(string json) => JsonSerializer.Deserialize<CertificateSnapshot>(json, Json);

    private async Task<IReadOnlyList<LearnerYear>> Build(IReadOnlyList<DirectoryLearner> learners, string departmentId, int year)
    {
        var (from, to) = TrainingYear.Bounds(year, calendar.Zone);
        var statements = (await store.Statements(learners.Select(l => l.LearnerId).ToList(), from, to)).ToLookup(s => s.LearnerId);
        var chains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var department in learners.Select(l => l.DepartmentId).Append(departmentId).Distinct())
            chains[department] = await Chain(department);
        var own = await store.Requirements(chains.Values.SelectMany(c => c).Distinct().ToList(), year);
        var sessions = await Sessions(statements.SelectMany(g => g));
        return learners.Select(l => new LearnerYear(l, TrainingYear.Build(l.LearnerId, l.DepartmentId, year, statements[l.LearnerId], sessions,
            PackageTitles, options.BrainstormHours, TrainingYear.Applying(chains[l.DepartmentId], own)))).ToList();
    }

    private LocalizedText? PackageTitles(string packageId) =>
        Validate.IsId(packageId) && catalog.Latest(packageId) is { } entry ? entry.Package.Manifest.Title.ToText() : null;

    /// <summary>Kind and titles of the sessions attended, from their plans (one read per plan).</summary>
    private async Task<IReadOnlyDictionary<string, SessionFacts>> Sessions(IEnumerable<YearStatement> statements)
    {
        var attended = statements.Where(s => s.StatementJson.Contains("\"attended\"", StringComparison.Ordinal))
            .Select(s => StatementRules.FromJson(s.StatementJson)).Where(s => s.Verb == "attended" && s.Object.Kind == "session")
            .Select(s => s.Object.Id.Split('/')).Where(p => p.Length == 2 && Validate.IsId(p[0])).ToList();
        var facts = new Dictionary<string, SessionFacts>(StringComparer.Ordinal);
        foreach (var plan in attended.GroupBy(p => p[0]))
        {
            if (await grains.TrainingPlan(plan.Key).Get() is not { } info) continue;
            foreach (var session in info.Sessions)
                facts[$"{plan.Key}/{session.Spec.Id}"] = new SessionFacts(
                    session.Spec.Kind == Gamified.Plans.SessionKind.ExpertLecture ? TrainingCategory.ExpertLecture : TrainingCategory.Workshop,
                    info.Titles, session.Spec.Titles);
        }
        return facts;
    }

    /// <summary>A department and its ancestors, nearest first.</summary>
    private async Task<IReadOnlyList<string>> Chain(string departmentId)
    {
        var chain = new List<string>();
        for (string? id = departmentId; id is not null && chain.Count < MaxDepth && !chain.Contains(id); id = (await grains.Department(id).Get())?.ParentId)
            chain.Add(id);
        return chain;
    }
}
