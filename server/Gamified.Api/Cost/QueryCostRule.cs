using Gamified.Api.Transport;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Gamified.Api.Cost;

/// <summary>
/// Refuses, before anything executes, a document that asks for more root fields or more expensive fields
/// (<see cref="FieldCost"/>) than the limits allow. Aliases count one by one: <c>a: f b: f</c> runs <c>f</c>
/// twice. Fragments count once for every place they are spread, so nesting spreads cannot hide fields.
/// Registered ahead of the other custom rules so that its error comes first.
/// </summary>
public sealed class QueryCostRule(GraphQLHttpOptions limits) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation && context.Schema.Query is { } query)
        {
            var root = operation.Operation switch
            {
                OperationType.Mutation => context.Schema.Mutation,
                OperationType.Subscription => context.Schema.Subscription,
                _ => query,
            };
            if (root is not null)
            {
                var counted = new Counter(context).Count(operation.SelectionSet, root, atRoot: true);
                if (counted.RootFields > limits.MaxRootFields)
                    Report(context, operation, $"The document asks for {counted.RootFields} top-level fields (each alias counts); at most {limits.MaxRootFields} are accepted. Split it into several requests.");
                else if (counted.ExpensiveFields > limits.MaxExpensiveFields)
                    Report(context, operation, $"The document asks for {counted.ExpensiveFields} expensive fields (exports, verifications, renders; each alias counts); at most {limits.MaxExpensiveFields} are accepted.");
            }
        }
        return default;
    }

    /// <summary>The complexity analyzer's verdict on depth and total cost, refused with the same code as the counts
    /// (the analyzer computes; the limits are checked here, so every refusal carries <c>QUERY_TOO_COSTLY</c>).</summary>
    public Task CheckComplexity(GraphQL.Validation.Complexity.ComplexityValidationContext complexity)
    {
        var source = complexity.ValidationContext.Document.Source;
        // Already refused (by the counts above, or by authorization): one reason is enough.
        if (complexity.ValidationContext.Errors.Any())
        {
            complexity.Error = null;
            return Task.CompletedTask;
        }
        complexity.Error =
            complexity.MaxDepth > limits.MaxDepth
                ? new QueryTooCostlyError(source, $"Query is too nested to execute: depth {complexity.MaxDepth}, at most {limits.MaxDepth}.", null)
                : complexity.TotalImpact > limits.MaxComplexity
                    ? new QueryTooCostlyError(source, $"Query is too complex to execute: complexity {complexity.TotalImpact:0}, at most {limits.MaxComplexity}. Ask for smaller pages or fewer expensive fields.", null)
                    : null;
        return Task.CompletedTask;
    }

    private static void Report(ValidationContext context, ASTNode node, string message) =>
        context.ReportError(new QueryTooCostlyError(context.Document.Source, message, node));

    private readonly record struct Counts(double RootFields, double ExpensiveFields)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.RootFields + b.RootFields, a.ExpensiveFields + b.ExpensiveFields);
    }

    /// <summary>Counts each fragment once per (fragment, at root) and multiplies by its spreads: linear in the text
    /// even when spreads nest (counts are doubles so that doubling spreads cannot overflow).</summary>
    private sealed class Counter(ValidationContext context)
    {
        private readonly Dictionary<(string, bool), Counts> _fragments = [];
        private readonly HashSet<string> _inProgress = [];

        public Counts Count(GraphQLSelectionSet? selections, IGraphType parent, bool atRoot)
        {
            var total = default(Counts);
            if (selections is null) return total;
            foreach (var selection in selections.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        var name = field.Name.StringValue;
                        if (name.StartsWith("__", StringComparison.Ordinal)) break;
                        var definition = (parent as IComplexGraphType)?.GetField(name);
                        total += new Counts(atRoot ? 1 : 0, definition?.IsExpensive() == true ? 1 : 0);
                        if (definition?.ResolvedType?.GetNamedType() is { } child)
                            total += Count(field.SelectionSet, child, atRoot: false);
                        break;
                    case GraphQLInlineFragment inline:
                        total += Count(inline.SelectionSet, TypeOf(inline.TypeCondition) ?? parent, atRoot);
                        break;
                    case GraphQLFragmentSpread spread:
                        total += Fragment(spread.FragmentName.Name.StringValue, parent, atRoot);
                        break;
                }
            }
            return total;
        }

        private Counts Fragment(string name, IGraphType parent, bool atRoot)
        {
            if (_fragments.TryGetValue((name, atRoot), out var known)) return known;
            var fragment = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                .FirstOrDefault(f => f.FragmentName.Name.StringValue == name);
            // An unknown or cyclic fragment is reported by the standard rules; it adds nothing here.
            if (fragment is null || !_inProgress.Add(name)) return default;
            var counted = Count(fragment.SelectionSet, TypeOf(fragment.TypeCondition) ?? parent, atRoot);
            _inProgress.Remove(name);
            return _fragments[(name, atRoot)] = counted;
        }

        private IGraphType? TypeOf(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.StringValue];
    }
}

/// <summary>A refusal for cost, depth or size before execution, with the code <c>QUERY_TOO_COSTLY</c>.</summary>
public sealed class QueryTooCostlyError : ValidationError
{
    public QueryTooCostlyError(GraphQLParser.ROM source, string message, ASTNode? node)
        : base(source, null, message, node is null ? [] : [node])
    {
        Code = ErrorCodes.QueryTooCostly;
    }
}
