using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

/// <summary>A content directory holding the sample package, and the GraphQL calls of the learner and author flows.</summary>
public sealed class ContentScenario(GamifiedServer server)
{
    public GamifiedServer Server => server;

    public static string NewContentDirectory(params (string Folder, IReadOnlyDictionary<string, string?>? Changes)[] packages)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gamified-content-" + Guid.NewGuid().ToString("n"));
        foreach (var (folder, changes) in packages) WritePackage(Path.Combine(directory, folder), changes);
        return directory;
    }

    public static void WritePackage(string folder, IReadOnlyDictionary<string, string?>? changes = null)
    {
        foreach (var (path, bytes) in SamplePackage.Files(changes))
        {
            var file = Path.Combine(folder, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }
    }

    /// <summary>A registered learner and a client signed in as them.</summary>
    public async Task<(string Id, GraphQLClient Client)> NewLearnerAsync(string? department = null)
    {
        var admin = new Scenario(server.Client);
        department ??= await admin.CreateDepartmentAsync();
        var id = await admin.RegisterLearnerAsync(department);
        return (id, server.ClientAs(id, [Roles.Learner], [department]));
    }

    public static async Task<JsonNode> PublishAsync(GraphQLClient author, byte[] zip) =>
        (await author.QueryAsync("""
            mutation($input: PublishPackageInput!) {
              publishPackage(input: $input) { package { id version owner } userErrors { code message ... on PackageError { path line column } } }
            }
            """, new { input = new { archiveBase64 = Convert.ToBase64String(zip) } }))["publishPackage"]!;

    public static async Task<JsonNode> StartAsync(GraphQLClient learner, string packageId) =>
        (await learner.QueryAsync("mutation($id: ID!) { startPackage(packageId: $id) { packageProgress { version startedAt completed } userErrors { code message field } } }",
            new { id = packageId }))["startPackage"]!["packageProgress"]!;

    public static async Task<JsonNode> LessonAsync(GraphQLClient learner, string packageId, string lessonId, string locale = "ZH_CN") =>
        (await learner.QueryAsync("query($p: ID!, $l: ID!, $locale: Locale) { lesson(packageId: $p, lessonId: $l, locale: $locale) { version title html kind } }",
            new { p = packageId, l = lessonId, locale }))["lesson"]!;

    public static Task<GraphQLResponse> SubmitAsync(GraphQLClient learner, string packageId, string test, object answers) =>
        learner.PostAsync("""
            mutation($input: SubmitAnswersInput!) {
              submitAnswers(input: $input) { testOutcome {
                score passed correct total feedback { questionId correct explanation }
                progress { preTestScore postTestScore postTestAttempts learningGain completed version }
              } userErrors { code message field } }
            }
            """, new { input = new { packageId, test, answers } });
}
