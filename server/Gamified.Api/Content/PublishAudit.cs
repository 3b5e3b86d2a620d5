using Gamified.Plugins.Validation;
using Gamified.Api.Common;
using System.Security.Cryptography;
using System.Text;
using Gamified.Content;
using GraphQL;

namespace Gamified.Api.Content;

/// <summary>
/// What the audit log keeps of a publishPackage call: the package id and version it published (none when refused),
/// the SHA-256 of the uploaded archive (to match against a file later) and its size, and the refusal codes; never the
/// archive itself, which may be megabytes.
/// </summary>
public static class PublishAudit
{
    public static object Summarise(IResolveFieldContext context, object? result)
    {
        var text = context.GetArgument<PublishPackageInput>("input")?.ArchiveBase64 ?? "";
        byte[] archive;
        try
        {
            archive = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            archive = Encoding.UTF8.GetBytes(text);   // not base64: the digest is of the text as sent
        }
        // The resolver answers a payload: the published entry, or the archive's problems as userErrors.
        var payload = result as MutationPayload;
        var published = payload?.Result as CatalogEntry;
        return new
        {
            packageId = published?.Package.Id,
            version = published?.Package.Version.ToString(),
            digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive)),
            archiveBytes = archive.Length,
            refusals = payload?.UserErrors.OfType<PackageError>().Select(e => e.Code).Distinct().ToArray() ?? [],
        };
    }
}
