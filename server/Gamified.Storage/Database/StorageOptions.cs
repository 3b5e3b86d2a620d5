namespace Gamified.Storage.Database;

public enum StorageProvider
{
    /// <summary>Embedded default: one SQLite file in the data directory, no set-up.</summary>
    Sqlite,
    /// <summary>Production: PostgreSQL for grain state, ledger, clustering and reminders.</summary>
    Postgres,
}

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Where the embedded database lives; relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Apply the SQL schema when the server starts. Defaults to on for SQLite (nothing else would) and off
    /// for PostgreSQL, where the <c>migrate</c> command applies it once, before the nodes start.
    /// </summary>
    public bool? ApplySchemaOnStart { get; set; }

    /// <summary>
    /// PostgreSQL: the role the nodes connect as, when it is not the one that runs <c>migrate</c> (the owner). <c>migrate</c>
    /// then grants it what the server needs, and on the ledger only INSERT and SELECT (docs/LEDGER.md, "Least privilege").
    /// </summary>
    public string? ServerRole { get; set; }

    public const int DefaultMaxConcurrentCommands = 16;

    /// <summary>
    /// Database commands one node runs at once (at least 2: the ledger's writer keeps one of them). Further work waits
    /// for a slot, and gives up when its request times out or its client leaves. Keep nodes × this below the
    /// database's connection limit, with room for Orleans' own queries.
    /// </summary>
    public int MaxConcurrentCommands { get; set; } = DefaultMaxConcurrentCommands;
}
