using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Validation;

namespace Gamified.Plugins.Cmi5;

/// <summary>
/// Reads <c>cmi5.xml</c> (cmi5 spec section 13, the course structure) and reports every problem with its line and column.
/// The XML is hostile input: no DTDs, no external entities, and a cap on its size, so an entity bomb or a fetch of a
/// local file cannot happen while reading it.
/// </summary>
public static class Cmi5CourseReader
{
    private const long MaxCharacters = 2_000_000;

    public static Cmi5Course? Read(PackageFiles files, List<PackageError> errors)
    {
        var bytes = files.Read(Cmi5Course.FileName);
        if (bytes is null)
        {
            errors.Add(new PackageError(PackageErrorCodes.ManifestMissing, Cmi5Course.FileName, null, null, "The package has no cmi5.xml."));
            return null;
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException problem)
        {
            // The refusal of a DTD carries no position: point at the DOCTYPE itself.
            var (line, column) = problem.LineNumber > 0 ? (problem.LineNumber, problem.LinePosition) : Find(bytes, "<!DOCTYPE");
            errors.Add(new PackageError(PackageErrorCodes.XmlSyntax, Cmi5Course.FileName, Math.Max(line, 1), Math.Max(column, 1), problem.Message));
            return null;
        }

        var before = errors.Count;
        var root = document.Root!;
        if (root.Name.LocalName != "courseStructure")
        {
            Error(errors, PackageErrorCodes.InvalidValue, root, $"The root element is courseStructure, not {root.Name.LocalName}.");
            return null;
        }
        var course = Children(root, "course").FirstOrDefault();
        if (course is null)
        {
            Error(errors, PackageErrorCodes.MissingField, root, "courseStructure has no course element.");
            return null;
        }
        var courseId = Iri(course, "id", errors);
        var title = Texts(course, "title", errors, required: true);
        var description = Texts(course, "description", errors, required: false);

        var ids = new HashSet<string>(StringComparer.Ordinal) { courseId ?? "" };
        var objectives = ReadObjectives(root, ids, errors);
        foreach (var block in root.Descendants().Where(e => e.Name.LocalName == "block"))
        {
            if (Iri(block, "id", errors) is { } blockId && !ids.Add(blockId))
                Error(errors, PackageErrorCodes.DuplicateId, block, $"Another course, block, objective or AU already has the id '{blockId}'.");
            Texts(block, "title", errors, required: true);
        }
        CheckObjectiveReferences(root, objectives, errors);

        var units = new List<AssignableUnit>();
        foreach (var element in root.Descendants().Where(e => e.Name.LocalName == "au"))
            if (ReadUnit(element, files, ids, errors) is { } unit) units.Add(unit);
        if (!root.Descendants().Any(e => e.Name.LocalName == "au"))
            Error(errors, PackageErrorCodes.MissingField, root, "The course has no assignable unit (au).");

        return errors.Count > before || courseId is null ? null : new Cmi5Course(courseId, title, description, units);
    }

