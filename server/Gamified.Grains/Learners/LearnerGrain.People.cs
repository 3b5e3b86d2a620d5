using Gamified.Common;
using Gamified.Departments;
using Gamified.Ledger;

namespace Gamified.Learners;

/// <summary>
/// The people side of a learner: the HR record (staff import), moves between departments and (de)activation. Each call is
/// one learner's change, written as a whole: the department history and account first (harmless to repeat), then the
/// profile in one write, then the learner's directory row; a call that fails half-way is finished by calling it again.
/// </summary>
public sealed partial class LearnerGrain
{
    public async Task<StaffSyncOutcome> Sync(StaffRecord record)
    {
        var staff = StaffRules.Checked(record);
        if (!Registered)
        {
            await Create(staff, clock.GetUtcNow());
            await WriteOrDrop();
            await List();   // the import may not have listed this one (a run that stopped half-way)
            return StaffSyncOutcome.Created;
        }

        var outcome = profile.State.Deactivated ? StaffSyncOutcome.Reactivated : StaffSyncOutcome.Unchanged;
        if (profile.State.DepartmentId != staff.DepartmentId)
        {
            await MoveTo(staff.DepartmentId);
            if (outcome == StaffSyncOutcome.Unchanged) outcome = StaffSyncOutcome.Moved;
        }
        var state = profile.State;
        var changed = state.DisplayName != staff.DisplayName || state.Email != staff.Email || state.Phone != staff.Phone
                      || !state.Roles.SequenceEqual(staff.Roles);
        if (changed && outcome == StaffSyncOutcome.Unchanged) outcome = StaffSyncOutcome.Changed;
        if (outcome != StaffSyncOutcome.Unchanged)
        {
            Apply(state, staff);
            state.Deactivated = false;
            await WriteOrDrop();
        }
        // Always: a run that wrote the profile but not the directory row is finished by the next.
        await List();
        return outcome;
    }

    /// <summary>A learner from an HR record: the account (unless open) and the profile in memory; the caller stores and lists
    /// them where needed.</summary>
    private async Task Create(StaffRecord staff, DateTimeOffset at)
    {
        var registering = LearnerProfileState.Registering(new RegisterLearner(staff.DisplayName, staff.DepartmentId, PublicVisibility.Pseudonym), at);
        Apply(registering, staff);
        // Exists, not active: the import refuses inactive departments itself, and a record it listed while the department was
        // active must still become a learner after a merge deactivated it, so the merge can move them on.
        if (await GrainFactory.Department(registering.DepartmentId).Get() is null)
            throw DomainException.NotFound("Department", registering.DepartmentId);
        // The import opened the account when it listed the record: it is opened here only if that did not happen.
        await Account.Load(registering.DepartmentId, registering.RegisteredAt);
        registering.Listed = true;
        profile.State = registering;
    }

    /// <summary>
    /// A learner the staff import listed but whose grain has not run yet becomes a learner now, from the pending record. A
    /// record that no longer fits (its department was removed since) leaves the learner unregistered rather than failing
    /// every call.
    /// </summary>
    private async Task TakePendingRecord()
    {
        if (Registered || await directory.Pending(LearnerId) is not { } pending) return;
        try
        {
            // Not written: the directory row the import wrote from this record, with the record, stays the learner's
            // source until the first change of their profile stores it (and rewrites the row, clearing the record).
            await Create(StaffRules.Checked(pending.Record), pending.At);
            _takenFromPendingRecord = true;
            // Taken again after the learner scored: stored now, so what they earned never hangs on the record's checks passing
            // on every later activation (a stricter rule, a department gone).
            if (Account.Head is { EntryCount: > 0 }) await WriteOrDrop();
        }
        catch (DomainException)
        {
            profile.State = new LearnerProfileState();
        }
    }

    public async Task<LearnerSnapshot> Move(string departmentId)
    {
        RequireAccount();
        departmentId = Validate.Id(departmentId, "input.departmentId");
        if (profile.State.DepartmentId != departmentId)
        {
            await MoveTo(departmentId);
            await WriteOrDrop();
        }
        await List();
        return Snapshot();
    }

    public Task<LearnerSnapshot> Deactivate() => SetDeactivated(true);

    public Task<LearnerSnapshot> Reactivate() => SetDeactivated(false);

    private async Task<LearnerSnapshot> SetDeactivated(bool deactivated)
    {
        RequireAccount();
        if (profile.State.Deactivated != deactivated)
        {
            // Back into an inactive department would put a learner where no board counts them: move them first.
            if (!deactivated)
                DepartmentChecks.RequireActive(await GrainFactory.Department(profile.State.DepartmentId).Get(), profile.State.DepartmentId, "learnerId");
            profile.State.Deactivated = deactivated;
            await WriteOrDrop();
        }
        await List();
        return Snapshot();
    }

    /// <summary>The department history and the ledger account's department; the profile's is the caller's to write.</summary>
    private async Task MoveTo(string departmentId)
    {
        DepartmentChecks.RequireActive(await GrainFactory.Department(departmentId).Get(), departmentId, "input.departmentId");
        var now = clock.GetUtcNow();
        await directory.RecordMove(LearnerId, profile.State.DepartmentId, departmentId, now);
        await Account.Open(departmentId, now);
        profile.State.DepartmentId = departmentId;
    }

    private static void Apply(LearnerProfileState state, StaffRecord staff)
    {
        state.DisplayName = staff.DisplayName;
        state.Email = staff.Email;
        state.Phone = staff.Phone;
        state.Roles = [.. staff.Roles];
    }

    /// <summary>Writes the profile; when the write fails, the activation lets go of its changed state (the next one reads the stored).</summary>
    private async Task WriteOrDrop()
    {
        try
        {
            profile.State.Listed = true;   // the row is written right after; Sync and Move write it again when repeated
            await profile.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Writes the learner's directory row (name, department, whether active, the staff digest), and tells every node
    /// that how the learner appears may have changed.</summary>
    private async Task List()
    {
        // Writing the row clears its pending HR record, the only stored copy of a profile taken from it and not written
        // since: that profile is stored first.
        if (!profile.RecordExists) await WriteOrDrop();
        var state = profile.State;
        await directory.Upsert(new LearnerListing(LearnerId, state.DisplayName, state.DepartmentId, !state.Deactivated,
            StaffRules.Hash(LearnerId, state.DisplayName, state.Roles, state.Email, state.Phone), clock.GetUtcNow()));
        live.Publish(new Live.LearnerShownEvent(LearnerId, clock.GetUtcNow()));
    }

    /// <summary>A learner of an older version (no directory row yet) is listed on activation, once.</summary>
    private async Task ListIfUnlisted()
    {
        if (profile.State.Listed) return;
        await List();
        profile.State.Listed = true;
        try
        {
            await profile.WriteStateAsync();
        }
        catch (Exception)
        {
            // Only the flag is lost: the row is written again on the next activation.
        }
    }

    private AccountSnapshot RequireActiveAccount()
    {
        var account = RequireAccount();
        if (profile.State.Deactivated)
            throw new DomainException(ErrorCodes.LearnerDeactivated, $"Learner '{LearnerId}' is deactivated and cannot score.");
        return account;
    }
}
