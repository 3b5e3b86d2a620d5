using System.IO.Compression;
using Gamified.Plugins.Validation;

namespace Gamified.Plugins.Packages;

/// <summary>Limits on what a package may hold; uploads are hostile until these say otherwise.</summary>
public sealed record PackageLimits
{
    public long MaxArchiveBytes { get; init; } = 10 * 1024 * 1024;
    public long MaxTotalBytes { get; init; } = 40 * 1024 * 1024;
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;
    public int MaxEntries { get; init; } = 500;

    /// <summary>Largest uncompressed/compressed size ratio of one entry: a zip bomb exceeds it by far.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    public static PackageLimits Default { get; } = new();

    public static readonly IReadOnlySet<string> AllowedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".json", ".sbn", ".md", ".txt", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg",
    };

    /// <summary>
    /// A cmi5 course is a small web site: its AUs need pages, scripts, styles, fonts and media as well. They are served
    /// from the content origin under their own CSP, never from the pages' origin, so scripts here reach no Gamified token.
    /// </summary>
    public static readonly IReadOnlySet<string> Cmi5Extensions = new HashSet<string>(AllowedExtensions.Concat(
    [
        ".xml", ".html", ".htm", ".js", ".mjs", ".css", ".woff", ".woff2", ".ttf", ".otf", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".vtt", ".ico",
    ]), StringComparer.OrdinalIgnoreCase);

    /// <summary>The file types a package may hold: a package with <c>cmi5.xml</c> at its root is a cmi5 course.</summary>
    public static IReadOnlySet<string> ExtensionsFor(IEnumerable<string> relativePaths) =>
        relativePaths.Contains(Cmi5.Cmi5Course.FileName, StringComparer.Ordinal) ? Cmi5Extensions : AllowedExtensions;
}

/// <summary>
/// The files of a package, in memory, keyed by a normalised relative path ("lessons/intro.sbn"). Built only
/// through <see cref="FromZip"/> or <see cref="FromDirectory"/>, which refuse unsafe paths, disallowed file
/// types and anything over the limits, so nothing else needs to look at the file system.
/// </summary>
public sealed class PackageFiles
{
    private readonly Dictionary<string, byte[]> _files;

    private PackageFiles(Dictionary<string, byte[]> files) => _files = files;

    public IEnumerable<string> Paths => _files.Keys.Order(StringComparer.Ordinal);

    public int Count => _files.Count;

    /// <summary>These files with one more (or one replaced): for what the server itself writes into a package.</summary>
    public PackageFiles With(string path, byte[] bytes) =>
        new(new Dictionary<string, byte[]>(_files, StringComparer.Ordinal) { [Normalise(path) ?? throw new ArgumentException("Not a package path.", nameof(path))] = bytes });

    public bool Contains(string path) => Normalise(path) is { } normal && _files.ContainsKey(normal);

    public byte[]? Read(string path) => Normalise(path) is { } normal && _files.TryGetValue(normal, out var bytes) ? bytes : null;

    public string? ReadText(string path) => Read(path) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public static (PackageFiles? Files, List<PackageError> Errors) FromZip(byte[] archive, PackageLimits? limits = null)
    {
        limits ??= PackageLimits.Default;
        var errors = new List<PackageError>();
        if (archive.Length > limits.MaxArchiveBytes)
        {
            errors.Add(new(PackageErrorCodes.PackageTooLarge, "", null, null, $"The archive is {archive.Length} bytes; at most {limits.MaxArchiveBytes} are accepted."));
            return (null, errors);
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(archive, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            errors.Add(new(PackageErrorCodes.NotAZip, "", null, null, "The upload is not a zip archive."));
            return (null, errors);
        }

        using (zip)
        {
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.Count > limits.MaxEntries)
            {
                errors.Add(new(PackageErrorCodes.TooManyEntries, "", null, null, $"The archive has {entries.Count} files; at most {limits.MaxEntries} are accepted."));
                return (null, errors);
            }

            // Archives made by "zip the folder" put everything under one top folder: look inside it.
            var prefix = CommonTopFolder(entries.Select(e => e.FullName.Replace('\\', '/')).ToList());
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var extensions = PackageLimits.ExtensionsFor(entries.Select(e => e.FullName.Replace('\\', '/')[(prefix?.Length ?? 0)..]));
            long total = 0;
            foreach (var entry in entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                var relative = prefix is null ? name : name[prefix.Length..];
                if (!CheckEntry(relative, entry.Length, entry.CompressedLength, limits, extensions, errors) || Normalise(relative) is not { } path) continue;
                total += entry.Length;
                if (total > limits.MaxTotalBytes)
                {
                    errors.Add(new(PackageErrorCodes.PackageTooLarge, "", null, null, $"The files add up to more than {limits.MaxTotalBytes} bytes."));
                    return (null, errors);
                }
                if (!TryReadBounded(entry, limits.MaxFileBytes, out var bytes))
                {
                    // The header lied about the size: treat as a bomb.
                    errors.Add(new(PackageErrorCodes.FileTooLarge, relative, null, null, $"The file is larger than {limits.MaxFileBytes} bytes."));
                    continue;
                }
                if (!files.TryAdd(path, bytes))
                    errors.Add(new(PackageErrorCodes.DuplicateId, relative, null, null, "The archive holds this path twice."));
            }
            return errors.Count > 0 ? (null, errors) : (new PackageFiles(files), errors);
        }
    }

