using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Gamified.Storage.Database;

/// <summary>
/// Statements sent to PostgreSQL together, in one round trip. Each keeps its own fixed text with positional parameters
/// (converted once from the <c>@name</c> form both providers share), so Npgsql need not rewrite it per execution and
/// can keep it prepared on the connection: PostgreSQL then parses and plans it once per connection rather than once
/// per batch (a multi-statement text with numbered parameters differs with every batch size and is never reused).
/// </summary>
internal sealed partial class PostgresBatch(DbConnection connection, DbTransaction transaction)
{
    private static readonly ConcurrentDictionary<string, (string Text, string[] Names)> Positional = new(StringComparer.Ordinal);

    private readonly NpgsqlBatch _batch = new((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);

    public int Count => _batch.BatchCommands.Count;

    /// <summary>Adds <paramref name="sql"/> (with <c>@name</c> parameters) with a value for every name it uses.</summary>
    public void Add(string sql, params (string Name, object? Value)[] parameters)
    {
        var (text, names) = Positional.GetOrAdd(sql, ToPositional);
        var command = new NpgsqlBatchCommand(text);
        foreach (var name in names)
        {
            var index = Array.FindIndex(parameters, p => p.Name == name);
            if (index < 0) throw new ArgumentException($"No value for @{name}.", nameof(parameters));
            command.Parameters.Add(new NpgsqlParameter { Value = parameters[index].Value ?? DBNull.Value });
        }
        _batch.BatchCommands.Add(command);
    }

    public void Add(Statement statement) => Add(statement.Sql, statement.Parameters);

    /// <summary>Runs every statement; the rows they changed, in all.</summary>
    public Task<int> ExecuteNonQueryAsync() => _batch.ExecuteNonQueryAsync();

    /// <summary>The names of the parameters <paramref name="sql"/> uses, in the order of their positions.</summary>
    public static IReadOnlyList<string> ParameterNames(string sql) => Positional.GetOrAdd(sql, ToPositional).Names;

    private static (string Text, string[] Names) ToPositional(string sql)
    {
        var names = new List<string>();
        var text = Parameter().Replace(sql, match =>
        {
            var name = match.Value[1..];
            var position = names.IndexOf(name);
            if (position < 0)
            {
                names.Add(name);
                position = names.Count - 1;
            }
            return "$" + (position + 1);
        });
        return (text, names.ToArray());
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();
}
