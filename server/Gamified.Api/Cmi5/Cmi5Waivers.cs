using System.Text.Json.Nodes;
using Gamified.Api.Content;
using Gamified.Api.Security;
using Gamified.Api.Xapi;
using Gamified.Cmi5;
using Gamified.Common;
using Gamified.Plugins.Packages;
using GraphQL;
using GraphQL.Types;
using Gamified.Api.Audit;
using Gamified.Api.Common;

namespace Gamified.Api.Cmi5;

public sealed record AssignableUnitWaiver(string LearnerId, string PackageId, string AuId, Guid Registration, bool CourseSatisfied);

/// <summary>
/// A manager waives an AU for a learner of their department (cmi5 9.3.7: the LMS states waived, with the reason, and the AU
/// is satisfied): someone who already holds the certificate the AU teaches, say. Audited like every manager's write; it
/// completes the course when it was the last AU, so it scores as a satisfied course does, once.
/// </summary>
public sealed class Cmi5Waivers(IGrainFactory grains, PackageService packages, Cmi5Rules rules, XapiStatements statements, TimeProvider clock)
{
    public const string ReasonExtension = "https://w3id.org/xapi/cmi5/result/extensions/reason";

    public async Task<AssignableUnitWaiver> Waive(Caller caller, string learnerId, string packageId, string auId, string reason, CancellationToken cancellationToken)
    {
        var learner = await grains.Learner(Validate.Id(learnerId, "learnerId")).Get() ?? throw DomainException.NotFound("Learner", learnerId);
        caller.RequireManages(learner.Profile.DepartmentId);
        reason = Validate.Name(reason, "reason", 500);
        var progress = await packages.Progress(learnerId, packageId).Progress()
                       ?? throw new DomainException(ErrorCodes.PackageNotStarted, "The learner has not started this course: nothing to waive yet.");
        var entry = packages.Find(packageId, progress.Version) ?? throw new DomainException(ErrorCodes.Unavailable, $"{packageId} {progress.Version} is not loaded here yet.");
        if (entry.Package.Kind != PackageKind.Cmi5) throw new DomainException(ErrorCodes.WrongPackageKind, $"'{packageId}' is not a cmi5 course.");
        var unit = entry.Package.Course!.Unit(auId) ?? throw DomainException.NotFound("Assignable unit", auId);

        var registration = await grains.GetGrain<ICmi5RegistrationGrain>(ICmi5RegistrationGrain.Key(learnerId, packageId)).Registration();
        var session = new Cmi5Session(Guid.NewGuid(), learnerId, packageId, progress.Version, unit.Id, registration, clock.GetUtcNow(), unit.MoveOn, unit.MasteryScore);
        var satisfied = await rules.SatisfyUnit(session, byWaiver: true);
        if (satisfied.Count == 0) throw DomainException.Conflict("The AU is satisfied already in this learner's registration.");

        var waived = rules.Statement(session, unit.Id, Cmi5Verbs.Waived, "waived");
        waived["result"] = new JsonObject { ["success"] = true, ["completion"] = true, ["extensions"] = new JsonObject { [ReasonExtension] = reason } };
        await statements.StoreByServer(waived, cancellationToken);
        foreach (var statement in satisfied) await statements.StoreByServer(statement, cancellationToken);
        return new AssignableUnitWaiver(learnerId, packageId, unit.Id, registration, satisfied.Count > 1);
    }
}

public sealed class AssignableUnitWaiverType : ObjectGraphType<AssignableUnitWaiver>
{
    public AssignableUnitWaiverType()
    {
        Name = "AssignableUnitWaiver";
        Field<NonNullGraphType<IdGraphType>>("learnerId").Resolve(c => c.Source.LearnerId);
        Field<NonNullGraphType<IdGraphType>>("packageId").Resolve(c => c.Source.PackageId);
        Field<NonNullGraphType<IdGraphType>>("auId").Resolve(c => c.Source.AuId);
        Field<NonNullGraphType<IdGraphType>>("registration").Resolve(c => c.Source.Registration.ToString("D"));
        Field(x => x.CourseSatisfied).Description("The waiver satisfied the last AU: the course is complete for the learner.");
    }
}

public static class Cmi5WaiverFields
{
    public static void AddCmi5Waiver(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<AssignableUnitWaiverType>>("waiveAssignableUnit")
            .Description("Waives an AU of a cmi5 course for a learner of your department (managers, admins): the LMS states waived with the reason, and the AU is satisfied.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .Argument<NonNullGraphType<IdGraphType>>("auId")
            .Argument<NonNullGraphType<StringGraphType>>("reason", "Why, for the record (at most 500 characters).")
            .ResolveAsync(async c => await c.Service<Cmi5Waivers>().Waive(c.Caller(), c.GetArgument<string>("learnerId"), c.GetArgument<string>("packageId"),
                c.GetArgument<string>("auId"), c.GetArgument<string>("reason"), c.CancellationToken));
}
