using GraphQL.Types;

namespace Gamified.Api.FairPlay;

public sealed class SuspicionMeasureType : EnumerationGraphType<SuspicionMeasure>
{
    public SuspicionMeasureType()
    {
        Name = "SuspicionMeasure";
        Description = "What a learner is compared with their department's peers on; each is flagged when far above them.";
    }
}

public sealed class SuspiciousLearnerType : ObjectGraphType<SuspiciousLearner>
{
    public SuspiciousLearnerType()
    {
        Name = "SuspiciousLearner";
        Description = "A learner far above their peers on one measure: a reason to read their ledger, not a verdict.";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>)).Description("Pass as learner(id:) to read their ledger.");
        Field(x => x.DisplayName);
        Field(x => x.Measure, type: typeof(NonNullGraphType<SuspicionMeasureType>));
        Field(x => x.Value).Description("The learner's value of the measure over the window.");
        Field(x => x.PeerMedian).Description("The median of the peer group, the learner included.");
        Field(x => x.Score).Description("The modified z-score; flagged above 3.5.");
        Field(x => x.Peers).Description("Learners in the peer group (those with a value of the measure).");
        Field(x => x.LedgerPath).Description("The web page of the learner's ledger.");
    }
}

public sealed class SuspiciousActivityReportType : ObjectGraphType<SuspiciousActivityReport>
{
    public SuspiciousActivityReportType()
    {
        Name = "SuspiciousActivityReport";
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.From);
        Field(x => x.To);
        Field(x => x.ActiveLearners).Description("Learners of the department with a statement or an XP award in the window.");
        Field(x => x.MinGroupSize).Description("Peer groups smaller than this flag nobody.");
        Field(x => x.Flagged, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<SuspiciousLearnerType>>>))
            .Description("One row per learner and measure, highest score first.");
    }
}
