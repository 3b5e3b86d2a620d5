using Gamified.Activity;

namespace Gamified.Rewards;

/// <summary>
/// The built-in rules: fixed XP per verb, documented in the README. A statement whose verb earns
/// nothing (e.g. <c>started</c>) is recorded but writes no ledger entry.
/// </summary>
public sealed class FoundationRules : IAwardRules
{
    public static readonly IReadOnlyDictionary<string, int> PointsByVerb = new Dictionary<string, int>
    {
        ["started"] = 0,
        ["answered"] = 1,
        ["failed"] = 2,
        ["rated"] = 2,
        ["submitted-idea"] = 5,
        ["completed"] = 10,
        ["attended"] = 15,
        ["passed"] = 20,
    };

    public IReadOnlyList<AwardDraft> Evaluate(ActivityStatement statement)
    {
        if (!PointsByVerb.TryGetValue(statement.Verb, out var points) || points == 0) return [];
        return [new AwardDraft(points, $"foundation.{statement.Verb}", $"{statement.Verb} {statement.Object.Kind} '{statement.Object.Id}'")];
    }
}
