namespace Gamified.Plugins.Validation;

/// <summary>
/// One thing wrong with a package: a stable <see cref="Code"/>, the file (and line and column, 1-based,
/// when known) it is in, and a message for the author.
/// </summary>
public sealed record PackageError(string Code, string Path, int? Line, int? Column, string Message)
{
    public override string ToString() =>
        Line is { } line ? $"{Path}:{line}:{Column ?? 1}: {Code}: {Message}" : $"{Path}: {Code}: {Message}";
}

/// <summary>The codes of <see cref="PackageError"/>; published in docs/content-packages.md.</summary>
public static class PackageErrorCodes
{
    // The archive itself
    public const string NotAZip = "NOT_A_ZIP";
    public const string PackageTooLarge = "PACKAGE_TOO_LARGE";
    public const string TooManyEntries = "TOO_MANY_ENTRIES";
    public const string FileTooLarge = "FILE_TOO_LARGE";
    public const string CompressionRatio = "COMPRESSION_RATIO";
    public const string UnsafePath = "UNSAFE_PATH";
    public const string FileTypeNotAllowed = "FILE_TYPE_NOT_ALLOWED";

    // The manifest and question files
    public const string ManifestMissing = "MANIFEST_MISSING";
    public const string JsonSyntax = "JSON_SYNTAX";
    public const string XmlSyntax = "XML_SYNTAX";
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidValue = "INVALID_VALUE";
    public const string InvalidVersion = "INVALID_VERSION";
    public const string DuplicateId = "DUPLICATE_ID";
    public const string MissingFile = "MISSING_FILE";
    public const string MissingAnswerKey = "MISSING_ANSWER_KEY";
    public const string UnknownOption = "UNKNOWN_OPTION";
    public const string ServerTooOld = "SERVER_TOO_OLD";

    // Templates
    public const string TemplateSyntax = "TEMPLATE_SYNTAX";
    public const string MissingInclude = "MISSING_INCLUDE";

    // Publishing
    public const string NotOwner = "NOT_OWNER";
    public const string VersionExists = "VERSION_EXISTS";
}
