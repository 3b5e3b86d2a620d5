using System.Globalization;
using System.Text.Json.Nodes;
using Gamified.Ledger.Log;

namespace Gamified.Api.Ledger.Witness;

/// <summary>
/// Signed heads kept as files, one per size (<c>00000000000000000042.json</c>): each written to a temporary file, flushed,
/// then linked into place only when no file of that size is there (an atomic rename that never replaces), and made
/// read-only. A head of a size already kept with another root is a fork; the kept file stays as it was.
/// </summary>
public sealed class CheckpointDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Keeps the head; returns the head kept before of its size when that one has another root (a fork), else null.</summary>
    public LedgerCheckpoint? Keep(LedgerCheckpoint checkpoint)
    {
        System.IO.Directory.CreateDirectory(Path);
        var file = FileOf(checkpoint.Size);
        if (!File.Exists(file))
        {
            var temporary = System.IO.Path.Combine(Path, $".{checkpoint.Size}.{Guid.NewGuid():n}.tmp");
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(CheckpointJson.Write(checkpoint).ToJsonString()));
                stream.Flush(flushToDisk: true);   // on disk before it has its name: a crash leaves a stray .tmp, never half a head
            }
            try
            {
                File.Move(temporary, file, overwrite: false);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                return null;
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(temporary);   // another writer kept this size first: compare with theirs
            }
        }
        var kept = Read(file);
        return kept.Root == checkpoint.Root ? null : kept;
    }

    /// <summary>The largest head kept, or null.</summary>
    public LedgerCheckpoint? Latest()
    {
        if (!System.IO.Directory.Exists(Path)) return null;
        var sizes = System.IO.Directory.EnumerateFiles(Path, "*.json")
            .Select(f => System.IO.Path.GetFileNameWithoutExtension(f))
            .Where(n => n.Length == 20 && n.All(char.IsAsciiDigit))
            .Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToList();
        return sizes.Count == 0 ? null : Read(FileOf(sizes.Max()));
    }

    public LedgerCheckpoint? Find(long size) => File.Exists(FileOf(size)) ? Read(FileOf(size)) : null;

    private string FileOf(long size) => System.IO.Path.Combine(Path, size.ToString("D20", CultureInfo.InvariantCulture) + ".json");

    private static LedgerCheckpoint Read(string file) => CheckpointJson.Read(JsonNode.Parse(File.ReadAllText(file)));
}
