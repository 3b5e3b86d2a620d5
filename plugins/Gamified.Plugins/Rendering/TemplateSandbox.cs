using Gamified.Plugins.Packages;
using Gamified.Plugins.Validation;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Gamified.Plugins.Rendering;

/// <summary>Limits on one render of an author's template.</summary>
public sealed record SandboxLimits
{
    public int LoopLimit { get; init; } = 10_000;
    public int RecursiveLimit { get; init; } = 32;
    public int OutputLimit { get; init; } = 512 * 1024;
    public int StringLimit { get; init; } = 64 * 1024;
    public int ObjectRecursionLimit { get; init; } = 16;
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    public static SandboxLimits Default { get; } = new();
}

/// <summary>A render that the sandbox stopped: too long, too much output, a missing variable, a refused include.</summary>
public sealed class TemplateRenderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Parses and renders author templates so that nothing an author writes can reach the server: the template
/// sees only the <see cref="ScriptObject"/> model it is handed (no .NET objects, no member access on host
/// types), includes resolve only to files of the same package, and every TemplateContext limit is set.
/// </summary>
public static class TemplateSandbox
{
    /// <summary>Parses a template; errors carry the file, line and column.</summary>
    public static (Template? Template, List<PackageError> Errors) Parse(string path, string text)
    {
        var template = Template.Parse(text, path);
        if (!template.HasErrors) return (template, []);
        var errors = template.Messages
            .Where(m => m.Type == ParserMessageType.Error)
            .Select(m => new PackageError(PackageErrorCodes.TemplateSyntax, path, m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message))
            .ToList();
        return (null, errors);
    }

    /// <summary>The literal paths a template includes (<c>include "partials/x.sbn"</c>), with where each appears.</summary>
    public static IReadOnlyList<(string Path, int Line, int Column)> IncludesOf(Template template)
    {
        var finder = new IncludeFinder();
        template.Page?.Accept(finder);
        return finder.Found;
    }

    public static string Render(Template template, PackageFiles files, ScriptObject model, SandboxLimits? limits = null)
    {
        limits ??= SandboxLimits.Default;
        using var timeout = new CancellationTokenSource(limits.TimeLimit);
        var context = new TemplateContext
        {
            TemplateLoader = new PackageTemplateLoader(files),
            LoopLimit = limits.LoopLimit,
            LoopLimitQueryable = limits.LoopLimit,
            RecursiveLimit = limits.RecursiveLimit,
            OutputLimit = limits.OutputLimit,
            LimitToString = limits.StringLimit,
            ObjectRecursionLimit = limits.ObjectRecursionLimit,
            RegexTimeOut = limits.RegexTimeout,
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            EnableRelaxedIndexerAccess = false,
            // No member of any .NET object is visible: the model is plain ScriptObjects.
            MemberFilter = _ => false,
            CancellationToken = timeout.Token,
        };
        var globals = new ScriptObject();
        globals.Import(model);
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException error)
        {
            throw new TemplateRenderException($"{error.Span.FileName}:{error.Span.Start.Line + 1}:{error.Span.Start.Column + 1}: {error.OriginalMessage}", error);
        }
        catch (OperationCanceledException error)
        {
            throw new TemplateRenderException($"The template ran longer than {limits.TimeLimit.TotalSeconds:0.#} s.", error);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or FormatException or InvalidCastException
                                          or OverflowException or System.Text.RegularExpressions.RegexMatchTimeoutException or IndexOutOfRangeException)
        {
            throw new TemplateRenderException("The template failed: " + error.Message, error);
        }
    }

    private sealed class IncludeFinder : ScriptVisitor
    {
        public List<(string, int, int)> Found { get; } = [];

        public override void Visit(ScriptFunctionCall node)
        {
            if (node.Target is ScriptVariable { Name: "include" } && node.Arguments.Count > 0 && node.Arguments[0] is ScriptLiteral { Value: string path })
                Found.Add((path, node.Span.Start.Line + 1, node.Span.Start.Column + 1));
            base.Visit(node);
        }
    }
}

/// <summary>Resolves <c>include</c> to files of one package, and nothing else.</summary>
public sealed class PackageTemplateLoader(PackageFiles files) : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        var path = PackageFiles.Normalise(templateName);
        if (path is null || !path.EndsWith(".sbn", StringComparison.OrdinalIgnoreCase) || !files.Contains(path))
            throw new ScriptRuntimeException(callerSpan, $"include '{templateName}' is not a template of this package.");
        return path;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        files.ReadText(templatePath) ?? throw new ScriptRuntimeException(callerSpan, $"include '{templatePath}' is not in this package.");

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}
