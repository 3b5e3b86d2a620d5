namespace Gamified.Common;

/// <summary>
/// A refusal the caller can act on: bad input, a missing entity, a conflict. Its message is safe to show
/// to clients and its <see cref="Code"/> is one of <see cref="ErrorCodes"/>. Anything else that escapes
/// a grain is a fault and is masked at the API edge.
/// </summary>
[GenerateSerializer, Alias("gamified.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(string code, string message, string? field = null) : base(message)
    {
        Code = code;
        Field = field;
    }

    [Id(0)] public string Code { get; }

    /// <summary>The input field at fault, as a dotted path (e.g. <c>input.displayName</c>), when one is.</summary>
    [Id(1)] public string? Field { get; }

    public static DomainException BadInput(string field, string message) => new(ErrorCodes.BadUserInput, message, field);
    public static DomainException NotFound(string what, string id) => new(ErrorCodes.NotFound, $"{what} '{id}' does not exist.");
    public static DomainException Conflict(string message) => new(ErrorCodes.Conflict, message);
}
