using System.Text;
using Gamified.Tests.Content;

namespace Gamified.Tests.Cmi5;

/// <summary>The cmi5 course shipped in content/ (two AUs about 一网通办), as files or a zip, optionally changed for a test.</summary>
public static class Cmi5Sample
{
    public const string Folder = "gov.one-stop-service.cmi5";
    public const string ReadingAu = "https://gamified.example.gov.cn/courses/one-stop-service/au/reading";
    public const string QuizAu = "https://gamified.example.gov.cn/courses/one-stop-service/au/quiz";

    /// <summary>The second shipped course, whose AU runs on the @xapi/cmi5 library.</summary>
    public const string BenefitsFolder = "gov.proactive-benefits.cmi5";
    public const string BenefitsAu = "https://gamified.example.gov.cn/courses/proactive-benefits/au/case";

    public static string Directory => DirectoryOf(Folder);

    private static string DirectoryOf(string folder) => Path.Combine(RepositoryRoot(), "content", folder);

    public static string Text(string path, string folder = Folder) => File.ReadAllText(Path.Combine(DirectoryOf(folder), path));

    /// <summary>The course's files under another package id (so each test has its own), with some replaced (null removes one).</summary>
    public static byte[] Zip(string packageId, string version = "1.0.0", IReadOnlyDictionary<string, string?>? changes = null,
        string folder = Folder)
    {
        var directory = DirectoryOf(folder);
        var files = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllBytes);
        files["manifest.json"] = Encoding.UTF8.GetBytes(Text("manifest.json", folder)
            .Replace($"\"{folder}\"", $"\"{packageId}\"").Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\""));
        foreach (var (path, content) in changes ?? new Dictionary<string, string?>())
        {
            if (content is null) files.Remove(path);
            else files[path] = Encoding.UTF8.GetBytes(content);
        }
        return SamplePackage.Zip(files);
    }

    /// <summary>cmi5.xml with one string replaced; the string must be there, so a test cannot pass by changing nothing.</summary>
    public static string Structure(string find, string replace)
    {
        var text = Text("cmi5.xml");
        Assert.Contains(find, text);
        return text.Replace(find, replace);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gamified.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Gamified.sln not found above the test binaries.");
    }
}
