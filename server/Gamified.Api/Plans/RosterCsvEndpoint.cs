using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Plans;

/// <summary>
/// <c>GET /plans/{planId}/sessions/{sessionId}/roster.csv</c>: a session's roster as CSV, for whoever may read
/// <c>sessionRoster</c> (same bearer token, same rows). Cells go through <see cref="Csv"/>, which neutralises formulas.
/// </summary>
public static class RosterCsvEndpoint
{
    public static readonly string[] Header =
        ["learner_id", "department_id", "status", "registered_at", "waiting_position", "checked_in_at", "method", "checked_in_by", "reason", "cancelled_at"];

    public static IEndpointConventionBuilder MapGamifiedRosters(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/plans/{planId}/sessions/{sessionId}/roster.csv", async (string planId, string sessionId, HttpContext http) =>
        {
            var caller = new Caller(http.User);
            if (!caller.IsAuthenticated || caller.IsService) return ExportProblems.Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Send a bearer token.");
            try
            {
                if (!Validate.IsId(planId) || !Validate.IsId(sessionId)) throw DomainException.NotFound("Session", sessionId);
                var roster = await http.RequestServices.GetRequiredService<PlanService>().Roster(caller, planId, sessionId);
                var rows = roster.Entries.Select(e => (IReadOnlyList<object?>)[e.LearnerId, e.DepartmentId, e.Status.ToString().ToUpperInvariant(),
                    e.RegisteredAt, e.WaitingPosition, e.CheckedInAt, e.Method?.ToString().ToUpperInvariant(), e.CheckedInBy, e.Reason, e.CancelledAt]);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(Csv.Write(Header, rows), "text/csv; charset=utf-8", $"roster-{planId}-{sessionId}.csv");
            }
            catch (DomainException refused)
            {
                return ExportProblems.Refused(refused);
            }
        });
}
