using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Cmi5;

public sealed class AssignableUnitLaunchType : ObjectGraphType<AssignableUnitLaunch>
{
    public AssignableUnitLaunchType()
    {
        Name = "AssignableUnitLaunch";
        Description = "An AU, launched: open url (in a sandboxed frame when sandboxed, else in a window of its own for OwnWindow AUs).";
        Field(x => x.Url).Description("The AU's address with the cmi5 launch parameters: endpoint, fetch (one-time), actor, registration, activityId.");
        Field<NonNullGraphType<IdGraphType>>("registration").Description("The learner's registration in the course, the same on every launch.")
            .Resolve(c => c.Source.Registration.ToString("D"));
        Field<NonNullGraphType<IdGraphType>>("sessionId").Resolve(c => c.Source.SessionId.ToString("D"));
        Field(x => x.LaunchMethod).Description("AnyWindow or OwnWindow, as cmi5.xml says.");
        Field(x => x.Sandboxed).Description("True when the AU is served by this server (no Cmi5:ContentOrigin): show it only in <iframe sandbox=\"allow-scripts allow-forms allow-popups\">.");
    }
}

public static class Cmi5Fields
{
    public static void AddCmi5Queries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssignableUnitStateType>>>>("assignableUnitStates")
            .Description("The caller's state in each AU of a cmi5 course, in course order (all NOT_ATTEMPTED before they start it).")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .ResolveAsync(async c => await c.Service<Cmi5UnitStates>().For(
                c.Caller().Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject."),
                Validate.Id(c.GetArgument<string>("packageId"), "packageId"), c.CancellationToken));
    }

    public static void AddCmi5Mutations(this ObjectGraphType mutation)
    {
        mutation.AddCmi5Waiver();
        mutation.Field<NonNullGraphType<AssignableUnitLaunchType>>("launchAssignableUnit")
            .Description("Launches an AU of a cmi5 course for the caller: the registration (reused), a session, LMS.LaunchData, and the launch URL.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .Argument<NonNullGraphType<IdGraphType>>("auId", "The AU's id (an IRI) from Package.assignableUnits.")
            .ResolveAsync(async c => await c.Service<Cmi5Launcher>().Launch(
                c.Caller().Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject."),
                c.GetArgument<string>("packageId"), c.GetArgument<string>("auId"), c.CancellationToken));
    }
}
