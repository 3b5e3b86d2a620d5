using Gamified.Content;
using Gamified.Plugins.Packages;
using Gamified.Common;
using Microsoft.Net.Http.Headers;

namespace Gamified.Server.Hosting;

/// <summary>The <c>Content</c> configuration section.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>
    /// The folder of package folders loaded at start and watched for changes. When not set: the <c>content</c>
    /// folder of the source checkout the server runs in (found by walking up to Gamified.sln), else ./content.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How often to pick up versions published on other nodes.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    public string ResolveDirectory()
    {
        if (!string.IsNullOrWhiteSpace(Directory)) return Path.GetFullPath(Directory);
        for (var folder = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Gamified.sln")))
                return Path.Combine(folder.FullName, "content");
        return Path.GetFullPath("content");
    }
}

internal static class ContentHosting
{
    public static void AddGamifiedContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ContentOptions>(builder.Configuration, ContentOptions.Section, o =>
            o.RefreshInterval < TimeSpan.FromSeconds(1) ? "RefreshInterval is at least one second." : null);
        builder.Services.AddHostedService<ContentDirectoryLoader>();
    }

    /// <summary>
    /// Serves a package's images (and only images: question files hold answer keys) for lessons to show.
    /// Public, like any image on a page; sandboxed so an SVG cannot run script.
    /// </summary>
    public static void MapPackageFiles(this WebApplication app) =>
        app.MapGet("/packages/{packageId}/{version}/files/{**path}", (string packageId, string version, string path, PackageCatalog catalog, HttpContext http) =>
        {
            var type = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".png" => "image/png",
                ".jpg" or ".jpeg" => "image/jpeg",
                ".gif" => "image/gif",
                ".webp" => "image/webp",
                ".svg" => "image/svg+xml",
                _ => null,
            };
            var bytes = type is null ? null : catalog.Get(packageId, version)?.Package.Files.Read(path);
            if (bytes is null) return Results.NotFound();
            http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            http.Response.Headers[HeaderNames.CacheControl] = "public, max-age=86400, immutable";
            return Results.Bytes(bytes, type);
        });
}

/// <summary>
/// Loads the catalogue from the database, imports the content directory, then keeps both current: a changed
/// or added package folder is imported while the server runs, and versions published on other nodes are
/// picked up every <see cref="ContentOptions.RefreshInterval"/>.
/// </summary>
internal sealed class ContentDirectoryLoader(PackageCatalog catalog, ContentOptions options, ILogger<ContentDirectoryLoader> logger)
    : BackgroundService
{
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The catalogue is complete before the server takes requests.
        await catalog.Refresh();
        var directory = options.ResolveDirectory();
        if (System.IO.Directory.Exists(directory))
            foreach (var folder in System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
                await Import(folder);
        else
            logger.LogInformation("No content directory at {Directory}", directory);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var directory = options.ResolveDirectory();
        using var watcher = System.IO.Directory.Exists(directory) ? Watch(directory) : null;
        using var refresh = new PeriodicTimer(options.RefreshInterval);
        var tick = refresh.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _signal.WaitAsync(stoppingToken);
            var first = await Task.WhenAny(tick, changed);
            if (stoppingToken.IsCancellationRequested) break;
            try
            {
                if (first == tick)
                {
                    await catalog.Refresh();
                    tick = refresh.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                else
                {
                    // Editors write several files at once: wait for the burst to settle.
                    await Task.Delay(TimeSpan.FromMilliseconds(300), stoppingToken);
                    string[] folders;
                    lock (_dirty)
                    {
                        folders = [.. _dirty];
                        _dirty.Clear();
                    }
                    foreach (var folder in folders) await Import(folder);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception problem)
            {
                logger.LogError(problem, "Content refresh failed; will try again");
            }
        }
    }

    private FileSystemWatcher Watch(string directory)
    {
        var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, EnableRaisingEvents = false };
        void Changed(string path)
        {
            var relative = Path.GetRelativePath(directory, path);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "." or ".." || relative.StartsWith("..", StringComparison.Ordinal)) return;
            lock (_dirty) _dirty.Add(Path.Combine(directory, top));
            _signal.Release();
        }
        watcher.Changed += (_, e) => Changed(e.FullPath);
        watcher.Created += (_, e) => Changed(e.FullPath);
        watcher.Renamed += (_, e) => Changed(e.FullPath);
        watcher.Deleted += (_, e) => Changed(e.FullPath);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private async Task Import(string folder)
    {
        if (!File.Exists(Path.Combine(folder, "manifest.json"))) return;
        var result = await catalog.ImportDirectory(folder);
        if (result.Errors.Count > 0)
            logger.LogError("Package folder {Folder} was not loaded; the previous version keeps serving:\n{Errors}", folder,
                string.Join("\n", result.Errors));
        else
            logger.LogInformation("Package {Package} {Version} loaded from {Folder}", result.Entry!.Package.Id, result.Entry.Package.Version, folder);
    }
}
