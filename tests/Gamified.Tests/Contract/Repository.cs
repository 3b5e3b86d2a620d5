namespace Gamified.Tests.Contract;

/// <summary>The checked-out repository the tests were built from (committed contracts live there, not in the build output).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gamified.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Gamified.sln not found above the test binaries.");
    }
}