    private static AssignableUnit? ReadUnit(XElement au, PackageFiles files, HashSet<string> ids, List<PackageError> errors)
    {
        var before = errors.Count;
        var id = Iri(au, "id", errors);
        if (id is not null && !ids.Add(id)) Error(errors, PackageErrorCodes.DuplicateId, au, $"Another course, block, objective or AU already has the id '{id}'.");
        var title = Texts(au, "title", errors, required: true);
        var description = Texts(au, "description", errors, required: false);

        var moveOn = (string?)au.Attribute("moveOn") ?? Cmi5MoveOn.NotApplicable;
        if (!Cmi5MoveOn.All.Contains(moveOn))
            Error(errors, PackageErrorCodes.InvalidValue, au.Attribute("moveOn")!, $"moveOn is one of: {string.Join(", ", Cmi5MoveOn.All)}.");
        var launchMethod = (string?)au.Attribute("launchMethod") ?? Cmi5LaunchMethod.AnyWindow;
        if (!Cmi5LaunchMethod.All.Contains(launchMethod))
            Error(errors, PackageErrorCodes.InvalidValue, au.Attribute("launchMethod")!, $"launchMethod is one of: {string.Join(", ", Cmi5LaunchMethod.All)}.");

        decimal? mastery = null;
        if (au.Attribute("masteryScore") is { } masteryAttribute)
        {
            if (decimal.TryParse(masteryAttribute.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 1)
                mastery = score;
            else
                Error(errors, PackageErrorCodes.InvalidValue, masteryAttribute, $"masteryScore is a decimal from 0 to 1; it is '{masteryAttribute.Value}'.");
        }

        var activityType = (string?)au.Attribute("activityType");
        if (activityType is not null && !Uri.TryCreate(activityType, UriKind.Absolute, out _))
            Error(errors, PackageErrorCodes.InvalidValue, au.Attribute("activityType")!, "activityType is an IRI.");

        var url = Children(au, "url").FirstOrDefault();
        var address = url?.Value.Trim();
        if (url is null || string.IsNullOrEmpty(address))
            Error(errors, PackageErrorCodes.MissingField, url ?? au, "The AU has no url.");
        else if (Uri.TryCreate(address, UriKind.Absolute, out _) || PackageFiles.Normalise(Uri.UnescapeDataString(address.Split('?', '#')[0])) is null)
            Error(errors, PackageErrorCodes.UnsafePath, url,
                $"The url '{address}' leaves the package: an AU's url is a relative path to a file in the package.");
        else if (!files.Contains(Uri.UnescapeDataString(address.Split('?', '#')[0])))
            Error(errors, PackageErrorCodes.MissingFile, url, $"The url '{address}' names a file that is not in the package.");

        var parameters = Children(au, "launchParameters").FirstOrDefault()?.Value;
        return errors.Count > before ? null
            : new AssignableUnit(id!, title, description, Uri.UnescapeDataString(address!), launchMethod, moveOn, mastery, activityType,
                string.IsNullOrWhiteSpace(parameters) ? null : parameters);
    }

    /// <summary>
    /// The course's objectives (cmi5 13.1.2: <c>courseStructure/objectives/objective</c>, each an IRI id and a title). Blocks and
    /// AUs refer to them by <c>idref</c>; we keep none of them, but a structure that names an objective it does not define
    /// is refused, as a tool that wrote it lost part of the course.
    /// </summary>
    private static HashSet<string> ReadObjectives(XElement root, HashSet<string> ids, List<PackageError> errors)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var objective in Children(root, "objectives").SelectMany(o => Children(o, "objective")))
        {
            if (Iri(objective, "id", errors) is { } id)
            {
                if (!ids.Add(id)) Error(errors, PackageErrorCodes.DuplicateId, objective, $"Another course, block, objective or AU already has the id '{id}'.");
                defined.Add(id);
            }
            Texts(objective, "title", errors, required: true);
        }
        return defined;
    }

    private static void CheckObjectiveReferences(XElement root, HashSet<string> defined, List<PackageError> errors)
    {
        var references = root.Descendants().Where(e => e.Name.LocalName is "block" or "au")
            .SelectMany(e => Children(e, "objectives")).SelectMany(o => Children(o, "objective"));
        foreach (var reference in references)
        {
            var idref = (string?)reference.Attribute("idref");
            if (string.IsNullOrWhiteSpace(idref))
                Error(errors, PackageErrorCodes.MissingField, reference, "An objective of a block or AU names a course objective by idref.");
            else if (!defined.Contains(idref))
                Error(errors, PackageErrorCodes.InvalidValue, reference.Attribute("idref")!, $"No objective of the course has the id '{idref}'.");
        }
    }

    /// <summary>The texts of a title or description: a langstring per language; Chinese (any zh) or else the first is the main one.</summary>
    private static Localized Texts(XElement parent, string name, List<PackageError> errors, bool required)
    {
        var element = Children(parent, name).FirstOrDefault();
        var strings = element is null ? [] : Children(element, "langstring").ToList();
        if (strings.Count == 0 || strings.All(s => string.IsNullOrWhiteSpace(s.Value)))
        {
            if (required) Error(errors, PackageErrorCodes.MissingField, element ?? parent, $"{parent.Name.LocalName} needs a {name} with at least one langstring.");
            return new Localized { ZhCN = "", En = "" };
        }
        string? Lang(XElement s) => (string?)s.Attribute("lang");
        var chinese = strings.FirstOrDefault(s => Lang(s)?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true) ?? strings[0];
        var english = strings.FirstOrDefault(s => Lang(s)?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true);
        return new Localized { ZhCN = chinese.Value.Trim(), En = english?.Value.Trim() };
    }

    private static string? Iri(XElement element, string attribute, List<PackageError> errors)
    {
        var value = (string?)element.Attribute(attribute);
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(errors, PackageErrorCodes.MissingField, element, $"{element.Name.LocalName} needs an {attribute}.");
            return null;
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out _) && value.Length <= 500) return value;
        Error(errors, PackageErrorCodes.InvalidValue, element.Attribute(attribute)!, $"The {attribute} '{value}' is not an IRI.");
        return null;
    }

    private static (int Line, int Column) Find(byte[] bytes, string text)
    {
        var content = System.Text.Encoding.UTF8.GetString(bytes);
        var at = content.IndexOf(text, StringComparison.Ordinal);
        if (at < 0) return (1, 1);
        var lineStart = content.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
        return (content.Take(at).Count(c => c == '\n') + 1, at - lineStart + 1);
    }

    private static IEnumerable<XElement> Children(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    private static void Error(List<PackageError> errors, string code, XObject at, string message)
    {
        var info = (IXmlLineInfo)at;
        errors.Add(info.HasLineInfo()
            ? new PackageError(code, Cmi5Course.FileName, info.LineNumber, info.LinePosition, message)
            : new PackageError(code, Cmi5Course.FileName, null, null, message));
    }
}
