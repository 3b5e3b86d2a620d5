using System.Text.Json.Nodes;
using Gamified.Api.Security;

namespace Gamified.Api.Xapi;

/// <summary>
/// A profile's rules on statements, beside the LRS's own (cmi5's order rules, for one): asked before a request's statements
/// are stored (it may refuse them with an <see cref="XapiRefusal"/>), and told after they are stored, when it may answer
/// statements the server makes in turn (cmi5's satisfied).
/// </summary>
public interface IStatementGate
{
    Task Admit(Caller caller, IReadOnlyList<CheckedStatement> statements, CancellationToken cancellationToken);

    Task<IReadOnlyList<JsonObject>> Stored(Caller caller, IReadOnlyList<CheckedStatement> statements, CancellationToken cancellationToken);
}
