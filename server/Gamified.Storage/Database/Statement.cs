namespace Gamified.Storage.Database;

/// <summary>One SQL statement with <c>@name</c> parameters and their values, as both providers run it.</summary>
public readonly record struct Statement(string Sql, (string Name, object? Value)[] Parameters)
{
    public static implicit operator Statement((string Sql, (string Name, object? Value)[] Parameters) statement) =>
        new(statement.Sql, statement.Parameters);
}
