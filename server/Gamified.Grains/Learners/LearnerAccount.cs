using Gamified.Common;
using Gamified.Ledger;

namespace Gamified.Learners;

/// <summary>
/// A learner's ledger account as their activation holds it: the head (XP, entry count, last hash, badges) in memory,
/// moved forward only after the store has written. The store's optimistic check on the entry count is what keeps two
/// activations (around a cluster split) from both extending the same head.
/// </summary>
internal sealed class LearnerAccount(string learnerId, ILedgerStore ledger)
{
    public AccountSnapshot? Head { get; private set; }

    /// <summary>Loads the account; a profile written without its account (a crash between the two) gets it now.</summary>
    public async Task Load(string departmentId, DateTimeOffset registeredAt)
    {
        Head = await ledger.LoadAccount(learnerId);
        if (Head is null) await Open(departmentId, registeredAt);
    }

    /// <summary>Opens the account (or moves it to another department); harmless to repeat, never touches XP.</summary>
    public async Task Open(string departmentId, DateTimeOffset at)
    {
        await ledger.OpenAccount(learnerId, departmentId, at);
        Head = await ledger.LoadAccount(learnerId);
    }

    /// <summary>
    /// Appends entries (and the statement they came from) after <paramref name="head"/>, durably, then moves the head.
    /// When another activation wrote first, <paramref name="stale"/> runs (the grain lets go of its view) and the caller
    /// is asked to retry.
    /// </summary>
    public async Task Append(AccountSnapshot head, IReadOnlyList<LedgerEntry> entries, ActivityRecord? activity, DateTimeOffset now, Action stale)
    {
        var after = head.After(entries);
        try
        {
            await ledger.Append(new LedgerAppend(learnerId, head.EntryCount, after.Xp, entries, activity, now));
        }
        catch (LedgerConcurrencyException)
        {
            stale();
            throw new DomainException(ErrorCodes.Conflict, "The learner's ledger changed concurrently; retry the request.");
        }
        Head = after;
    }
}
