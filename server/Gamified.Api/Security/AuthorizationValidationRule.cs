using Gamified.Common;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Gamified.Api.Security;

/// <summary>
/// Enforces the <c>Authorize…()</c> metadata on fields before anything executes. GraphQL.NET keeps the
/// metadata but enforces nothing, so this rule is the gate: a field that requires authorization refuses an
/// anonymous caller with <c>UNAUTHENTICATED</c> and a caller without one of its roles with
/// <c>FORBIDDEN</c>. A root field with no policy at all is refused too (deny by default), so a new
/// operation cannot ship open by accident. Per-object checks (is this learner the caller?) stay in resolvers.
/// A service account's token (client credentials) has no roles: it reaches the root fields tagged with one of its
/// scopes (<see cref="ServiceScopes"/>) and, below them, fields that need no role; every other field refuses it.
/// </summary>
public sealed class AuthorizationValidationRule : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLField>((node, validation) => Check(node, validation)));

    private static void Check(GraphQLField node, ValidationContext context)
    {
        var field = context.TypeInfo.GetFieldDef();
        var parent = context.TypeInfo.GetParentType()?.GetNamedType();
        if (field is null || parent is null || field.Name.StartsWith("__", StringComparison.Ordinal)) return;

        var isRoot = parent == context.Schema.Query || parent == context.Schema.Mutation || parent == context.Schema.Subscription;
        if (field.IsAnonymousAllowed()) return;
        if (!field.IsAuthorizationRequired())
        {
            if (isRoot) Report(context, node, ErrorCodes.Forbidden, $"The field '{field.Name}' has no access policy.");
            return;
        }

        var caller = new Caller(context.User);
        if (!caller.IsAuthenticated)
        {
            Report(context, node, ErrorCodes.Unauthenticated, $"Sign in to use '{field.Name}'.");
            return;
        }
        var roles = field.GetRoles();
        if (caller.IsService)
        {
            if (field.ServiceScopesOf().Any(caller.HasScope)) return;
            if (isRoot || roles is { Count: > 0 })
                Report(context, node, ErrorCodes.Forbidden, $"'{field.Name}' is not open to this service account's scopes ({string.Join(", ", caller.Scopes)}).");
            return;
        }
        if (roles is { Count: > 0 } && !roles.Any(caller.IsIn))
            Report(context, node, ErrorCodes.Forbidden, $"'{field.Name}' needs one of the roles: {string.Join(", ", roles)}.");
    }

    private static void Report(ValidationContext context, GraphQLField node, string code, string message) =>
        context.ReportError(new AccessDeniedError(context.Document.Source, code, message, node));
}

public sealed class AccessDeniedError : ValidationError
{
    public AccessDeniedError(GraphQLParser.ROM source, string code, string message, ASTNode node)
        : base(source, null, message, node)
    {
        Code = code;
    }
}
