using Gamified.Activity;
using Gamified.Common;

namespace Gamified.Plans;

/// <summary>Attendance stated by hand, and the roster of a session.</summary>
public sealed partial class TrainingPlanGrain
{
    /// <summary>A host who forgot can still record the session until this long after its end.</summary>
    public static readonly TimeSpan HandCheckInAfterEnd = TimeSpan.FromDays(1);

    public async Task<CheckInReceipt> CheckInByHost(string learnerId, string sessionId, string checkedInBy, string reason, bool byManager)
    {
        var session = RequireSession(sessionId);
        var why = Reason(reason);
        if (!session.Seats.TryGetValue(learnerId, out var seat))
            throw new DomainException(ErrorCodes.NotRegistered, $"Learner '{learnerId}' has no place at session '{sessionId}'.");
        var now = clock.GetUtcNow();
        RequireCheckInAllowed(session, now, session.Spec.EndsAt + HandCheckInAfterEnd);
        if (seat.CheckedInAt is not null)
            throw new DomainException(ErrorCodes.AlreadyCheckedIn, $"Attendance of '{learnerId}' at session '{sessionId}' is recorded already.");
        return await RecordAttendance(session, learnerId, seat, now, null, checkedInBy, why, byManager ? Attestation.Manager : Attestation.SelfReported);
    }

    public Task<SessionRoster> Roster(string sessionId)
    {
        var session = RequireSession(sessionId);
        var now = clock.GetUtcNow();
        var ended = now >= session.Spec.EndsAt;
        var entries = new List<RosterEntry>();
        foreach (var (learnerId, seat) in session.Seats.OrderBy(s => s.Value.RegisteredAt).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            var status = seat.CheckedInAt is { } at ? (at > session.Spec.StartsAt + SessionSpec.LateAfter ? RosterStatus.Late : RosterStatus.Attended)
                : ended ? RosterStatus.Absent : RosterStatus.Registered;
            entries.Add(new RosterEntry(learnerId, seat.DepartmentId, status, seat.RegisteredAt, null, seat.CheckedInAt,
                seat.CheckedInAt is null ? null : seat.CheckedInBy is null ? CheckInMethod.Code : CheckInMethod.Host,
                seat.CheckedInBy, seat.CheckInReason, null));
        }
        entries.AddRange(session.Waiting.Select((w, i) => new RosterEntry(w.LearnerId, w.DepartmentId, RosterStatus.Waiting, w.Since, i + 1,
            null, null, null, null, null)));
        entries.AddRange(session.Cancelled.Select(c => new RosterEntry(c.LearnerId, c.DepartmentId, RosterStatus.Cancelled, c.RegisteredAt, null,
            null, null, null, null, c.CancelledAt)));
        var info = Info().Session(sessionId)!;
        return Task.FromResult(new SessionRoster(PlanId, info, entries));
    }

    public Task<IReadOnlyList<SessionSeat>> Attendance() => Task.FromResult<IReadOnlyList<SessionSeat>>(state.RecordExists
        ? state.State.Sessions.SelectMany(s => s.Seats.Where(x => x.Value.CheckedInAt is not null).Select(x => Seat(s, x.Key))).ToList()
        : []);
}
