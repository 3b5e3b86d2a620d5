using System.Globalization;
using System.Text;

namespace Gamified.Api.Exports;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, fields with commas, quotes or line breaks quoted (quotes doubled), UTF-8 with a byte
/// order mark so spreadsheet programs show Chinese. A text cell starting with = + - @ (or a tab or carriage return)
/// is prefixed with an apostrophe, so a spreadsheet never evaluates it as a formula; numbers are written as numbers.
/// </summary>
public static class Csv
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        Line(text, header.Cast<object?>().ToList());
        foreach (var row in rows) Line(text, row);
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    private static void Line(StringBuilder text, IReadOnlyList<object?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Cell(cells[i]));
        }
        text.Append("\r\n");
    }

    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            bool b => b ? "true" : "false",
            DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Neutralise(value.ToString() ?? ""),
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    /// <summary>Text a spreadsheet would take for a formula, with an apostrophe before it.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
