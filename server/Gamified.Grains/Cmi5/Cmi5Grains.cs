using System.Security.Cryptography;
using System.Text;
using Gamified.Common;

namespace Gamified.Cmi5;

[GenerateSerializer, Alias("Cmi5RegistrationState")]
public sealed class Cmi5RegistrationState
{
    [Id(0)] public Guid Registration { get; set; }
    [Id(1)] public List<string> Satisfied { get; set; } = [];
    [Id(2)] public Dictionary<string, Guid> CurrentSessions { get; set; } = [];
}

public sealed class Cmi5RegistrationGrain(
    [PersistentState("cmi5-registration", StorageNames.Main)] IPersistentState<Cmi5RegistrationState> state) : Grain, ICmi5RegistrationGrain
{
    public async Task<Guid> Registration()
    {
        if (state.RecordExists) return state.State.Registration;
        state.State = new Cmi5RegistrationState { Registration = Guid.NewGuid() };
        await state.WriteStateAsync();
        return state.State.Registration;
    }

    public async Task<Guid?> ReplaceSession(string auId, Guid sessionId)
    {
        Guid? previous = state.State.CurrentSessions.TryGetValue(auId, out var before) ? before : null;
        state.State.CurrentSessions[auId] = sessionId;
        await state.WriteStateAsync();
        return previous;
    }

    public async Task<IReadOnlyList<string>?> Satisfy(string auId)
    {
        if (state.State.Satisfied.Contains(auId)) return null;
        state.State.Satisfied.Add(auId);
        await state.WriteStateAsync();
        return state.State.Satisfied.ToList();
    }
}

[GenerateSerializer, Alias("Cmi5SessionState")]
public sealed class Cmi5SessionState
{
    [Id(0)] public Cmi5Session? Session { get; set; }
    [Id(1)] public string FetchKeyHash { get; set; } = "";
    [Id(2)] public bool Fetched { get; set; }
    [Id(3)] public string TokenHash { get; set; } = "";
    [Id(4)] public DateTimeOffset TokenExpires { get; set; }
    [Id(5)] public bool Initialized { get; set; }
    [Id(6)] public bool Completed { get; set; }
    [Id(7)] public string? Judged { get; set; }
    [Id(8)] public bool Terminated { get; set; }
    [Id(9)] public bool Satisfied { get; set; }
    [Id(10)] public HashSet<Guid> Accepted { get; set; } = [];
    [Id(11)] public bool SatisfiedTaken { get; set; }
    [Id(12)] public bool Abandoned { get; set; }
}

