using Orleans.Concurrency;

namespace Gamified.Brainstorms;

/// <summary>
/// One brainstorm challenge (头脑风暴), keyed by id. Ideas, votes and moderation pass through it one at a
/// time, so "one vote per idea" and the vote budget hold under concurrency. Closing ranks the visible ideas
/// and turns ideas, votes and winners into activity statements, idempotently.
/// </summary>
[Alias("gamified.IBrainstormGrain")]
public interface IBrainstormGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<BrainstormInfo> Create(CreateBrainstorm command);

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<BrainstormInfo?> Get();

    /// <summary>Ideas, best first once ranked; hidden ones only when asked for.</summary>
    [AlwaysInterleave, Alias("Ideas")]
    [return: Immutable]
    Task<IReadOnlyList<IdeaInfo>> Ideas(bool includeHidden);

    [AlwaysInterleave, Alias("VotesLeft")]
    Task<int> VotesLeft(string learnerId);

    [Alias("SubmitIdea")]
    Task<IdeaInfo> SubmitIdea(string learnerId, string departmentId, string text);

    [Alias("Vote")]
    Task<VoteReceipt> Vote(string learnerId, string departmentId, string ideaId);

    [Alias("HideIdea")]
    Task<IdeaInfo> HideIdea(string ideaId, string reason, string hiddenBy);

    /// <summary>Ends the window (now, if it is still open), fixes the winners and records the statements; repeatable.</summary>
    [Alias("Close")]
    Task<BrainstormInfo> Close();

    /// <summary>Erases the text of the learner's ideas and of the reasons they were hidden for (personal-data erasure);
    /// the ideas, their votes and ranks stay. Returns how many ideas; repeating it erases none.</summary>
    [Alias("EraseAuthor")]
    Task<int> EraseAuthor(string learnerId);
}
