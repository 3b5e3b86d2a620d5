using System.Text.Json.Nodes;
using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Api.Xapi;
using Gamified.Cmi5;
using Gamified.Content;

namespace Gamified.Api.Cmi5;

/// <summary>
/// cmi5's rules on what a launched AU states (section 9), kept by the session grain, and what the LMS states in turn: an AU's
/// <c>satisfied</c> when its moveOn is met, the course's when every AU that counts is, and then the course's completion in
/// the learner's activity flow (a SERVER statement, once), which reward rules score like our own packages. Statements
/// without a launch token are not held to the order: they are the learner's own claims and score nothing anyway.
/// </summary>
public sealed class Cmi5Rules(IGrainFactory grains, PackageCatalog catalog, ExportOptions exports, TimeProvider clock) : IStatementGate
{
    public const string RefusedCode = "CMI5_STATEMENT_REFUSED";

    public async Task Admit(Caller caller, IReadOnlyList<CheckedStatement> statements, CancellationToken cancellationToken)
    {
        if (Session(caller) is not { } session) return;
        foreach (var statement in statements)
        {
            // cmi5 9.1: the AU gives every statement its id, so a retry is recognised as one.
            if (statement.Id is not { } id) throw new XapiRefusal(400, "XAPI_INVALID_STATEMENT", "A launched AU gives each statement an id.");
            var result = statement.Json["result"];
            var success = result?["success"]?.GetValue<bool>();
            var scaled = result?["score"]?["scaled"]?.GetValue<decimal>();
            var verdict = await session.Accept(id, statement.VerbId, statement.ActivityId, success, scaled);
            if (verdict.Refusal is { } refusal) throw new XapiRefusal(403, RefusedCode, refusal);
        }
    }

    public async Task<IReadOnlyList<JsonObject>> Stored(Caller caller, IReadOnlyList<CheckedStatement> statements, CancellationToken cancellationToken)
    {
        if (Session(caller) is not { } grain || await grain.TakeSatisfied() is not { } session) return [];
        return await SatisfyUnit(session);
    }

    /// <summary>
    /// Marks the session's AU satisfied in its registration and, when that completes the set, the course: the satisfied
    /// statements to store (none when the AU was satisfied before: once a registration, so the course counts once).
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> SatisfyUnit(Cmi5Session session, bool byWaiver = false)
    {
        var satisfied = await grains.GetGrain<ICmi5RegistrationGrain>(ICmi5RegistrationGrain.Key(session.LearnerId, session.PackageId)).Satisfy(session.AuId);
        if (satisfied is null) return [];
        var made = new List<JsonObject> { Statement(session, session.AuId, Cmi5Verbs.Satisfied, "satisfied") };
        var course = catalog.Get(session.PackageId, session.Version)?.Package.Course;
        if (course is not null && course.Units.Where(u => u.MoveOn != Plugins.Cmi5.Cmi5MoveOn.NotApplicable).All(u => satisfied.Contains(u.Id)))
        {
            made.Add(Statement(session, course.Id, Cmi5Verbs.Satisfied, "satisfied"));
            // Fair play: the course scores (through the package's SERVER completion) only when the learner's own launched
            // session satisfied its last unit. A waiver is a manager's word: it satisfies the course in the LRS, and a
            // manager waiving every unit must not be a way to hand out the course's points past the scheme's limits.
            if (!byWaiver)
                await grains.GetGrain<ILearnerPackageGrain>(ILearnerPackageGrain.Key(session.LearnerId, session.PackageId)).CompleteCourse();
        }
        return made;
    }

    private ICmi5SessionGrain? Session(Caller caller) =>
        Guid.TryParse(caller.LaunchSession, out var id) ? grains.GetGrain<ICmi5SessionGrain>(id) : null;

    /// <summary>A statement of the LMS (satisfied, cmi5 9.3.9; waived, 9.3.7) about an AU or the course, in the session's context.</summary>
    public JsonObject Statement(Cmi5Session session, string activityId, string verbId, string verbName)
    {
        var context = Cmi5Launcher.ContextTemplate(session.AuId, session.SessionId);
        context["registration"] = session.Registration.ToString("D");
        context["contextActivities"]!["category"] = new JsonArray(new JsonObject { ["id"] = Cmi5Launcher.Cmi5Category });
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["actor"] = Cmi5Launcher.Agent(exports, session.LearnerId),
            ["verb"] = new JsonObject { ["id"] = verbId, ["display"] = new JsonObject { ["en-US"] = verbName } },
            ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = activityId },
            ["context"] = context,
            ["timestamp"] = clock.GetUtcNow().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
