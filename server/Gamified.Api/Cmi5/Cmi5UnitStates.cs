using Gamified.Api.Content;
using Gamified.Api.Xapi;
using Gamified.Cmi5;
using Gamified.Common;
using Gamified.Plugins.Packages;
using Gamified.Xapi;
using GraphQL.Types;

namespace Gamified.Api.Cmi5;

/// <summary>Where a learner stands in an AU, as its learner page shows it.</summary>
public enum AssignableUnitStatus { NotAttempted, InProgress, Failed, Completed, Passed, Satisfied, Waived }

public sealed record AssignableUnitState(string AuId, AssignableUnitStatus Status);

/// <summary>
/// A learner's AU states in their registration, read from what the LRS holds about it: the statements are the record
/// (the session grains keep only their own session), so a state seen here is one a report or export would also show.
/// The strongest verb of the registration wins: waived, satisfied, passed, completed, failed, then launched.
/// </summary>
public sealed class Cmi5UnitStates(IGrainFactory grains, PackageService packages, IXapiStatementStore store, XapiStatements statements)
{
    // Verbs by the status they give, the strongest first.
    private static readonly (string Verb, AssignableUnitStatus Status)[] Ladder =
    [
        (Cmi5Verbs.Waived, AssignableUnitStatus.Waived),
        (Cmi5Verbs.Satisfied, AssignableUnitStatus.Satisfied),
        (Cmi5Verbs.Adl + "passed", AssignableUnitStatus.Passed),
        (Cmi5Verbs.Adl + "completed", AssignableUnitStatus.Completed),
        (Cmi5Verbs.Adl + "failed", AssignableUnitStatus.Failed),
        (Cmi5Verbs.Adl + "launched", AssignableUnitStatus.InProgress),
    ];

    // A registration's statements of one verb about its AUs: a few a launch, far below this for any real course.
    private const int PerVerb = 500;

    public async Task<IReadOnlyList<AssignableUnitState>> For(string learnerId, string packageId, CancellationToken cancellationToken)
    {
        var progress = await packages.Progress(learnerId, packageId).Progress();
        var entry = packages.Find(packageId, progress?.Version) ?? throw DomainException.NotFound("Package", packageId);
        var course = entry.Package.Course
                     ?? throw new DomainException(ErrorCodes.WrongPackageKind, $"'{packageId}' is not a cmi5 course.");
        var states = course.Units.ToDictionary(u => u.Id, _ => AssignableUnitStatus.NotAttempted, StringComparer.Ordinal);
        if (progress is null) return Ordered(course.Units, states);

        var registration = await grains.GetGrain<ICmi5RegistrationGrain>(ICmi5RegistrationGrain.Key(learnerId, packageId)).Registration();
        var actor = statements.PersonKey(learnerId);
        foreach (var (verb, status) in Ladder.Reverse())
        {
            // The learner's own statements (their token, not a launch's) are claims: a POSTed "passed" shows nothing here, as it
            // scores nothing. Only statements whose actor is the learner count, not a group the learner is in.
            var rows = await store.Query(new XapiStatementQuery(actor, verb, null, registration, null, null, false, null, PerVerb, null,
                OnlyActorKey: actor), cancellationToken);
            foreach (var row in rows)
                if (row.Statement.Attestation != Xapi.XapiStatements.SelfReported && row.Statement.ActivityId is { } au && states.ContainsKey(au))
                    states[au] = status;
        }
        return Ordered(course.Units, states);
    }

    private static List<AssignableUnitState> Ordered(IEnumerable<Plugins.Cmi5.AssignableUnit> units, Dictionary<string, AssignableUnitStatus> states) =>
        units.Select(u => new AssignableUnitState(u.Id, states[u.Id])).ToList();
}

public sealed class AssignableUnitStatusType : EnumerationGraphType<AssignableUnitStatus>
{
    public AssignableUnitStatusType() => Name = "AssignableUnitStatus";
}

public sealed class AssignableUnitStateType : ObjectGraphType<AssignableUnitState>
{
    public AssignableUnitStateType()
    {
        Name = "AssignableUnitState";
        Description = "Where the caller stands in one AU of a cmi5 course, from the statements of their registration.";
        Field(x => x.AuId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<AssignableUnitStatusType>))
            .Description("The strongest of: WAIVED, SATISFIED, PASSED, COMPLETED, FAILED, IN_PROGRESS (launched), NOT_ATTEMPTED.");
    }
}
