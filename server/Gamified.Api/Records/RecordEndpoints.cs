using System.Globalization;
using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Records;
using Gamified.Rewards;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Records;

/// <summary>
/// <c>GET /certificates/{code}</c>: the printable certificate, and the public check of a code (no sign-in; rate-limited per
/// address like the other anonymous endpoints). <c>GET /reports/training-records.csv?departmentId=…&amp;year=…</c>: a
/// department's training year as CSV, for its managers and admins (the same rule as <c>trainingShortfall</c>).
/// </summary>
public static class RecordEndpoints
{
    private static readonly TrainingCategory[] Categories = Enum.GetValues<TrainingCategory>();

    public static void MapTrainingRecords(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/certificates/{code}", async (string code, HttpContext http) =>
        {
            var service = http.RequestServices.GetRequiredService<TrainingRecordService>();
            var certificate = await service.Verify(code);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            http.Response.Headers["X-Robots-Tag"] = "noindex";
            if (certificate is null)
                return Results.Content(CertificatePage.Unknown(), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            var url = $"{http.Request.Scheme}://{http.Request.Host}{CertificatePage.Path(certificate.Code)}";
            return Results.Content(CertificatePage.Render(certificate, url, http.RequestServices.GetRequiredService<RewardSettings>().Zone),
                "text/html; charset=utf-8");
        });

        endpoints.MapGet("/reports/training-records.csv", async (HttpContext http) =>
        {
            var caller = new Caller(http.User);
            if (!caller.IsAuthenticated) return ExportProblems.Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Send a bearer token.");
            if (!caller.IsIn(Roles.Manager) && !caller.IsAdmin)
                return ExportProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This report needs one of the roles manager, admin.");
            try
            {
                var departmentId = http.Request.Query["departmentId"].FirstOrDefault()
                    ?? throw DomainException.BadInput("departmentId", "The query parameter 'departmentId' is required.");
                var year = int.TryParse(http.Request.Query["year"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y
                    : throw DomainException.BadInput("year", "The query parameter 'year' is a calendar year, e.g. 2026.");
                var years = await http.RequestServices.GetRequiredService<TrainingRecordService>().Department(caller, departmentId, year, onlyShort: false);
                string[] header = ["learner_id", "display_name", "department_id", "year",
                    .. Categories.SelectMany(c => new[] { Column(c) + "_hours", Column(c) + "_required" }),
                    "total_hours", "total_required", "meets_requirement", "packages_completed", "sessions_attended", "brainstorms", "claims_not_counted"];
                var rows = years.Select(y => (IReadOnlyList<object?>)[
                    y.Learner.LearnerId, y.Learner.DisplayName, y.Record.DepartmentId, y.Record.Year,
                    .. y.Record.Hours.SelectMany(h => new object?[] { h.Hours, h.Required }),
                    y.Record.TotalHours, y.Record.TotalRequired, y.Record.MeetsRequirement, y.Record.Packages.Count, y.Record.Sessions.Count,
                    y.Record.Brainstorms.Count, y.Record.Unwitnessed.Count]);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(Csv.Write(header, rows), "text/csv; charset=utf-8", $"training-records-{departmentId}-{year}.csv");
            }
            catch (DomainException refused)
            {
                return ExportProblems.Refused(refused);
            }
        });
    }

    private static string Column(TrainingCategory category) => category == TrainingCategory.ExpertLecture ? "expert_lecture" : category.ToString().ToLowerInvariant();
}
