using Gamified.Api.Xapi;
using Gamified.Cmi5;
using Gamified.Common;

namespace Gamified.Api.Cmi5;

/// <summary>
/// The LMS's abandoned statement (cmi5 9.3.6), for the session grains: about the AU, in the session's context, under the
/// session's one abandoned-statement id. A conflict on that id means a first attempt stored it already (with another
/// timestamp) before a crash kept the grain from marking the session: it is there once, which is what counts.
/// </summary>
public sealed class Cmi5Abandonment(Cmi5Rules rules, XapiStatements statements) : ICmi5AbandonedStatements
{
    public async Task State(Cmi5Session session, CancellationToken cancellationToken = default)
    {
        var statement = rules.Statement(session, session.AuId, Cmi5Verbs.Abandoned, "abandoned");
        statement["id"] = ICmi5AbandonedStatements.AbandonedStatementId(session.SessionId).ToString("D");
        try
        {
            await statements.StoreByServer(statement, cancellationToken);
        }
        catch (DomainException stored) when (stored.Code == ErrorCodes.Conflict)
        {
        }
    }
}
