using Gamified.Activity;

namespace Gamified.Rewards;

/// <summary>An XP award that a rule grants for one statement, before it becomes a ledger entry.</summary>
public sealed record AwardDraft(int Amount, string RuleId, string Reason);

/// <summary>Decides what a statement earns. Pure: the same statement always earns the same.</summary>
public interface IAwardRules
{
    IReadOnlyList<AwardDraft> Evaluate(ActivityStatement statement);
}
