namespace Gamified.Common;

public static class StorageNames
{
    /// <summary>The grain storage every Gamified grain uses for its state.</summary>
    public const string Main = "gamified";

    /// <summary>The raw ADO.NET provider behind <see cref="Main"/> (wrapped on SQLite).</summary>
    public const string AdoNet = "gamified-adonet";
}
