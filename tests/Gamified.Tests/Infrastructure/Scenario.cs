using System.Text.Json.Nodes;

namespace Gamified.Tests.Infrastructure;

/// <summary>The GraphQL calls tests make again and again, with unique ids so tests sharing a server never collide.</summary>
public sealed class Scenario(GraphQLClient client)
{
    public GraphQLClient Client => client;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("n")[..10]}";

    public async Task<string> CreateDepartmentAsync(string? id = null, string? parentId = null)
    {
        id ??= NewId("dept");
        await client.QueryAsync("""
            mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code message field } } }
            """, new { input = new { id, names = new { zhCN = "数据资源管理局", en = "Data Resources Bureau" }, parentId } });
        return id;
    }

    public async Task<string> RegisterLearnerAsync(string departmentId, string? id = null, string displayName = "王小明")
    {
        id ??= NewId("learner");
        await client.QueryAsync("""
            mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message field } } }
            """, new { input = new { id, displayName, departmentId } });
        return id;
    }

    public async Task<string> CreateChallengeAsync(int points, int? firstN = null, string kind = "INDIVIDUAL",
        DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null)
    {
        var id = NewId("challenge");
        await client.QueryAsync("""
            mutation($input: CreateChallengeInput!) { createChallenge(input: $input) { challenge { id } userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id, kind, points, firstN, opensAt, closesAt,
                titles = new { zhCN = "一网通办流程优化挑战", en = "One-stop service redesign challenge" },
            },
        });
        return id;
    }

    public Task<GraphQLResponse> RecordActivityAsync(string learnerId, string key, string verb = "COMPLETED",
        string objectId = "lesson-1", string objectKind = "LESSON", double? score = null) =>
        client.PostAsync("""
            mutation($input: RecordActivityInput!) {
              recordActivity(input: $input) { activityRecorded { activityId replayed xpAwarded xpTotal entries { seq amount hash } } userErrors { code message field } }
            }
            """, new
        {
            input = new
            {
                learnerId, idempotencyKey = key, verb,
                @object = new { id = objectId, kind = objectKind },
                result = score is null ? null : new { score },
            },
        });

    public async Task<JsonNode> LearnerAsync(string id) => (await client.QueryAsync("""
        query($id: ID!) {
          learner(id: $id) {
            id displayName departmentId active xp level { number }
            badges { badgeId reason awardedAt ledgerSeq }
            challengesCompleted { challengeId points winnerRank }
            teams { id }
          }
        }
        """, new { id }))["learner"]!;

    /// <summary>Every entry of the learner's ledger, fetched page by page.</summary>
    public async Task<List<JsonNode>> FullLedgerAsync(string learnerId, int pageSize = 100)
    {
        var entries = new List<JsonNode>();
        string? after = null;
        while (true)
        {
            var page = (await client.QueryAsync("""
                query($id: ID!, $first: Int, $after: String) {
                  learner(id: $id) {
                    ledger(first: $first, after: $after) {
                      totalCount pageInfo { hasNextPage endCursor }
                      edges { node { seq kind amount badgeId reason reasonCommitment reasonSalt ruleId schemeId schemeVersion activityId challengeId occurredAt recordedAt previousHash hash } }
                    }
                  }
                }
                """, new { id = learnerId, first = pageSize, after }))["learner"]!["ledger"]!;
            entries.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!));
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) return entries;
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
    }
}
