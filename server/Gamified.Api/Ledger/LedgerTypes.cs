using Gamified.Api.Common;
using Gamified.Ledger;
using GraphQL.Types;

namespace Gamified.Api.Ledger;

public sealed class LedgerEntryKindType : EnumerationGraphType<LedgerEntryKind>
{
    public LedgerEntryKindType() => Name = "LedgerEntryKind";
}

public sealed class LedgerEntryType : ObjectGraphType<LedgerEntry>
{
    public LedgerEntryType()
    {
        Name = "LedgerEntry";
        Description = "One append-only line of a learner's award ledger, hash-chained to the line before it.";
        Field<NonNullGraphType<IntGraphType>>("seq").Description("Position in the learner's ledger, from 1.")
            .Resolve(c => (int)c.Source.Seq);
        Field(x => x.Kind, type: typeof(NonNullGraphType<LedgerEntryKindType>));
        Field(x => x.Amount).Description("XP added by this entry (0 for a badge).");
        Field(x => x.BadgeId, nullable: true);
        Field(x => x.Reason).Description("Why it was given; empty once erased with the learner's personal data.");
        Field(x => x.ReasonErased).Description("The reason's text was erased with the learner's personal data; the entry still verifies.");
        Field(x => x.ReasonCommitment, nullable: true)
            .Description("What the hash covers in the reason's place: sha256 of reasonSalt, U+001F and reason. Null on entries from before commitments, whose hash covers the reason itself.");
        Field(x => x.ReasonSalt, nullable: true).Description("The commitment's salt; erased with the reason.");
        Field(x => x.ActivityId, nullable: true).Description("The recorded activity that earned it, if any.");
        Field(x => x.ChallengeId, nullable: true).Description("The challenge whose completion it records, if any.");
        Field(x => x.RuleId, nullable: true).Description("The rule that gave it.");
        Field(x => x.SchemeId, nullable: true).Description("The reward scheme whose rule gave it, when a scheme did.");
        Field(x => x.SchemeVersion, nullable: true);
        Field(x => x.OccurredAt).Description("When the learner did what earned it.");
        Field(x => x.RecordedAt).Description("When the server wrote it.");
        Field(x => x.PreviousHash);
        Field(x => x.Hash);
    }
}

public sealed class LedgerEdgeType : ObjectGraphType<LedgerEdge>
{
    public LedgerEdgeType()
    {
        Name = "LedgerEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<LedgerEntryType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class LedgerConnectionType : ObjectGraphType<LedgerConnection>
{
    public LedgerConnectionType()
    {
        Name = "LedgerConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LedgerEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => (int)c.Source.TotalCount);
    }
}
