using Gamified.Activity;
using Gamified.Common;
using Microsoft.Extensions.Logging;

namespace Gamified.Brainstorms;

/// <summary>
/// A brainstorm challenge. Ideas and votes pass through this grain one at a time, so each learner votes once
/// per idea, never for their own or their department's ideas, within their budget. Hidden ideas drop out of the
/// results and give back the votes cast on them. Closing fixes the ranking and records <c>submitted-idea</c>,
/// <c>voted-idea</c> and <c>won-idea</c> statements under keys derived from the brainstorm and idea, so a
/// repeated close awards nothing twice.
/// </summary>
public sealed class BrainstormGrain(
    [PersistentState("brainstorm", StorageNames.Main)] IPersistentState<BrainstormState> state,
    TimeProvider clock,
    ILogger<BrainstormGrain> logger) : Grain, IBrainstormGrain
{
    public const int MaxDepartments = 50;
    public const int MaxVotesPerLearner = 50;
    public const int MaxWinners = 20;
    public const int MinIdeaLength = 5;
    public const int MaxIdeaLength = 1000;
    public const int MaxIdeasPerLearner = 5;
    public const int MaxReasonLength = 500;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    private string BrainstormId => this.EntityId();

    public async Task<BrainstormInfo> Create(CreateBrainstorm command)
    {
        if (state.RecordExists) throw DomainException.Conflict($"Brainstorm '{BrainstormId}' already exists.");
        var departments = (command.DepartmentIds ?? []).Select(d => Validate.Id(d, "input.departmentIds")).Distinct().ToList();
        if (departments.Count < 2 || departments.Count > MaxDepartments)
            throw DomainException.BadInput("input.departmentIds", $"A brainstorm runs across 2 to {MaxDepartments} departments.");
        foreach (var department in departments)
            if (await GrainFactory.Department(department).Get() is null) throw DomainException.NotFound("Department", department);
        Validate.Moment(command.OpensAt, "input.opensAt");
        Validate.Moment(command.ClosesAt, "input.closesAt");
        if (command.ClosesAt <= command.OpensAt || command.ClosesAt - command.OpensAt > MaxWindow)
            throw DomainException.BadInput("input.closesAt", "input.closesAt is after input.opensAt, within 90 days.");
        var now = clock.GetUtcNow();
        if (command.ClosesAt <= now) throw DomainException.BadInput("input.closesAt", "input.closesAt must be in the future.");

        state.State = new BrainstormState
        {
            Titles = Validate.Names(command.Titles, "input.titles"),
            Question = new LocalizedText(Validate.Name(command.Question?.ZhCn, "input.question.zhCN", MaxIdeaLength),
                Validate.Name(command.Question?.En, "input.question.en", MaxIdeaLength)),
            DepartmentIds = departments,
            OpensAt = command.OpensAt,
            ClosesAt = command.ClosesAt,
            VotesPerLearner = Validate.Range(command.VotesPerLearner, 1, MaxVotesPerLearner, "input.votesPerLearner"),
            WinnerCount = Validate.Range(command.WinnerCount, 1, MaxWinners, "input.winnerCount"),
            CreatedBy = command.CreatedBy,
            CreatedAt = now,
        };
        await state.WriteStateAsync();
        await GrainFactory.Directory().Add(Directory.DirectoryKind.Brainstorm, BrainstormId);
        return Info();
    }

    public Task<BrainstormInfo?> Get() => Task.FromResult(state.RecordExists ? Info() : null);

    public Task<IReadOnlyList<IdeaInfo>> Ideas(bool includeHidden) => Task.FromResult<IReadOnlyList<IdeaInfo>>(
        !state.RecordExists ? [] : Ranked(state.State.Ideas.Where(i => includeHidden || !i.Hidden)).Select(Idea).ToList());

    public Task<int> VotesLeft(string learnerId) =>
        Task.FromResult(state.RecordExists ? state.State.VotesPerLearner - VotesUsed(learnerId) : 0);

    public async Task<IdeaInfo> SubmitIdea(string learnerId, string departmentId, string text)
    {
        RequireOpen();
        RequireParticipant(departmentId);
        var idea = IdeaText(text);
        var mine = state.State.Ideas.Where(i => i.AuthorId == learnerId).ToList();
        if (mine.Count >= MaxIdeasPerLearner)
            throw DomainException.Conflict($"A learner submits at most {MaxIdeasPerLearner} ideas to one brainstorm.");
        if (mine.Any(i => i.Text == idea)) throw DomainException.Conflict("You submitted this idea already.");

        var added = new IdeaState
        {
            Id = $"idea-{state.State.Ideas.Count + 1}", AuthorId = learnerId, DepartmentId = departmentId, Text = idea,
            SubmittedAt = clock.GetUtcNow(),
        };
        state.State.Ideas.Add(added);
        await state.WriteOrUndoAsync(() => state.State.Ideas.Remove(added));
        return Idea(added);
    }

    public async Task<VoteReceipt> Vote(string learnerId, string departmentId, string ideaId)
    {
        RequireOpen();
        RequireParticipant(departmentId);
        var idea = state.State.Ideas.FirstOrDefault(i => i.Id == ideaId && !i.Hidden) ?? throw DomainException.NotFound("Idea", ideaId);
        if (idea.AuthorId == learnerId) throw new DomainException(ErrorCodes.SelfVote, "You cannot vote for your own idea.");
        if (idea.DepartmentId == departmentId)
            throw new DomainException(ErrorCodes.SameDepartmentVote, "Votes go to ideas from other departments.");
        if (idea.Voters.Contains(learnerId)) throw new DomainException(ErrorCodes.AlreadyVoted, "You voted for this idea already.");
        if (VotesUsed(learnerId) >= state.State.VotesPerLearner)
            throw new DomainException(ErrorCodes.VoteBudgetExhausted, $"You have used all {state.State.VotesPerLearner} of your votes.");
        idea.Voters.Add(learnerId);
        await state.WriteOrUndoAsync(() => idea.Voters.Remove(learnerId));
        return new VoteReceipt(ideaId, state.State.VotesPerLearner - VotesUsed(learnerId));
    }

    public async Task<IdeaInfo> HideIdea(string ideaId, string reason, string hiddenBy)
    {
        RequireExists();
        if (state.State.FinalisedAt is not null) throw DomainException.Conflict("The results are final; ideas can no longer be hidden.");
        var idea = state.State.Ideas.FirstOrDefault(i => i.Id == ideaId) ?? throw DomainException.NotFound("Idea", ideaId);
        var why = Validate.Name(reason, "input.reason", MaxReasonLength);
        if (idea.Hidden) return Idea(idea);
        idea.Hidden = true;
        idea.HiddenReason = why;
        idea.HiddenBy = hiddenBy;
        await state.WriteOrUndoAsync(() => { idea.Hidden = false; idea.HiddenReason = null; idea.HiddenBy = null; });
        return Idea(idea);
    }

    public async Task<int> EraseAuthor(string learnerId)
    {
        if (!state.RecordExists) return 0;
        var theirs = state.State.Ideas.Where(i => i.AuthorId == learnerId && i.Text != ErasedText).ToList();
        if (theirs.Count == 0) return 0;
        var before = theirs.Select(i => (i.Text, i.HiddenReason)).ToList();
        foreach (var idea in theirs) (idea.Text, idea.HiddenReason) = (ErasedText, idea.HiddenReason is null ? null : ErasedText);
        await state.WriteOrUndoAsync(() =>
        {
            for (var i = 0; i < theirs.Count; i++) (theirs[i].Text, theirs[i].HiddenReason) = before[i];
        });
        return theirs.Count;
    }

    /// <summary>What an erased idea's text (and hiding reason) reads afterwards.</summary>
    public const string ErasedText = "（内容已删除 / erased）";

    public async Task<BrainstormInfo> Close()
    {
        RequireExists();
        var s = state.State;
        if (s.FinalisedAt is null)
        {
            var now = clock.GetUtcNow();
            if (now < s.OpensAt) throw new DomainException(ErrorCodes.BrainstormNotOpen, $"Brainstorm '{BrainstormId}' has not opened yet.");
            if (now < s.ClosesAt) s.ClosesAt = now;
            s.FinalisedAt = now;
            var rank = 0;
            foreach (var idea in Ranked(s.Ideas.Where(i => !i.Hidden))) idea.Rank = ++rank;
            await state.WriteStateAsync();
        }
        if (!s.StatementsRecorded)
        {
            await RecordResults();
            s.StatementsRecorded = true;
            await state.WriteStateAsync();
        }
        return Info();
    }

    /// <summary>Every visible idea, every vote on one, and every winner becomes a statement, per learner in order.</summary>
    private async Task RecordResults()
    {
        var statements = new List<(string Learner, ActivityStatement Statement)>();
        foreach (var idea in state.State.Ideas.Where(i => !i.Hidden))
        {
            var target = new ActivityObject($"{BrainstormId}/{idea.Id}", "idea");
            var key = $"brainstorm:{BrainstormId}:{idea.Id}";
            statements.Add((idea.AuthorId, new ActivityStatement(key + ":submitted", "submitted-idea", target,
                new ActivityResult(null, null, true, null), null, idea.SubmittedAt, Attestation.Server)));
            foreach (var voter in idea.Voters)
                statements.Add((voter, new ActivityStatement(key + ":voted", "voted-idea", target, null, null, state.State.FinalisedAt, Attestation.Server)));
            if (idea.Rank <= state.State.WinnerCount && idea.Voters.Count > 0)
                statements.Add((idea.AuthorId, new ActivityStatement(key + ":won", "won-idea", target,
                    new ActivityResult(null, true, true, null), null, state.State.FinalisedAt, Attestation.Server)));
        }
        await Task.WhenAll(statements.GroupBy(s => s.Learner).Select(async group =>
        {
            var learner = GrainFactory.Learner(group.Key);
            foreach (var (_, statement) in group)
            {
                try
                {
                    await learner.RecordActivity(statement);
                }
                catch (DomainException refused)
                {
                    // One learner's refusal (a ledger that no longer takes it) must not keep the results from everyone else.
                    logger.LogWarning("Brainstorm {Brainstorm}: statement {Key} for {Learner} refused: {Code} {Message}",
                        BrainstormId, statement.IdempotencyKey, group.Key, refused.Code, refused.Message);
                }
            }
        }));
    }

    private int VotesUsed(string learnerId) => state.State.Ideas.Count(i => !i.Hidden && i.Voters.Contains(learnerId));

    private static IEnumerable<IdeaState> Ranked(IEnumerable<IdeaState> ideas) => ideas
        .OrderByDescending(i => i.Voters.Count).ThenBy(i => i.SubmittedAt).ThenBy(i => i.Id, StringComparer.Ordinal);

    private static string IdeaText(string? text)
    {
        var idea = text?.Trim() ?? "";
        if (idea.Length < MinIdeaLength || idea.Length > MaxIdeaLength)
            throw DomainException.BadInput("input.text", $"An idea is {MinIdeaLength} to {MaxIdeaLength} characters.");
        if (idea.Any(c => char.IsControl(c) && c != '\n'))
            throw DomainException.BadInput("input.text", "input.text must not contain control characters other than line breaks.");
        return Validate.WellFormed(idea, "input.text");
    }

    private void RequireExists()
    {
        if (!state.RecordExists) throw DomainException.NotFound("Brainstorm", BrainstormId);
    }

    private void RequireOpen()
    {
        RequireExists();
        var now = clock.GetUtcNow();
        if (!Info().IsOpenAt(now))
            throw new DomainException(ErrorCodes.BrainstormNotOpen,
                $"Brainstorm '{BrainstormId}' takes ideas and votes from {state.State.OpensAt:O} until {state.State.ClosesAt:O}.");
    }

    private void RequireParticipant(string departmentId)
    {
        if (!state.State.DepartmentIds.Contains(departmentId))
            throw new DomainException(ErrorCodes.NotAssigned, $"Your department does not take part in brainstorm '{BrainstormId}'.");
    }


    private static IdeaInfo Idea(IdeaState i) =>
        new(i.Id, i.AuthorId, i.DepartmentId, i.Text, i.SubmittedAt, i.Voters.Count, i.Hidden, i.HiddenReason, i.HiddenBy, i.Rank);

    private BrainstormInfo Info() => new(BrainstormId, state.State.Titles, state.State.Question, state.State.DepartmentIds.ToList(),
        state.State.OpensAt, state.State.ClosesAt, state.State.VotesPerLearner, state.State.WinnerCount,
        state.State.Ideas.Count(i => !i.Hidden), state.State.FinalisedAt, state.State.CreatedBy, state.State.CreatedAt);
}
