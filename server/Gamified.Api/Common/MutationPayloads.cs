using Gamified.Common;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Gamified.Api.Common;

/// <summary>
/// What a mutation answers: its result, or the refusals a client can fix by changing its input (then the result is
/// null and nothing was written: the domain refuses before it writes).
/// </summary>
public sealed record MutationPayload(object? Result, IReadOnlyList<object> UserErrors)
{
    public static MutationPayload Refused(IEnumerable<object> userErrors) => new(null, userErrors.ToList());

    /// <summary>The code of the first refusal, or null when the mutation did what it was asked.</summary>
    public string? FirstCode => UserErrors.Count == 0 ? null : UserErrors[0] switch
    {
        Refusal refusal => refusal.Code,
        Gamified.Plugins.Validation.PackageError problem => problem.Code,
        People.StaffImportError line => line.Code,
        _ => null,
    };
}

/// <summary>A domain refusal as a user error: its stable code, a message to show, and the input field at fault when known.</summary>
public sealed record Refusal(string Code, string Message, IReadOnlyList<string>? Field)
{
    public static Refusal From(DomainException refusal) => new(refusal.Code, refusal.Message, FieldPath(refusal.Field));

    /// <summary>"input.rules[0].points" → ["input", "rules", "0", "points"].</summary>
    public static IReadOnlyList<string>? FieldPath(string? dotted) =>
        string.IsNullOrEmpty(dotted) ? null : dotted.Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
}

public sealed class UserErrorType : InterfaceGraphType
{
    public UserErrorType()
    {
        Name = "UserError";
        Description = "Why a mutation refused, in terms the caller can fix: change the input and try again. Nothing was written.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable: clients branch on it (see ErrorCodes).");
        Field<NonNullGraphType<StringGraphType>>("message").Description("Safe to show.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field")
            .Description("The path of the input field at fault, e.g. [\"input\", \"rules\", \"0\", \"points\"]; null when the refusal is not about one field.");
    }
}

public sealed class RefusalType : ObjectGraphType<Refusal>
{
    public RefusalType()
    {
        Name = "Refusal";
        Description = "A refusal of the domain: a conflict, a closed window, a bad value.";
        Field(x => x.Code);
        Field(x => x.Message);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field").Resolve(c => c.Source.Field);
        Interface<UserErrorType>();
        IsTypeOf = o => o is Refusal;
    }
}

/// <summary>
/// Gives every mutation the same shape, once for the whole schema: <c>fooBar(…): FooBarPayload!</c> with
/// <c>FooBarPayload { &lt;result&gt;: T, userErrors: [UserError!]! }</c>. A <see cref="DomainException"/> becomes a
/// user error, except refusals the caller cannot fix by editing the input (not signed in, not allowed, too many
/// requests, server trouble), which stay top-level errors with <c>extensions.code</c>.
/// </summary>
public static class MutationPayloads
{
    private const string ResultNameKey = "gamified.payloadResult";

    private static readonly HashSet<string> TopLevelCodes =
    [
        ErrorCodes.Unauthenticated, ErrorCodes.Forbidden, ErrorCodes.RateLimited, ErrorCodes.BadRequest,
        ErrorCodes.InternalServerError, ErrorCodes.Unavailable,
    ];

    /// <summary>Names the payload's result field when the type's name does not say it well (default: the type's name, camelCased).</summary>
    public static FieldBuilder<TSource, TReturn> PayloadResult<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string name) =>
        field.WithMetadata(ResultNameKey, name);

    /// <summary>Whether a refusal with this code is a top-level error rather than a user error.</summary>
    public static bool IsTopLevel(string code) => TopLevelCodes.Contains(code);

    /// <summary>Wraps every field of <paramref name="mutation"/>; a resolver may return a <see cref="MutationPayload"/> itself to refuse with several errors.</summary>
    public static void Apply(ObjectGraphType mutation)
    {
        foreach (var field in mutation.Fields) Wrap(field);
    }

    private static void Wrap(FieldType field)
    {
        var resultType = field.Type ?? throw new InvalidOperationException($"Mutation {field.Name} needs a graph type.");
        if (resultType.IsGenericType && resultType.GetGenericTypeDefinition() == typeof(NonNullGraphType<>))
            resultType = resultType.GetGenericArguments()[0];
        var resultName = field.GetMetadata<string?>(ResultNameKey) ?? CamelName(resultType);

        var payload = new ObjectGraphType
        {
            Name = char.ToUpperInvariant(field.Name[0]) + field.Name[1..] + "Payload",
            Description = $"What {field.Name} did: `{resultName}`, or, when it refused, null and `userErrors` (then nothing changed).",
        };
        payload.Field(resultName, resultType).Resolve(c => ((MutationPayload)c.Source!).Result);
        payload.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors")
            .Resolve(c => ((MutationPayload)c.Source!).UserErrors);
        field.Type = null;
        field.ResolvedType = new NonNullGraphType(payload);

        var resolve = field.Resolver ?? throw new InvalidOperationException($"Mutation {field.Name} has no resolver.");
        field.Resolver = new FuncFieldResolver<object>(async context =>
        {
            try
            {
                var result = await resolve.ResolveAsync(context);
                return result as MutationPayload ?? new MutationPayload(result, []);
            }
            catch (DomainException refusal) when (!IsTopLevel(refusal.Code))
            {
                return MutationPayload.Refused([Refusal.From(refusal)]);
            }
        });
    }

    private static string CamelName(Type graphType)
    {
        var name = graphType.Name;
        foreach (var suffix in new[] { "GraphType", "Type" })
            if (name.EndsWith(suffix, StringComparison.Ordinal)) { name = name[..^suffix.Length]; break; }
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
