namespace Gamified.Leaderboards;

/// <summary>Rebuilds the boards from the ledger (an admin's repair, and the <c>rebuild-leaderboards</c> command).</summary>
public interface ILeaderboardRebuild
{
    /// <summary>
    /// Clears every board and projects the whole ledger again, reporting progress after each batch; returns how many
    /// ledger entries the boards now cover. A projector running at the same time may apply some batches itself: the
    /// cursor makes sure each is applied once, and the rebuild goes on until the boards are current.
    /// </summary>
    Task<long> Rebuild(Action<long>? progress = null, CancellationToken cancellationToken = default);
}
