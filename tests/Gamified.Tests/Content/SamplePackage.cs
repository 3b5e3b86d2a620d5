using System.IO.Compression;
using System.Text;
using Gamified.Plugins.Packages;

namespace Gamified.Tests.Content;

/// <summary>The sample package of Content/Packages/sample, as files or a zip, optionally changed for a test.</summary>
public static class SamplePackage
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Content", "Packages", "sample");

    /// <summary>The sample's files, with some replaced (a null value removes the file).</summary>
    public static Dictionary<string, byte[]> Files(IReadOnlyDictionary<string, string?>? changes = null)
    {
        var files = System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'), File.ReadAllBytes);
        foreach (var (path, content) in changes ?? new Dictionary<string, string?>())
        {
            if (content is null) files.Remove(path);
            else files[path] = Encoding.UTF8.GetBytes(content);
        }
        return files;
    }

    public static string Text(string path) => File.ReadAllText(Path.Combine(Directory, path));

    /// <summary>The manifest with one string replaced: the simplest way to make a variant.</summary>
    public static string Manifest(string find, string replace)
    {
        var text = Text("manifest.json");
        Assert.Contains(find, text);
        return text.Replace(find, replace);
    }

    public static byte[] Zip(IReadOnlyDictionary<string, string?>? changes = null) => Zip(Files(changes));

    public static byte[] Zip(Dictionary<string, byte[]> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, bytes) in files)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(bytes);
            }
        return buffer.ToArray();
    }

    public static PackageFiles Load(IReadOnlyDictionary<string, string?>? changes = null)
    {
        var (files, errors) = PackageFiles.FromZip(Zip(changes));
        Assert.Empty(errors);
        return files!;
    }
}
