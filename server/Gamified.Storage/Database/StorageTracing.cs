namespace Gamified.Storage.Database;

/// <summary>The storage layer's span source: group commits (<see cref="GroupCommits{T}"/>); Npgsql makes the command spans.</summary>
public static class StorageTracing
{
    public const string SourceName = "Gamified.Storage";
}
