using Gamified.Api.Common;
using Gamified.Plugins.Cmi5;
using Gamified.Plugins.Packages;
using GraphQL.Types;

namespace Gamified.Api.Content;

public sealed class PackageKindType : EnumerationGraphType
{
    public PackageKindType()
    {
        Name = "PackageKind";
        Add("LESSONS", PackageKind.Lessons, "Our own package: lessons, a pre-test and a post-test, taken on these pages.");
        Add("CMI5", PackageKind.Cmi5, "A cmi5 course: assignable units launched by launchAssignableUnit, reporting to the LRS at /xapi/.");
    }
}

public sealed class AssignableUnitType : ObjectGraphType<AssignableUnit>
{
    public AssignableUnitType()
    {
        Name = "AssignableUnit";
        Description = "An AU of a cmi5 course, as its cmi5.xml declares it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The AU's IRI; its activity id in statements.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<LocalizedTextType>>("title").Resolve(c => c.Source.Title.ToText());
        Field<NonNullGraphType<LocalizedTextType>>("description").Resolve(c => c.Source.Description.ToText());
        Field(x => x.MoveOn).Description("Passed, Completed, CompletedAndPassed, CompletedOrPassed or NotApplicable: what satisfies the AU.");
        Field<FloatGraphType>("masteryScore").Description("The scaled score (0..1) that passes; null when the AU decides.")
            .Resolve(c => (double?)c.Source.MasteryScore);
        Field(x => x.LaunchMethod).Description("AnyWindow (shown in a frame) or OwnWindow (opened in a window of its own).");
        Field(x => x.ActivityType, nullable: true);
    }
}
