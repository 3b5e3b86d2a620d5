using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Brainstorms;

/// <summary>The GraphQL calls of a brainstorm round.</summary>
public static class BrainstormScenario
{
    public static Task<GraphQLResponse> CreateAsync(GraphQLClient manager, string id, string[] departments, DateTimeOffset closesAt,
        int votesPerLearner = 3, int winnerCount = 1) => manager.PostAsync("""
        mutation($input: CreateBrainstormInput!) { createBrainstorm(input: $input) { brainstorm { id isOpen votesPerLearner } userErrors { code message field } } }
        """, new
    {
        input = new
        {
            id, departmentIds = departments, closesAt, votesPerLearner, winnerCount,
            titles = new { zhCN = "一网通办再提速", en = "Faster one-stop services" },
            question = new { zhCN = "如何让群众办事少跑一次？", en = "How can residents make one trip fewer?" },
        },
    });

    public static Task<GraphQLResponse> SubmitAsync(GraphQLClient learner, string brainstormId, string text) => learner.PostAsync("""
        mutation($input: SubmitIdeaInput!) { submitIdea(input: $input) { idea { id text departmentId mine } userErrors { code message field } } }
        """, new { input = new { brainstormId, text } });

    public static async Task<string> IdeaAsync(GraphQLClient learner, string brainstormId, string text) =>
        (await SubmitAsync(learner, brainstormId, text)).AssertNoErrors().Data!["submitIdea"]!["idea"]!["id"]!.GetValue<string>();

    public static Task<GraphQLResponse> VoteAsync(GraphQLClient learner, string brainstormId, string ideaId) => learner.PostAsync("""
        mutation($input: VoteIdeaInput!) { voteIdea(input: $input) { voteReceipt { ideaId votesLeft } userErrors { code message field } } }
        """, new { input = new { brainstormId, ideaId } });

    public static Task<GraphQLResponse> CloseAsync(GraphQLClient manager, string id) =>
        manager.PostAsync("mutation($id: ID!) { closeBrainstorm(id: $id) { brainstorm { finalisedAt isOpen } userErrors { code message field } } }", new { id });
}
