using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using GraphQLParser.AST;

namespace Gamified.Api.Cost;

/// <summary>
/// Prices fields whose work is out of proportion to their answer: a page of exported statements, a hash
/// chain recomputed, a signature checked, a template rendered. The price feeds the complexity analyzer
/// (so aliasing such a field a thousand times costs a thousand times), and the mark lets
/// <see cref="QueryCostRule"/> cap how many of them one document may ask for at all.
/// </summary>
public static class FieldCost
{
    private const string ExpensiveKey = "gamified:expensive";

    /// <summary>A fixed price per occurrence of the field (each alias counts).</summary>
    public static FieldBuilder<TSource, TReturn> Expensive<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, double price) =>
        field.Expensive(_ => price);

    /// <summary>A price that depends on the arguments, e.g. per item of a page the field builds.</summary>
    public static FieldBuilder<TSource, TReturn> Expensive<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Func<FieldImpactContext, double> price)
    {
        field.FieldType.Metadata[ExpensiveKey] = true;
        field.FieldType.WithComplexityImpact(context => new FieldComplexityResult(price(context), 1));
        return field;
    }

    public static bool IsExpensive(this FieldType field) => field.GetMetadata(ExpensiveKey, false);

    /// <summary>
    /// An argument as written (a literal, or the value of the variable it names), read from the document and not
    /// through <c>context.Arguments</c>: those coerce every argument of the field, and a value that cannot be
    /// coerced (a date out of range) must reach the resolver as bad input, not fail the cost estimate.
    /// </summary>
    public static object? Argument(this FieldImpactContext context, string name)
    {
        var value = context.FieldAst.Arguments?.FirstOrDefault(a => a.Name.StringValue == name)?.Value;
        return value switch
        {
            null or GraphQLNullValue => null,
            GraphQLVariable variable => context.ValidationContext.Variables.TryGetValue(variable.Name.StringValue, out var given) ? given : null,
            GraphQLIntValue number => int.TryParse(number.Value.Span, out var parsed) ? parsed : int.MaxValue,
            GraphQLStringValue text => text.Value.ToString(),
            _ => value,
        };
    }

    /// <summary>An Int argument for pricing; <paramref name="fallback"/> when absent, null or not a number.</summary>
    public static int IntArgument(this FieldImpactContext context, string name, int fallback) =>
        context.Argument(name) is int number ? number : fallback;
}
