using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Cost;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Ledger.Log;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Ledger;

public sealed class LedgerCheckpointType : ObjectGraphType<LedgerCheckpoint>
{
    public LedgerCheckpointType()
    {
        Name = "LedgerCheckpoint";
        Description = "A signed head of the ledger's log (RFC 9162 Merkle tree of every entry in commit order); docs/LEDGER.md.";
        Field<NonNullGraphType<LongGraphType>>("size").Description("How many entries the tree covers.").Resolve(c => c.Source.Size);
        Field(x => x.Root).Description("The tree's root, SHA-256, hex.");
        Field(x => x.SignedAt);
        Field(x => x.KeyId).Description("The organisation key's id: that of credentialIssuerKey.");
        Field(x => x.Signature).Description("ES256 (r‖s, base64url) over \"gamified-ledger-checkpoint/1\\n<size>\\n<root>\\n<signedAt in Unix ms>\\n\".");
    }
}

public sealed class LogLeafType : ObjectGraphType<LogLeaf>
{
    public LogLeafType()
    {
        Name = "LedgerLogLeaf";
        Description = "A leaf of the log: SHA-256(0x00 || \"gamified-ledger-leaf/1\" US learnerId US seq US entryHash US statementHash), US = U+001F.";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LongGraphType>>("seq").Resolve(c => c.Source.Seq);
        Field(x => x.EntryHash);
        Field(x => x.StatementHash).Description("SHA-256 of the stored statement JSON; empty for an entry without one.");
    }
}

public sealed class LedgerInclusionProofType : ObjectGraphType<LedgerInclusionProof>
{
    public LedgerInclusionProofType()
    {
        Name = "LedgerInclusionProof";
        Description = "An entry's audit path (RFC 9162 2.1.3) to a signed head: with the head, the entry's receipt.";
        Field<NonNullGraphType<LogLeafType>>("leaf").Resolve(c => c.Source.Leaf);
        Field<NonNullGraphType<LongGraphType>>("leafIndex").Resolve(c => c.Source.LeafIndex);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("auditPath").Resolve(c => c.Source.AuditPath);
        Field<NonNullGraphType<LedgerCheckpointType>>("checkpoint").Resolve(c => c.Source.Checkpoint);
    }
}

public sealed class LedgerConsistencyProofType : ObjectGraphType<LedgerConsistencyProof>
{
    public LedgerConsistencyProofType()
    {
        Name = "LedgerConsistencyProof";
        Description = "That the later head's tree extends the earlier's (RFC 9162 2.1.4): nothing before was changed or dropped.";
        Field<NonNullGraphType<LedgerCheckpointType>>("from").Resolve(c => c.Source.From);
        Field<NonNullGraphType<LedgerCheckpointType>>("to").Resolve(c => c.Source.To);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("path").Resolve(c => c.Source.Path);
    }
}

public static class LedgerCheckpointFields
{
    /// <summary>Heads are for everyone signed in to see and note down: they say nothing about anyone.</summary>
    public static void AddLedgerCheckpointQueries(this ObjectGraphType query)
    {
        query.Field<LedgerCheckpointType>("ledgerCheckpoint")
            .Description("The latest signed head of the ledger's log; null before the first is signed. Any signed-in user.")
            .Authorize()
            .ResolveAsync(async c => await c.Service<LedgerCheckpoints>().Latest(c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LedgerCheckpointType>>>>("ledgerCheckpoints")
            .Description("Kept signed heads, largest first, below the size `after` when given. Any signed-in user.")
            .Authorize()
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .Argument<LongGraphType>("after")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument("first", 20);
                if (first is < 1 or > 100) throw DomainException.BadInput("first", "first is between 1 and 100.");
                return await c.Service<LedgerCheckpoints>().List(c.GetArgument<long?>("after"), first, c.CancellationToken);
            });
        query.Field<NonNullGraphType<LedgerInclusionProofType>>("ledgerInclusionProof")
            .Description("An entry's proof of inclusion in a kept signed head (the latest when checkpointSize is not given): " +
                         "the learner, their managers, admins.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .Argument<NonNullGraphType<LongGraphType>>("seq")
            .Argument<LongGraphType>("checkpointSize")
            .Expensive(1_000)   // reads the log's leaf hashes up to the head
            .ResolveAsync(async c =>
            {
                var learnerId = c.GetArgument<string>("learnerId");
                var learner = await c.Service<LearnerService>().Find(learnerId) ?? throw DomainException.NotFound("Learner", learnerId);
                c.Caller().RequireCanSee(learner);
                return await c.Service<LedgerCheckpoints>().InclusionProof(learnerId, c.GetArgument<long>("seq"),
                    c.GetArgument<long?>("checkpointSize"), c.CancellationToken);
            });
        query.Field<NonNullGraphType<LedgerConsistencyProofType>>("ledgerConsistencyProof")
            .Description("That the kept head of toSize (the latest when not given) extends the kept head of fromSize. Any signed-in user.")
            .Authorize()
            .Argument<NonNullGraphType<LongGraphType>>("fromSize")
            .Argument<LongGraphType>("toSize")
            .Expensive(1_000)
            .ResolveAsync(async c => await c.Service<LedgerCheckpoints>().ConsistencyProof(c.GetArgument<long>("fromSize"),
                c.GetArgument<long?>("toSize"), c.CancellationToken));
    }

    public static void AddLedgerCheckpointMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LedgerCheckpointType>>("signLedgerCheckpoint")
            .Description("Signs the log's current head now (besides every Ledger:CheckpointInterval); returns the latest if nothing was appended since. Admins.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .ResolveAsync(async c => await c.Service<LedgerCheckpoints>().SignNow(c.CancellationToken));
}
