using Gamified.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gamified.Tests.Contract;

/// <summary>
/// The built-in provider's tables are created by ops/sql like every other table, not by EF: the committed scripts must
/// say what the EF model (OpenIddict's entities and the local accounts) expects, or the stores fail at run time.
/// </summary>
[Trait("Category", "Unit")]
public sealed class IdentitySchemaTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task the_identity_script_creates_exactly_the_tables_and_indexes_of_the_ef_model(string provider)
    {
        var options = new DbContextOptionsBuilder<IdentityDbContext>();
        if (provider == "sqlite") options.UseSqlite("Data Source=:memory:");
        else options.UseNpgsql("Host=unused");
        await using var context = new IdentityDbContext(options.UseOpenIddict().Options);
        var expected = Normalize(context.Database.GenerateCreateScript());

        var committed = await File.ReadAllTextAsync(Repository.PathOf($"ops/sql/{provider}/gamified-identity.sql"));
        Assert.Equal(expected, Normalize(committed.Replace(" IF NOT EXISTS", "")));
    }

    /// <summary>The statements without comments and blank lines.</summary>
    private static string Normalize(string script) =>
        string.Join('\n', script.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));
}
