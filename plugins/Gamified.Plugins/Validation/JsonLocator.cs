using System.Text;
using System.Text.Json;

namespace Gamified.Plugins.Validation;

/// <summary>
/// Where each value of a JSON file starts (line and column, 1-based), by path such as
/// <c>lessons[1].templates.zhCN</c>, so that an error about a value can point at it.
/// </summary>
public sealed class JsonLocator
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    public JsonLocator(byte[] utf8)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == '\n') lineStarts.Add(i + 1);

        (int, int) PositionOf(long offset)
        {
            var line = lineStarts.BinarySearch((int)offset);
            if (line < 0) line = ~line - 1;
            // Columns count characters, not bytes, so Chinese text before a value does not shift it.
            var column = Encoding.UTF8.GetCharCount(utf8, lineStarts[line], (int)offset - lineStarts[line]) + 1;
            return (line + 1, column);
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new Stack<Frame>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        _positions[Join(path, pendingProperty)] = PositionOf(reader.TokenStartIndex);
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Pop();
                        continue;
                }

                var name = NextName(path, pendingProperty);
                pendingProperty = null;
                var here = Join(path, name);
                // A value's own position wins over its property name's: errors point at what to change.
                if (name is not null) _positions[here] = PositionOf(reader.TokenStartIndex);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (name is null && path.Count == 0) _positions[""] = PositionOf(reader.TokenStartIndex);
                    path.Push(new Frame(here, reader.TokenType == JsonTokenType.StartArray));
                }
            }
        }
        catch (JsonException)
        {
            // Syntax errors are reported separately; positions found so far stay usable.
        }
    }

    /// <summary>The position of the value at <paramref name="path"/>, or of its nearest ancestor that exists.</summary>
    public (int Line, int Column) Find(string path)
    {
        while (true)
        {
            if (_positions.TryGetValue(path, out var position)) return position;
            if (path.Length == 0) return (1, 1);
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut <= 0 ? "" : path[..cut];
        }
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int NextIndex { get; set; }
    }

    private static string? NextName(Stack<Frame> path, string? property)
    {
        if (path.Count == 0) return null;
        var top = path.Peek();
        return top.IsArray ? $"[{top.NextIndex++}]" : property;
    }

    private static string Join(Stack<Frame> path, string? name)
    {
        var parent = path.Count == 0 ? "" : path.Peek().Path;
        if (name is null) return parent;
        if (name.StartsWith('[')) return parent + name;
        return parent.Length == 0 ? name : parent + "." + name;
    }
}