/// <summary>
/// Secrets are kept only as SHA-256 hashes: the stored state gives away neither the fetch key nor the token. The fetch is
/// marked used in storage before the token is handed out, so a crash between the two loses a token, never gives out two.
/// </summary>
/// <para>
/// The timeout is an Orleans reminder rather than a sweep: reminders are stored (a restart or a node's loss does not drop
/// one), fire on the one activation of the grain in the cluster, and the grain's calls run one at a time, so the timeout and
/// a new launch cannot both state abandoned; a sweep would need a table of open sessions to query, which only the grains
/// hold. It costs one reminder row a launch, removed when it fires.
/// </para>
public sealed class Cmi5SessionGrain(
    [PersistentState("cmi5-session", StorageNames.Main)] IPersistentState<Cmi5SessionState> state,
    Cmi5Options settings, TimeProvider clock, ICmi5AbandonedStatements abandoned) : Grain, ICmi5SessionGrain, IRemindable
{
    private const string TimeoutReminder = "session-timeout";

    public async Task Open(Cmi5Session session, string fetchKeyHash)
    {
        if (state.RecordExists) throw DomainException.Conflict("This launch session exists already.");
        state.State = new Cmi5SessionState { Session = session, FetchKeyHash = fetchKeyHash };
        await state.WriteStateAsync();
        // Reminders repeat no faster than once a minute; the first firing decides, a later one only retries a failed one.
        await this.RegisterOrUpdateReminder(TimeoutReminder, settings.SessionTimeout, TimeSpan.FromMinutes(1));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TimeoutReminder) return;
        await Abandon();
        if (await this.GetReminder(TimeoutReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public async Task<Cmi5FetchOutcome> Fetch(string fetchKey)
    {
        if (!state.RecordExists || !FixedEquals(Hash(fetchKey), state.State.FetchKeyHash))
            return new Cmi5FetchOutcome(null, "2", "This fetch URL is not one this LMS made.");
        if (state.State.Fetched) return new Cmi5FetchOutcome(null, "1", "The auth token of this launch was handed out already; launch the AU again.");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        state.State.Fetched = true;
        state.State.TokenHash = Hash(token);
        state.State.TokenExpires = clock.GetUtcNow() + settings.TokenLifetime;
        await state.WriteStateAsync();
        return new Cmi5FetchOutcome(token, null, null);
    }

    public async Task<Cmi5Verdict> Accept(Guid statementId, string verbId, string? activityId, bool? success, decimal? scaled)
    {
        if (!state.RecordExists || state.State.Session is not { } session) return new Cmi5Verdict("No such launch session.", false);
        var s = state.State;
        if (s.Accepted.Contains(statementId)) return new Cmi5Verdict(null, false);
        var verb = verbId.StartsWith(Cmi5Verbs.Adl, StringComparison.Ordinal) ? verbId[Cmi5Verbs.Adl.Length..] : null;
        var refusal = Cmi5Verbs.LmsOnly.Contains(verbId) ? "Only the LMS states launched, satisfied, abandoned and waived."
            : s.Abandoned ? "This session was abandoned (a newer launch of the AU, or its timeout): launch the AU again."
            : s.Terminated ? "The session is terminated: a new launch makes a new session."
            : verb is "initialized" or "completed" or "passed" or "failed" or "terminated" && activityId != session.AuId
                ? $"{verb} is about the AU launched: its object is the launch's activityId, {session.AuId}."
            : verb == "initialized" ? (s.Initialized ? "initialized is sent once a session." : null)
            : !s.Initialized ? "initialized comes first in a session."
            : verb == "completed" ? (s.Completed ? "completed is sent at most once a session." : null)
            : verb is "passed" or "failed" ? Judge(verb, success, scaled, session.MasteryScore, s.Judged)
            : null;
        if (refusal is not null) return new Cmi5Verdict(refusal, false);

        switch (verb)
        {
            case "initialized": s.Initialized = true; break;
            case "completed": s.Completed = true; break;
            case "passed" or "failed": s.Judged = verb; break;
            case "terminated": s.Terminated = true; break;
        }
        s.Accepted.Add(statementId);
        var satisfied = !s.Satisfied && session.MoveOn switch
        {
            Plugins.Cmi5.Cmi5MoveOn.Completed => s.Completed,
            Plugins.Cmi5.Cmi5MoveOn.Passed => s.Judged == "passed",
            Plugins.Cmi5.Cmi5MoveOn.CompletedAndPassed => s.Completed && s.Judged == "passed",
            Plugins.Cmi5.Cmi5MoveOn.CompletedOrPassed => s.Completed || s.Judged == "passed",
            _ => s.Initialized,   // NotApplicable: nothing to wait for
        };
        s.Satisfied |= satisfied;
        await state.WriteStateAsync();
        return new Cmi5Verdict(null, satisfied);
    }

    public async Task<Cmi5Session?> Abandon()
    {
        if (!state.RecordExists || state.State.Abandoned || state.State.Session is not { } session) return null;
        var left = state.State.Initialized && !state.State.Terminated;
        // Stated before it is marked: a crash in between states it again (the same statement id), never not at all.
        if (left) await abandoned.State(session);
        state.State.Abandoned = true;
        await state.WriteStateAsync();
        return left ? session : null;
    }

    public async Task<Cmi5Session?> TakeSatisfied()
    {
        if (!state.RecordExists || !state.State.Satisfied || state.State.SatisfiedTaken) return null;
        state.State.SatisfiedTaken = true;
        await state.WriteStateAsync();
        return state.State.Session;
    }

    /// <summary>cmi5 9.3.4–9.3.5: one judgement a session, and it agrees with the score when the LMS gave a masteryScore.</summary>
    private static string? Judge(string verb, bool? success, decimal? scaled, decimal? mastery, string? judged)
    {
        if (judged is not null) return $"The session has {judged} already: one passed or failed a session.";
        if (success is { } said && said != (verb == "passed")) return $"{verb} carries result.success {(verb == "passed" ? "true" : "false")}.";
        if (mastery is not { } m) return null;
        if (scaled is not { } score) return $"{verb} carries result.score.scaled: this AU has a masteryScore.";
        if (verb == "passed" && score < m) return $"A score of {score} is below the masteryScore {m}: that is failed, not passed.";
        if (verb == "failed" && score >= m) return $"A score of {score} reaches the masteryScore {m}: that is passed, not failed.";
        return null;
    }

    public Task<Cmi5Session?> Admit(string token) =>
        Task.FromResult(state.RecordExists && state.State.Fetched && clock.GetUtcNow() < state.State.TokenExpires
                        && FixedEquals(Hash(token), state.State.TokenHash) ? state.State.Session : null);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}

public static class Cmi5Verbs
{
    public const string Adl = "http://adlnet.gov/expapi/verbs/";
    public const string Satisfied = "https://w3id.org/xapi/adl/verbs/satisfied";
    public const string Waived = "https://w3id.org/xapi/adl/verbs/waived";
    public const string Abandoned = "https://w3id.org/xapi/adl/verbs/abandoned";
    public static readonly IReadOnlySet<string> LmsOnly = new HashSet<string>
    {
        Adl + "launched", Satisfied, Abandoned, Waived,
    };
}
