using System.Globalization;
using Gamified.Api.Analytics;
using Gamified.Api.Security;
using Gamified.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Exports;

/// <summary>
/// <c>GET /reports/{report}.csv</c>: every analytics report as a CSV download, with the same bearer token, the same
/// roles and the same who-may-see-what as its GraphQL field. Query parameters mirror the field's arguments. A service
/// account needs the <c>reports:read</c> scope (and sees its departments, as a manager does).
/// </summary>
public static class ReportEndpoints
{
    private static readonly string[] AuthorsManagersAdmins = [Roles.Author, Roles.Manager, Roles.Admin];
    private static readonly string[] ManagersAdmins = [Roles.Manager, Roles.Admin];

    private sealed record Report(string[] Roles, Func<HttpContext, Caller, AnalyticsService, Task<(string[] Header, IEnumerable<IReadOnlyList<object?>> Rows)>> Build);

    private static readonly Dictionary<string, Report> Reports = new(StringComparer.Ordinal)
    {
        ["package-analytics"] = new(AuthorsManagersAdmins, async (http, caller, service) =>
        {
            var rows = await service.PackageReport(caller, Required(http, "packageId"), Optional(http, "version"), http.RequestAborted);
            return (["package_id", "version", "starts", "completions", "completion_rate", "median_minutes", "average_pre_score",
                    "average_post_score", "average_gain", "average_rating", "ratings", "comments", "withheld", "most_missed"],
                rows.Select(r => (IReadOnlyList<object?>)[r.PackageId, r.Version, r.Starts, r.Completions, r.CompletionRate, r.MedianMinutes,
                    r.AveragePreScore, r.AveragePostScore, r.AverageGain, r.AverageRating, r.Ratings, r.Comments, r.Withheld,
                    string.Join(" ", r.MostMissed.Select(m => $"{m.Test}:{m.QuestionId}({m.Missed}/{m.Answers})"))]));
        }),
        ["department-analytics"] = new(ManagersAdmins, async (http, caller, service) =>
        {
            var rows = await Departments(http, caller, service);
            return (["department_id", "grouped", "members", "active_learners", "participation_rate", "started", "completed_on_time",
                    "on_time_completion_rate", "average_gain", "xp", "xp_per_active_learner", "withheld"],
                rows.Select(r => (IReadOnlyList<object?>)[r.DepartmentId ?? "其他部门（合并）", r.Grouped, r.Members, r.ActiveLearners,
                    r.ParticipationRate, r.Started, r.CompletedOnTime, r.OnTimeCompletionRate, r.AverageGain, r.Xp, r.XpPerActiveLearner, r.Withheld]));
        }),
        ["department-weeks"] = new(ManagersAdmins, async (http, caller, service) =>
        {
            var rows = await Departments(http, caller, service);
            return (["department_id", "grouped", "week", "week_start", "active_learners", "xp", "learner_hours", "completions", "average_gain"],
                rows.SelectMany(r => r.Weeks.Select(w => (IReadOnlyList<object?>)[r.DepartmentId ?? "其他部门（合并）", r.Grouped, w.Week, w.WeekStart,
                    w.ActiveLearners, w.Xp, w.LearnerHours, w.Completions, w.AverageGain])));
        }),
        ["package-ranking"] = new(AuthorsManagersAdmins, async (http, caller, service) =>
        {
            var rows = await service.Ranking(caller, Optional(http, "departmentId"), http.RequestAborted);
            return (["rank", "package_id", "version", "learners", "learner_hours", "average_gain", "gain_per_hour"],
                rows.Select(r => (IReadOnlyList<object?>)[r.Rank, r.PackageId, r.Version, r.Learners, r.LearnerHours, r.AverageGain, r.GainPerHour]));
        }),
        ["stale-packages"] = new(AuthorsManagersAdmins, (http, caller, service) =>
        {
            var rows = service.Stale(caller);
            return Task.FromResult<(string[], IEnumerable<IReadOnlyList<object?>>)>((["package_id", "version", "owner", "title_zh_cn", "title_en",
                    "review_by", "days_overdue"],
                rows.Select(r => (IReadOnlyList<object?>)[r.PackageId, r.Version, r.Owner, r.TitleZhCN, r.TitleEn, r.ReviewBy, r.DaysOverdue])));
        }),
    };

    public static IReadOnlyCollection<string> Names => Reports.Keys;

    public static IEndpointConventionBuilder MapGamifiedReports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/reports/{name}.csv", async (string name, HttpContext http) =>
        {
            if (!Reports.TryGetValue(name, out var report)) return Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"There is no report '{name}'.");
            var caller = new Caller(http.User);
            if (!caller.IsAuthenticated) return Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Send a bearer token.");
            if (caller.IsService ? !caller.HasScope(ServiceScopes.ReportsRead) : !report.Roles.Any(caller.IsIn))
                return Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, $"This report needs one of the roles {string.Join(", ", report.Roles)}.");
            try
            {
                var (header, rows) = await report.Build(http, caller, http.RequestServices.GetRequiredService<AnalyticsService>());
                http.Response.Headers.CacheControl = "no-store";
                var file = $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.csv";
                return Results.File(Csv.Write(header, rows), "text/csv; charset=utf-8", file);
            }
            catch (DomainException refused)
            {
                return Refused(refused);
            }
        });

    /// <summary>A download's refusal, with the status its code stands for.</summary>
    internal static IResult Refused(DomainException refused)
    {
        var status = refused.Code switch
        {
            ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
            ErrorCodes.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return Problem(status, refused.Code, refused.Message);
    }

    private static Task<IReadOnlyList<DepartmentReport>> Departments(HttpContext http, Caller caller, AnalyticsService service)
    {
        var ids = http.Request.Query["departmentId"].OfType<string>().ToList();
        // rollUp=true: one row per bureau, as departmentAnalytics(rollUp: true) answers.
        var rollUp = Optional(http, "rollUp") switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw DomainException.BadInput("rollUp", "rollUp is true or false."),
        };
        return service.DepartmentReport(caller, ids.Count == 0 ? null : ids, Time(http, "from"), Time(http, "to"), Time(http, "deadline"), http.RequestAborted,
            rollUp);
    }

    private static string Required(HttpContext http, string name) =>
        Optional(http, name) ?? throw DomainException.BadInput(name, $"The query parameter '{name}' is required.");

    private static string? Optional(HttpContext http, string name) =>
        http.Request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    private static DateTimeOffset? Time(HttpContext http, string name) =>
        Optional(http, name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw DomainException.BadInput(name, $"'{name}' is a date or date-time, e.g. 2026-11-02 or 2026-11-02T08:00:00+08:00.");

    internal static IResult Problem(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { message, extensions = new { code } } } }, statusCode: status);
}