    public static (PackageFiles? Files, List<PackageError> Errors) FromDirectory(string directory, PackageLimits? limits = null)
    {
        limits ??= PackageLimits.Default;
        var errors = new List<PackageError>();
        var root = Path.GetFullPath(directory);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var all = System.IO.Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .ToList();
        if (all.Count > limits.MaxEntries)
        {
            errors.Add(new(PackageErrorCodes.TooManyEntries, "", null, null, $"The folder has {all.Count} files; at most {limits.MaxEntries} are accepted."));
            return (null, errors);
        }
        var extensions = PackageLimits.ExtensionsFor(all.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
        long total = 0;
        foreach (var file in all)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var length = new FileInfo(file).Length;
            if (!CheckEntry(relative, length, length, limits, extensions, errors) || Normalise(relative) is not { } path) continue;
            total += length;
            if (total > limits.MaxTotalBytes)
            {
                errors.Add(new(PackageErrorCodes.PackageTooLarge, "", null, null, $"The files add up to more than {limits.MaxTotalBytes} bytes."));
                return (null, errors);
            }
            files[path] = File.ReadAllBytes(file);
        }
        return errors.Count > 0 ? (null, errors) : (new PackageFiles(files), errors);
    }

    /// <summary>Writes the files as a zip, in a stable order.</summary>
    public byte[] ToZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var path in Paths)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(_files[path]);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A relative path inside the package in canonical form, or null when it could point outside it
    /// (absolute, drive-rooted, "..", empty segments, control characters).
    /// </summary>
    public static string? Normalise(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Length > 200) return null;
        var unified = path.Replace('\\', '/');
        if (unified.StartsWith('/') || unified.Contains(':') || unified.Any(char.IsControl)) return null;
        var segments = unified.Split('/');
        if (segments.Any(s => s is "" or "." or ".." || s.Trim() != s)) return null;
        return string.Join('/', segments);
    }

    private static bool CheckEntry(string relative, long length, long compressed, PackageLimits limits, IReadOnlySet<string> extensions,
        List<PackageError> errors)
    {
        if (Normalise(relative) is null)
        {
            errors.Add(new(PackageErrorCodes.UnsafePath, relative, null, null, "The path leaves the package or is not a plain relative path."));
            return false;
        }
        if (!extensions.Contains(Path.GetExtension(relative)))
        {
            errors.Add(new(PackageErrorCodes.FileTypeNotAllowed, relative, null, null,
                $"Only these file types may be in a package: {string.Join(" ", extensions.Order())}."));
            return false;
        }
        if (length > limits.MaxFileBytes)
        {
            errors.Add(new(PackageErrorCodes.FileTooLarge, relative, null, null, $"The file is {length} bytes; at most {limits.MaxFileBytes} are accepted."));
            return false;
        }
        if (length > 1024 && compressed > 0 && (double)length / compressed > limits.MaxCompressionRatio)
        {
            errors.Add(new(PackageErrorCodes.CompressionRatio, relative, null, null,
                $"The file expands {length / compressed}-fold; at most {limits.MaxCompressionRatio}-fold is accepted."));
            return false;
        }
        return true;
    }

    private static bool TryReadBounded(ZipArchiveEntry entry, long max, out byte[] bytes)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                bytes = [];
                return false;
            }
        }
        bytes = buffer.ToArray();
        return true;
    }

    private static string? CommonTopFolder(List<string> names)
    {
        if (names.Count == 0 || names.Any(n => !n.Contains('/'))) return null;
        var first = names[0][..(names[0].IndexOf('/') + 1)];
        return names.All(n => n.StartsWith(first, StringComparison.Ordinal)) ? first : null;
    }
}
