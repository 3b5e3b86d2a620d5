using Gamified.Ledger;
using Gamified.Common;
using Gamified.Learners;

namespace Gamified.Challenges;

[GenerateSerializer, Alias("gamified.ChallengeState")]
public sealed class ChallengeState
{
    [Id(0)] public LocalizedText Titles { get; set; } = new("", "");
    [Id(1)] public ChallengeKind Kind { get; set; }
    [Id(2)] public int Points { get; set; }
    [Id(3)] public DateTimeOffset OpensAt { get; set; }
    [Id(4)] public DateTimeOffset? ClosesAt { get; set; }
    [Id(5)] public int? FirstN { get; set; }

    /// <summary>Winner places, reserved (and stored) before the award is written, so there are never more than N.</summary>
    [Id(7)] public List<ChallengeWinner> Winners { get; set; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whose learners may complete it; empty for the whole organisation (as every challenge stored before departments was).</summary>
    [Id(9)] public List<string> DepartmentIds { get; set; } = [];
}

/// <summary>
/// A challenge. Completions pass through this grain one at a time, which is what makes "the first N
/// winners" exact under concurrency. Who completed it lives in the learners' ledgers, not here.
/// </summary>
public sealed class ChallengeGrain(
    [PersistentState("challenge", StorageNames.Main)] IPersistentState<ChallengeState> state,
    ILedgerStore ledger,
    TimeProvider clock) : Grain, IChallengeGrain
{
    public const int MaxPoints = 10_000;
    public const int MaxWinners = 1_000;
    public const int MaxDepartments = 50;

    /// <summary>Counted from the ledger on activation, so it can never disagree with the awards.</summary>
    private int _completions;

    private string ChallengeId => this.EntityId();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists) _completions = await ledger.CountChallengeCompletions(ChallengeId);
    }

    public async Task<ChallengeInfo> Create(CreateChallenge command)
    {
        if (state.RecordExists) throw DomainException.Conflict($"Challenge '{ChallengeId}' already exists.");
        var titles = Validate.Names(command.Titles, "input.titles");
        if (!Enum.IsDefined(command.Kind)) throw DomainException.BadInput("input.kind", "input.kind is not a known kind.");
        var points = Validate.Range(command.Points, 0, MaxPoints, "input.points");
        if (command.ClosesAt is { } closes && closes <= command.OpensAt)
            throw DomainException.BadInput("input.closesAt", "input.closesAt must be after input.opensAt.");
        int? firstN = command.FirstN is { } n ? Validate.Range(n, 1, MaxWinners, "input.firstN") : null;
        if (command.Kind == ChallengeKind.Race && firstN is null)
            throw DomainException.BadInput("input.firstN", "A race needs input.firstN, the number of winners.");
        var departments = (command.DepartmentIds ?? []).Select(d => Validate.Id(d, "input.departmentIds")).Distinct().ToList();
        if (departments.Count > MaxDepartments)
            throw DomainException.BadInput("input.departmentIds", $"A challenge is set for at most {MaxDepartments} departments (none: the whole organisation).");
        foreach (var department in departments)
            if (await GrainFactory.Department(department).Get() is null) throw DomainException.NotFound("Department", department);

        state.State = new ChallengeState
        {
            Titles = titles, Kind = command.Kind, Points = points, OpensAt = command.OpensAt, ClosesAt = command.ClosesAt,
            FirstN = firstN, CreatedAt = clock.GetUtcNow(), DepartmentIds = departments,
        };
        await state.WriteStateAsync();
        await GrainFactory.Directory().Add(Directory.DirectoryKind.Challenge, ChallengeId);
        return Info();
    }

    public Task<ChallengeInfo?> Get() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task<CompletedChallenge> Complete(string learnerId)
    {
        if (!state.RecordExists) throw DomainException.NotFound("Challenge", ChallengeId);
        var now = clock.GetUtcNow();
        if (!Info().IsOpenAt(now))
            throw new DomainException(ErrorCodes.ChallengeNotOpen, now < state.State.OpensAt
                ? $"Challenge '{ChallengeId}' opens at {state.State.OpensAt:O}."
                : $"Challenge '{ChallengeId}' closed at {state.State.ClosesAt:O}.");
        await RequireCovers(learnerId);

        // A place reserved on an earlier attempt whose outcome is unknown (e.g. it timed out) stays that learner's.
        var rank = state.State.Winners.FirstOrDefault(w => w.LearnerId == learnerId)?.Rank;
        var reservedNow = false;
        if (rank is null && state.State.FirstN is { } n && state.State.Winners.Count < n)
        {
            rank = state.State.Winners.Count + 1;
            state.State.Winners.Add(new ChallengeWinner(learnerId, rank.Value, now));
            reservedNow = true;
            await state.WriteOrUndoAsync(() => state.State.Winners.RemoveAt(state.State.Winners.Count - 1));
        }

        try
        {
            var completed = await GrainFactory.Learner(learnerId).CompleteChallenge(
                new ChallengeCompletionAward(ChallengeId, state.State.Titles, state.State.Points, rank, now, state.State.Kind));
            _completions++;
            return completed;
        }
        catch (DomainException) when (reservedNow)
        {
            // Refused, so certainly not awarded: the place goes to the next learner.
            state.State.Winners.RemoveAll(w => w.LearnerId == learnerId);
            await state.WriteStateAsync();
            throw;
        }
    }

    /// <summary>
    /// Checked here, not in the API, so that no path to a completion (a manager's, a package's) can award a
    /// learner of a department the challenge was not set for.
    /// </summary>
    private async Task RequireCovers(string learnerId)
    {
        if (state.State.DepartmentIds.Count == 0) return;
        var learner = await GrainFactory.Learner(learnerId).Get() ?? throw DomainException.NotFound("Learner", learnerId);
        if (!state.State.DepartmentIds.Contains(learner.Profile.DepartmentId))
            throw new DomainException(ErrorCodes.ChallengeNotForDepartment,
                $"Challenge '{ChallengeId}' is for department(s) {string.Join(", ", state.State.DepartmentIds)}, not '{learner.Profile.DepartmentId}'.");
    }

    private ChallengeInfo Info() => new(ChallengeId, state.State.Titles, state.State.Kind, state.State.Points,
        state.State.OpensAt, state.State.ClosesAt, state.State.FirstN, _completions,
        state.State.Winners.ToList(), state.State.CreatedAt, state.State.DepartmentIds.ToList());
}
