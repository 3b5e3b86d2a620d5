using System.Globalization;
using System.Text;
using CsvHelper;
using Gamified.Common;
using Gamified.Learners;

namespace Gamified.Api.People;

/// <summary>A line of the staff CSV that cannot be imported: where, a stable code, what to fix, and the value (safe to echo).</summary>
public sealed record StaffImportError(int Line, string Code, string Message, string? Column = null, string? Value = null)
{
    public const int MaxEchoLength = 64;

    /// <summary>The value as it may be shown or pasted into a spreadsheet: cut short, and never a formula.</summary>
    public static string? Echo(string? value) =>
        value is null ? null : Exports.Csv.Neutralise(value.Length > MaxEchoLength ? value[..MaxEchoLength] + "…" : value);
}

/// <summary>One importable line: the learner id (the employee number, lower-cased) and the record.</summary>
public sealed record StaffRow(int Line, string LearnerId, StaffRecord Record);

/// <summary>
/// Reads an HR export (RFC 4180 CSV, comma-separated, UTF-8 with or without a byte order mark) into staff rows. The header
/// names the columns, in English or Chinese (工号, 姓名, 部门, 角色, 邮箱, 手机), in any order; other columns are ignored.
/// Every line is checked and every problem reported with its line number; a file with any problem imports nothing.
/// </summary>
public static class StaffCsv
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const int MaxErrors = 100;
    private const int MaxRecordBytes = 8 * 1024;

    private enum Column { EmployeeNumber, Name, Department, Roles, Email, Phone }

    private static readonly Dictionary<string, Column> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["employee_number"] = Column.EmployeeNumber, ["employeenumber"] = Column.EmployeeNumber, ["employee number"] = Column.EmployeeNumber,
        ["employee_id"] = Column.EmployeeNumber, ["employee id"] = Column.EmployeeNumber, ["id"] = Column.EmployeeNumber,
        ["工号"] = Column.EmployeeNumber, ["员工编号"] = Column.EmployeeNumber, ["员工号"] = Column.EmployeeNumber,
        ["name"] = Column.Name, ["display_name"] = Column.Name, ["displayname"] = Column.Name, ["姓名"] = Column.Name,
        ["department"] = Column.Department, ["department_id"] = Column.Department, ["departmentid"] = Column.Department,
        ["部门"] = Column.Department, ["部门编号"] = Column.Department,
        ["roles"] = Column.Roles, ["role"] = Column.Roles, ["角色"] = Column.Roles,
        ["email"] = Column.Email, ["e-mail"] = Column.Email, ["mail"] = Column.Email, ["邮箱"] = Column.Email, ["电子邮箱"] = Column.Email,
        ["电子邮件"] = Column.Email,
        ["phone"] = Column.Phone, ["mobile"] = Column.Phone, ["telephone"] = Column.Phone, ["手机"] = Column.Phone, ["手机号"] = Column.Phone,
        ["电话"] = Column.Phone,
    };

    private static readonly Column[] Required = [Column.EmployeeNumber, Column.Name, Column.Department];

    private static readonly char[] RoleSeparators = [';', '|', ',', '、', '，', '；', ' '];

    public sealed record Parsed(IReadOnlyList<StaffRow> Rows, IReadOnlyList<StaffImportError> Errors);

    /// <param name="departments">The active departments: a row naming another is refused (departments are made by admins, not files).</param>
    /// <param name="inactive">Departments that exist but were deactivated or merged: refused with their own code.</param>
    public static Parsed Read(string csv, IReadOnlySet<string> departments, IReadOnlySet<string>? inactive = null)
    {
        if (Encoding.UTF8.GetByteCount(csv) > MaxBytes)
            return Refused(new StaffImportError(0, ErrorCodes.CsvTooLarge, $"The file is larger than {MaxBytes / (1024 * 1024)} MiB; split it."));
        var text = csv.StartsWith('\uFEFF') ? csv[1..] : csv;

        var errors = new List<StaffImportError>();
        var rows = new List<StaffRow>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            // A hostile file gets no leeway: a stray quote or an unclosed one stops the import at its line, and no record may
            // grow past a few kilobytes (an unclosed quote would otherwise swallow the rest of the file).
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
        };
        try
        {
            using var reader = CsvReader.FromText(text, options);
            reader.ReadHeader();
            if (reader.Headers is not { Count: > 0 } header || header.All(string.IsNullOrWhiteSpace))
                return Refused(new StaffImportError(1, ErrorCodes.CsvMissingColumn, "The file is empty: the first line names the columns."));
            var columns = HeaderOf(header, errors);
            if (errors.Count > 0) return new Parsed([], errors);

            var count = 0;
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var fields = reader.Current.ToArray();
                if (fields.All(string.IsNullOrWhiteSpace)) continue;
                if (++count > MaxRows)
                    return Refused(new StaffImportError(line, ErrorCodes.CsvTooManyRows, $"The file has more than {MaxRows:N0} rows; split it."));
                var before = errors.Count;
                var row = Row(line, fields, columns, departments, inactive, errors);
                if (errors.Count > before) continue;
                if (firstLineOf.TryGetValue(row.LearnerId, out var first))
                    errors.Add(new StaffImportError(line, ErrorCodes.StaffDuplicateEmployeeNumber,
                        $"This employee number is on line {first} too.", "employee_number", StaffImportError.Echo(row.LearnerId)));
                else
                {
                    firstLineOf[row.LearnerId] = line;
                    rows.Add(row);
                }
                if (errors.Count >= MaxErrors) break;
            }
        }
        catch (CsvFormatException problem)
        {
            errors.Add(new StaffImportError((int)problem.LineNumber, ErrorCodes.CsvMalformed,
                $"The file is not well-formed CSV from this line on (a stray or unclosed quote, or a line over {MaxRecordBytes / 1024} KiB): quote whole fields and double the quotes inside them."));
        }
        return new Parsed(errors.Count > 0 ? [] : rows, errors.Take(MaxErrors).ToList());
    }

    private static Parsed Refused(StaffImportError error) => new([], [error]);

    private static Dictionary<Column, int> HeaderOf(IReadOnlyList<string> header, List<StaffImportError> errors)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (!Headers.TryGetValue(header[i].Trim().TrimStart('\uFEFF'), out var column)) continue;   // other HR columns are ignored
            if (!columns.TryAdd(column, i))
                errors.Add(new StaffImportError(1, ErrorCodes.CsvDuplicateColumn, $"Two columns mean {Name(column)}; keep one.", Name(column),
                    StaffImportError.Echo(header[i])));
        }
        foreach (var missing in Required.Where(c => !columns.ContainsKey(c)))
            errors.Add(new StaffImportError(1, ErrorCodes.CsvMissingColumn,
                $"No column for {Name(missing)} (e.g. {Example(missing)}); the first line must name the columns.", Name(missing)));
        return columns;
    }

    private static StaffRow Row(int line, string[] fields, Dictionary<Column, int> columns, IReadOnlySet<string> departments,
        IReadOnlySet<string>? inactive, List<StaffImportError> errors)
    {
        string? Field(Column column) => columns.TryGetValue(column, out var i) && i < fields.Length ? fields[i].Trim() : null;
        void Fail(Column column, string code, string message, string? value) =>
            errors.Add(new StaffImportError(line, code, message, Name(column), StaffImportError.Echo(value)));

        var number = Field(Column.EmployeeNumber) ?? "";
        var id = number.ToLowerInvariant();
        if (!Validate.IsId(id))
            Fail(Column.EmployeeNumber, ErrorCodes.StaffBadEmployeeNumber,
                $"The employee number must be 1 to {Validate.MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit.", number);

        var name = Field(Column.Name) ?? "";
        if (NameProblem(name) is { } problem) Fail(Column.Name, ErrorCodes.StaffBadName, problem, name);

        var department = Field(Column.Department) ?? "";
        if (inactive?.Contains(department) == true)
            Fail(Column.Department, ErrorCodes.StaffDepartmentInactive,
                "This department was deactivated or merged and takes no learners; name the department they belong to now.", department);
        else if (!departments.Contains(department))
            Fail(Column.Department, ErrorCodes.StaffUnknownDepartment,
                "No department has this id; an admin creates departments first (the import does not invent them).", department);

        var roleText = Field(Column.Roles) ?? "";
        var roles = roleText.Split(RoleSeparators, StringSplitOptions.RemoveEmptyEntries).Select(r => r.ToLowerInvariant()).ToList();
        foreach (var role in roles.Where(r => !StaffRules.ImportableRoles.Contains(r)).Distinct())
            Fail(Column.Roles, ErrorCodes.StaffUnknownRole, role == "admin"
                ? "admin is granted by hand, never by a file."
                : $"Not a role HR may give ({string.Join(", ", StaffRules.ImportableRoles)}).", role);

        var email = Field(Column.Email) is { Length: > 0 } e ? e : null;
        if (email is not null && !StaffRules.IsEmail(email)) Fail(Column.Email, ErrorCodes.StaffBadEmail, "Not an e-mail address.", email);
        var phone = Field(Column.Phone) is { Length: > 0 } p ? p : null;
        if (phone is not null && !StaffRules.IsPhone(phone)) Fail(Column.Phone, ErrorCodes.StaffBadPhone, "Not a phone number (digits, an optional leading +).", phone);

        return new StaffRow(line, id, new StaffRecord(name, department, roles.Count == 0 ? ["learner"] : [.. roles.Distinct().Order(StringComparer.Ordinal)], email, phone));
    }

    /// <summary>Why a name cannot be a learner's, or null. Besides Validate.Name's rules: no invisible format characters (zero-width,
    /// direction overrides) that make two names look alike, no U+FFFD (the mark of a file that was not UTF-8, e.g. GBK), and
    /// no leading formula character.</summary>
    private static string? NameProblem(string name)
    {
        if (name.Contains('\uFFFD')) return "The name has a replacement character: the file was probably not saved as UTF-8 (save it as \"CSV UTF-8\").";
        if (name.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format)) return "The name has invisible formatting characters.";
        // No one is called "=HYPERLINK(…)": a name a spreadsheet would evaluate is a hostile file, not a person.
        if (name.Length > 0 && name[0] is '=' or '+' or '-' or '@') return "A name does not start with = + - or @ (a spreadsheet would take it for a formula).";
        try
        {
            Validate.Name(name, "name");
            return null;
        }
        catch (DomainException refusal)
        {
            return refusal.Message;
        }
    }

    private static string Name(Column column) => column switch
    {
        Column.EmployeeNumber => "employee_number",
        Column.Name => "name",
        Column.Department => "department",
        Column.Roles => "roles",
        Column.Email => "email",
        _ => "phone",
    };

    private static string Example(Column column) => column switch
    {
        Column.EmployeeNumber => "employee_number or 工号",
        Column.Name => "name or 姓名",
        _ => "department or 部门",
    };
}
