namespace Gamified.Api.Security;

/// <summary>Key files: created readable and writable by the server's user only, and whole or not at all.</summary>
public static class OwnerOnlyFile
{
    /// <summary>
    /// Creates <paramref name="file"/> with <paramref name="content"/> unless it exists. The content goes to a new temporary
    /// file of a name no one can predict, created with mode 0600 (never an existing file, whose mode would stay), then is
    /// moved into place; when another process won the race, its file stays and ours is removed.
    /// </summary>
    public static void CreateOnce(string file, string content)
    {
        if (File.Exists(file)) return;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + "." + Guid.NewGuid().ToString("n") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
            }
            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process created it meanwhile: the first key written wins.
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
