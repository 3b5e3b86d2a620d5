using Gamified.Accounts;
using System.Collections.Concurrent;
using Gamified.Api.Common;
using Gamified.Common;
using Gamified.Directory;
using Gamified.Leaderboards;
using Gamified.Learners;
using Microsoft.Extensions.Logging;

namespace Gamified.Api.People;

public enum StaffChangeAction
{
    Create,
    Change,
    Move,
    Reactivate,
    Deactivate,
}

/// <summary>One learner the import creates or changes (or would, in a dry run); the line is null for a deactivation.</summary>
public sealed record StaffChange(int? Line, string LearnerId, string DisplayName, StaffChangeAction Action, string? FromDepartmentId,
    string? ToDepartmentId);

/// <summary>What an import did (or, in a dry run, would do): counts, the changes (the first <see cref="StaffImport.MaxChangesShown"/>),
/// and the learners it could not change (re-running the import retries them).</summary>
public sealed record StaffImportReport(bool DryRun, int Rows, int Created, int Changed, int Moved, int Reactivated, int Deactivated,
    int Unchanged, IReadOnlyList<StaffChange> Changes, bool ChangesTruncated, IReadOnlyList<StaffImportError> Failures);

/// <summary>
/// The staff import: a checked CSV compared with the learner directory, then each difference applied through the learner's
/// grain. Idempotent (what matches the directory is left alone, so a second run changes nothing) and resumable (each
/// learner's change is whole, and a run that stopped half-way is finished by running it again: the comparison finds what is
/// left). Learners missing from the file are deactivated only when asked (<c>deactivateMissing</c>): a partial export must
/// not switch off half the organisation.
/// </summary>
public sealed class StaffImport(IGrainFactory grains, ILearnerDirectory directory, ILeaderboardRebuild boards, ISignInSessions sessions,
    ILogger<StaffImport> logger)
{
    public const int MaxChangesShown = 500;

    private sealed record Planned(StaffChange Change, StaffRecord? Record);

    /// <summary>The departments a caller's import may touch: null for all (admins, organisation-wide accounts); a service
    /// account limited to some departments (an HR sync for one bureau) gets those, with the departments below them.</summary>
    public static IReadOnlySet<string>? ReachOf(Security.Caller caller) =>
        caller.SeesEveryDepartment ? null : caller.Departments.ToHashSet(StringComparer.Ordinal);

    public async Task<MutationPayload> Run(string csv, bool dryRun, bool deactivateMissing, CancellationToken cancellationToken,
        IReadOnlySet<string>? reach = null)
    {
        var ids = await grains.Directory().List(DirectoryKind.Department);
        var all = (await Task.WhenAll(ids.Select(id => grains.Department(id).Get()))).OfType<Gamified.Departments.DepartmentInfo>().ToList();
        var parsed = StaffCsv.Read(csv ?? "", all.Where(d => d.Active).Select(d => d.Id).ToHashSet(StringComparer.Ordinal),
            all.Where(d => !d.Active).Select(d => d.Id).ToHashSet(StringComparer.Ordinal));
        if (parsed.Errors.Count > 0) return MutationPayload.Refused(parsed.Errors);

        var listed = await directory.All(cancellationToken);
        if (reach is not null)
        {
            var outside = OutsideReach(parsed.Rows, listed, reach);
            if (outside.Count > 0) return MutationPayload.Refused(outside);
            // Learners elsewhere are not this caller's to deactivate: they are simply not in its file.
            listed = [.. listed.Where(l => reach.Contains(l.DepartmentId))];
        }
        var plan = Plan(parsed.Rows, listed, deactivateMissing);
        if (dryRun) return new MutationPayload(Report(true, parsed.Rows.Count, plan.Select(p => p.Change).ToList(), []), []);
        // Not the request's token: a client that leaves does not stop an import half-way (it could be re-run, but need not be).
        return new MutationPayload(await Apply(parsed.Rows.Count, plan), []);
    }

    /// <summary>Lines that would put someone into, or take someone out of, a department beyond the caller's reach.</summary>
    private static List<StaffImportError> OutsideReach(IReadOnlyList<StaffRow> rows, IReadOnlyList<LearnerListing> listed, IReadOnlySet<string> reach)
    {
        var current = listed.ToDictionary(l => l.LearnerId, l => l.DepartmentId, StringComparer.Ordinal);
        var errors = new List<StaffImportError>();
        foreach (var row in rows)
        {
            if (!reach.Contains(row.Record.DepartmentId))
                errors.Add(new StaffImportError(row.Line, ErrorCodes.Forbidden,
                    "部门不在本账号可管理的范围内。 / The department is outside the departments this account may import into.",
                    "department", StaffImportError.Echo(row.Record.DepartmentId)));
            else if (current.TryGetValue(row.LearnerId, out var now) && !reach.Contains(now))
                errors.Add(new StaffImportError(row.Line, ErrorCodes.Forbidden,
                    "该员工目前属于本账号范围以外的部门。 / This employee is now in a department outside this account's departments.",
                    "employee_number", StaffImportError.Echo(row.LearnerId)));
        }
        return errors;
    }

    private static List<Planned> Plan(IReadOnlyList<StaffRow> rows, IReadOnlyList<LearnerListing> listed, bool deactivateMissing)
    {
        var current = listed.ToDictionary(l => l.LearnerId, StringComparer.Ordinal);
        var plan = new List<Planned>();
        foreach (var row in rows)
        {
            var record = row.Record;
            StaffChangeAction? action;
            if (!current.TryGetValue(row.LearnerId, out var now)) action = StaffChangeAction.Create;
            else if (!now.Active) action = StaffChangeAction.Reactivate;
            else if (now.DepartmentId != record.DepartmentId) action = StaffChangeAction.Move;
            else if (now.StaffHash != StaffRules.Hash(row.LearnerId, record.DisplayName, record.Roles, record.Email, record.Phone)) action = StaffChangeAction.Change;
            else action = null;
            if (action is { } a)
                plan.Add(new Planned(new StaffChange(row.Line, row.LearnerId, record.DisplayName, a, now?.DepartmentId, record.DepartmentId), record));
        }
        if (!deactivateMissing) return plan;
        var inFile = rows.Select(r => r.LearnerId).ToHashSet(StringComparer.Ordinal);
        plan.AddRange(listed.Where(l => l.Active && !inFile.Contains(l.LearnerId)).OrderBy(l => l.LearnerId, StringComparer.Ordinal)
            .Select(l => new Planned(new StaffChange(null, l.LearnerId, l.DisplayName, StaffChangeAction.Deactivate, l.DepartmentId, null), null)));
        return plan;
    }

    private async Task<StaffImportReport> Apply(int rows, List<Planned> plan)
    {
        var done = new ConcurrentBag<StaffChange>();
        var failures = new ConcurrentBag<StaffImportError>();
        // New learners are listed in a few transactions; each one's grain takes its record when it first runs (the directory
        // lists every learner with an account, so a "new" one has neither account nor profile).
        var provisioned = plan.Where(p => p.Change.Action == StaffChangeAction.Create && p.Record is not null).ToList();
        var now = DateTimeOffset.UtcNow;
        await directory.Provision([.. provisioned.Select(p => Provisioned(p, now))]);
        foreach (var item in provisioned) done.Add(item.Change);

        var rest = plan.Except(provisioned).ToList();
        await Parallel.ForEachAsync(rest, new ParallelOptions { MaxDegreeOfParallelism = directory.WriteParallelism }, async (item, _) =>
        {
            var planned = item.Change;
            StaffChange? change = planned;
            try
            {
                var learner = grains.Learner(change.LearnerId);
                if (item.Record is null) await learner.Deactivate();
                else
                {
                    var outcome = await learner.Sync(item.Record);
                    // What the grain found may differ from the directory's view (e.g. a run that stopped half-way): its word counts.
                    change = outcome switch
                    {
                        StaffSyncOutcome.Created => planned with { Action = StaffChangeAction.Create },
                        StaffSyncOutcome.Moved => planned with { Action = StaffChangeAction.Move },
                        StaffSyncOutcome.Changed => planned with { Action = StaffChangeAction.Change },
                        StaffSyncOutcome.Reactivated => planned with { Action = StaffChangeAction.Reactivate },
                        _ => null,
                    };
                }
                if (change is not null) done.Add(change);
            }
            catch (DomainException refusal)
            {
                failures.Add(new StaffImportError(planned.Line ?? 0, refusal.Code, refusal.Message, null, StaffImportError.Echo(planned.LearnerId)));
            }
            catch (Exception problem)
            {
                logger.LogWarning(problem, "Staff import could not apply the change to learner {Learner}", planned.LearnerId);
                failures.Add(new StaffImportError(planned.Line ?? 0, ErrorCodes.Unavailable, "Could not be applied now; run the import again.",
                    null, StaffImportError.Echo(planned.LearnerId)));
            }
        });

        var changes = done.OrderBy(c => c.Line ?? int.MaxValue).ThenBy(c => c.LearnerId, StringComparer.Ordinal).ToList();
        // Deactivated learners leave the boards and reactivated ones return: the boards are projected again, once per import.
        if (changes.Any(c => c.Action is StaffChangeAction.Deactivate or StaffChangeAction.Reactivate)) await boards.Rebuild();
        // Deactivated, moved or changed people sign in again, so their tokens carry what HR says now (department, roles).
        await sessions.EndAll([.. changes.Where(c => c.Action is StaffChangeAction.Deactivate or StaffChangeAction.Move or StaffChangeAction.Change)
            .Select(c => c.LearnerId)]);
        return Report(false, rows, changes, [.. failures.OrderBy(f => f.Line)]);
    }

    private static ProvisionedLearner Provisioned(Planned planned, DateTimeOffset at)
    {
        var record = StaffRules.Checked(planned.Record!);
        return new ProvisionedLearner(planned.Change.LearnerId, record,
            StaffRules.Hash(planned.Change.LearnerId, record.DisplayName, record.Roles, record.Email, record.Phone), at);
    }

    private static StaffImportReport Report(bool dryRun, int rows, IReadOnlyList<StaffChange> changes, IReadOnlyList<StaffImportError> failures)
    {
        int Count(StaffChangeAction action) => changes.Count(c => c.Action == action);
        var fromFile = changes.Count(c => c.Action != StaffChangeAction.Deactivate);
        return new StaffImportReport(dryRun, rows, Count(StaffChangeAction.Create), Count(StaffChangeAction.Change), Count(StaffChangeAction.Move),
            Count(StaffChangeAction.Reactivate), Count(StaffChangeAction.Deactivate), rows - fromFile - failures.Count(f => f.Line > 0),
            changes.Take(MaxChangesShown).ToList(), changes.Count > MaxChangesShown, failures);
    }
}
