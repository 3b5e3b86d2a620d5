namespace Gamified.Tests.Contract;

/// <summary>
/// Clients compile against <c>schema.graphql</c>: <c>ops/schema-check/check.mjs</c> (graphql-inspector) compares it
/// with the schema of the base commit and fails on a breaking change that <c>docs/CHANGES.md</c> does not list. It runs
/// here, so its result counts in the test totals of <c>ops/test.sh</c> and CI.
/// </summary>
public sealed class SchemaBreakingChangeTests
{
    [Fact]
    public async Task schema_graphql_has_no_unlisted_breaking_change_since_the_base_commit()
    {
        var (exit, output, errors) = await CheckAsync([]);
        Assert.True(exit == 0, $"{output}\n{errors}");
        Assert.True(output.Contains("No unlisted breaking change.") || output.StartsWith("skipped:"), output);
    }

    [Fact]
    public async Task the_check_fails_on_an_unlisted_breaking_change_and_accepts_one_the_change_lists()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("gamified-schema-check").FullName;
        var old = Write(folder, "old.graphql", "type Department { id: ID! totalXp: Int! name: String }\ntype Query { departments: [Department!]! }\n");
        var wider = Write(folder, "new.graphql", "type Department { id: ID! totalXp: Long! memberCount: Int! }\nscalar Long\ntype Query { departments: [Department!]! }\n");
        var additive = Write(folder, "additive.graphql", "type Department { id: ID! totalXp: Int! name: String memberCount: Int! }\ntype Query { departments: [Department!]! }\n");
        var before = Write(folder, "before.md", "# Changes\n\n## 2026-11-01 Older\n- `Department.name` was listed by an earlier change.\n");
        var listing = Write(folder, "listing.md", File.ReadAllText(before) +
            "\n## 2026-12-03 Totals are Long\n- `Department.totalXp`: Int → Long.\n- `Department.name`: removed.\n");

        var unlisted = await CheckAsync(["--old", old, "--new", wider, "--changes", before, "--old-changes", before]);
        Assert.Equal(1, unlisted.Exit);
        Assert.Contains("Department.totalXp", unlisted.Output);
        Assert.Contains("Department.name", unlisted.Output);

        // A line that was already in CHANGES.md does not cover a new break.
        var partly = await CheckAsync(["--old", old, "--new", wider, "--changes", Write(folder, "partly.md", File.ReadAllText(before) +
            "\n## 2026-12-03 Totals are Long\n- `Department.totalXp`: Int → Long.\n"), "--old-changes", before]);
        Assert.Equal(1, partly.Exit);
        Assert.Contains("not listed in docs/CHANGES.md: Department.name", partly.Output);

        var listed = await CheckAsync(["--old", old, "--new", wider, "--changes", listing, "--old-changes", before]);
        Assert.True(listed.Exit == 0, listed.Output + listed.Errors);

        var added = await CheckAsync(["--old", old, "--new", additive, "--changes", before, "--old-changes", before]);
        Assert.True(added.Exit == 0, added.Output + added.Errors);
        Assert.Contains("Department.memberCount", added.Output);
    }

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<(int Exit, string Output, string Errors)> CheckAsync(string[] arguments) =>
        NodeTool.RunAsync(Repository.PathOf("ops", "schema-check"), "check.mjs", arguments);
}
