using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gamified.Plugins.Packages;

namespace Gamified.Plugins.Grading;

/// <summary>
/// Which questions of a bank one attempt gets. Deterministic for a seed (the learner, package version and test)
/// and an attempt number, so a repeated request and the grading of the submission see the same questions. Each
/// attempt draws from the questions no earlier attempt of the round had; when too few are left, it takes all of
/// them, tops up with those the previous attempt did not have where it can, and a new round begins. The drawn
/// questions keep the order of the file, as authors may order them from easy to hard.
/// </summary>
public static class QuestionDraw
{
    public static IReadOnlyList<Question> For(QuestionSet set, string seed, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var all = set.Questions ?? [];
        var count = set.DrawCount;
        if (count >= all.Count) return all;

        var usedThisRound = new HashSet<string>(StringComparer.Ordinal);
        var previous = new HashSet<string>(StringComparer.Ordinal);
        var drawn = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 1; a <= attempt; a++)
        {
            var round = a;
            ulong Rank(Question q) => RankOf(seed, round, q.Id!);
            drawn = all.Where(q => !usedThisRound.Contains(q.Id!)).OrderBy(Rank).ThenBy(q => q.Id, StringComparer.Ordinal)
                .Take(count).Select(q => q.Id!).ToHashSet(StringComparer.Ordinal);
            if (drawn.Count < count)
            {
                var topUp = all.Where(q => !drawn.Contains(q.Id!)).OrderBy(q => previous.Contains(q.Id!)).ThenBy(Rank)
                    .ThenBy(q => q.Id, StringComparer.Ordinal).Take(count - drawn.Count).Select(q => q.Id!).ToList();
                drawn.UnionWith(topUp);
                usedThisRound.Clear();
            }
            usedThisRound.UnionWith(drawn);
            previous = drawn;
        }
        return all.Where(q => drawn.Contains(q.Id!)).ToList();
    }

    private static ulong RankOf(string seed, int attempt, string questionId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{attempt}\n{questionId}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
