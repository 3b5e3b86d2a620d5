using Gamified.Storage.Database;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Content;

/// <summary>Saving which questions were missed is analytics: when it fails, the graded test is still recorded in full.</summary>
public sealed class QuestionOutcomeFailureTests
{
    private const string PackageId = "test.sample.basics";

    [Fact]
    public async Task a_failure_to_save_missed_questions_leaves_the_graded_pre_test_recorded_with_its_statement_and_result()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}");
        var (_, learner) = await new ContentScenario(server).NewLearnerAsync();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        await ContentScenario.StartAsync(learner, PackageId);

        // The missed-questions table goes away (a real storage failure, on the real database).
        var database = server.Services.GetRequiredService<GamifiedDatabase>();
        await Rename(database, "question_outcomes", "question_outcomes_away");
        var failed = await ContentScenario.SubmitAsync(learner, PackageId, "PRE_TEST", new object[]
        {
            new { questionId = "p1", choices = new[] { "b" } }, new { questionId = "p2", choices = new[] { "false" } },
            new { questionId = "p3", choices = new[] { "a", "b" } },
        });
        Assert.Equal("INTERNAL_SERVER_ERROR", failed.RefusalCode);
        await Rename(database, "question_outcomes_away", "question_outcomes");

        // The score is kept, and so are its statement and its learning result: nothing is half-written.
        var progress = (await learner.QueryAsync("query($id: ID!) { packageProgress(packageId: $id) { preTestScore } }", new { id = PackageId }))
            ["packageProgress"]!;
        Assert.Equal(100, progress["preTestScore"]!.GetValue<double>());
        var statements = (await learner.QueryAsync("""
            query($from: DateTimeOffset!, $to: DateTimeOffset!) { exportStatements(from: $from, to: $to, first: 100) { statementsJson } }
            """, new { from, to = DateTimeOffset.UtcNow.AddMinutes(1) }))["exportStatements"]!["statementsJson"]!.GetValue<string>();
        Assert.Contains($"{PackageId}/pre-test", statements);
    }

    private static Task Rename(GamifiedDatabase database, string from, string to) => database.RunAsync(async (connection, ct) =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"ALTER TABLE {from} RENAME TO {to}";
        return await command.ExecuteNonQueryAsync(ct);
    });
}
