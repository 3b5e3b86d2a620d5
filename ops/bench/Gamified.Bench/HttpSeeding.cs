using System.Diagnostics;
using System.Text;
using Gamified.Api.Security;

/// <summary>How seeding went: how long the departments and the staff import took, and the visibility choices after it (if made).</summary>
internal sealed record SeedingResult(TimeSpan Departments, TimeSpan Import, int Chunks, TimeSpan Visibility, int VisibilityChanged)
{
    public TimeSpan Total => Departments + Import + Visibility;
}

/// <summary>
/// Seeds the organisation as a deployment would: the departments through createDepartment, then the learners through the
/// staff import (importStaff, a CSV in chunks), which lists them in a few transactions and leaves each learner's grain to
/// take its HR record when it first runs. Learner ids are the employee numbers (lower case), so a learner's token names
/// them as the import did. The import makes every learner a pseudonym (HR files carry no privacy choice); with
/// <c>visibilityMix</c> a tenth then choose their real name and a tenth to be hidden (setMyVisibility with their own
/// token). That runs their grains, so it costs what their first statement would (about 25 ms of SQLite's single writer
/// each): minutes for 100,000 learners, which is why it is not the default. Boards name learners by what they chose, and
/// a name costs the same to show whichever it is.
/// </summary>
internal static class HttpSeeding
{
    // StaffCsv takes 20,000 rows a file, and a request body is at most 1 MiB by default: 10,000 rows of ~50 bytes fit both.
    private const int RowsPerChunk = 10_000;

    private const string Import = """
        mutation($csv: String!) { importStaff(csv: $csv, dryRun: false) {
          report { rows created failures { code } } userErrors { code message } } }
        """;

    /// <summary>Which learners choose other than a pseudonym: by their number, so the benchmark knows whose grains ran.</summary>
    public static string? VisibilityOf(int learner) => (learner % 10) switch { 0 => "REAL_NAME", 1 => "HIDDEN", _ => null };

    public static async Task<SeedingResult> Run(HttpClient http, LocalTokens tokens, string[] departments, string[] learners, bool parallelImports,
        bool visibilityMix)
    {
        var admin = tokens.Issue("bench-admin", [Roles.Admin]);
        var timer = Stopwatch.StartNew();
        foreach (var (department, d) in departments.Select((x, i) => (x, i)))
            (await HttpLoad.Post(http, admin, """mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code } } }""",
                new { input = new { id = department, names = new { zhCN = $"基准部门{d + 1}", en = $"Bench department {d + 1}" } } })).Dispose();
        var departmentTime = timer.Elapsed;

        // PostgreSQL takes several imports at once (disjoint files list disjoint learners); SQLite has one writer, so one.
        timer.Restart();
        var imports = parallelImports ? 4 : 1;
        var rows = Math.Min(RowsPerChunk, (learners.Length + imports - 1) / imports);
        var chunks = Enumerable.Range(0, (learners.Length + rows - 1) / rows).Select(c => (Start: c * rows, End: Math.Min(learners.Length, (c + 1) * rows))).ToArray();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = imports }, async (chunk, _) =>
        {
            var csv = new StringBuilder("工号,姓名,部门,角色\r\n");
            for (var i = chunk.Start; i < chunk.End; i++) csv.Append($"{learners[i]},学员{i},{departments[i % departments.Length]},learner\r\n");
            using var answer = await HttpLoad.Post(http, admin, Import, new { csv = csv.ToString() });
            var report = answer.RootElement.GetProperty("data").GetProperty("importStaff").GetProperty("report");
            if (report.GetProperty("created").GetInt32() != chunk.End - chunk.Start || report.GetProperty("failures").GetArrayLength() > 0)
                throw new InvalidOperationException($"The staff import of rows {chunk.Start}–{chunk.End - 1} did not create them all: {report}");
        });
        var importTime = timer.Elapsed;

        timer.Restart();
        var choosing = visibilityMix ? Enumerable.Range(0, learners.Length).Where(i => VisibilityOf(i) is not null).ToArray() : [];
        await Parallel.ForEachAsync(choosing, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            (await HttpLoad.Post(http, tokens.Issue(learners[i], [Roles.Learner]),
                $"mutation {{ setMyVisibility(visibility: {VisibilityOf(i)}) {{ learner {{ visibility }} userErrors {{ code }} }} }}")).Dispose());
        return new SeedingResult(departmentTime, importTime, chunks.Length, timer.Elapsed, choosing.Length);
    }
}
